/**
 * Copy into a research project (workflow 2): a patient enrolled in the active project, the Study0 copies
 * of the patient's studies with series selection, and the copy job.
 */
package org.rpb.pacs.web.copy;
