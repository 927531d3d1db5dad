/** The lookup page: Study0 patients in the clinical PACS, their copies, and staging. */
package org.rpb.pacs.web.lookup;
