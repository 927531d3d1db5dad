/**
 * Workflow 1, uploading a subject's DICOM study into a study-event upload slot: unpacking and
 * inspecting what the user sent (studies, series, RT references, damaged and foreign files) and
 * checking it against the subject before anything is de-identified or stored.
 */
package org.rpb.pacs.upload;
