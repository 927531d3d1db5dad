/**
 * The viewer page: one series of a recorded study in the browser (Cornerstone3D, bundled from
 * {@code src/main/viewer}), loaded through the module's DICOMweb service. Entry point
 * {@link org.rpb.pacs.web.viewer.ViewerPage}.
 */
package org.rpb.pacs.web.viewer;
