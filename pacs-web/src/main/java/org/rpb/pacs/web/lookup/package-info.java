/**
 * The lookup pages: Study0 patients in the clinical PACS with their copies, a clinical study's detail
 * (series, RT reference tree, series choice), and staging into Study0.
 */
package org.rpb.pacs.web.lookup;
