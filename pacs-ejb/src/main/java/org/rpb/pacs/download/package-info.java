/**
 * Downloads of de-identified studies and series from the research archive as ZIP files, streamed series by
 * series. Entry point: {@link org.rpb.pacs.download.StudyZipStreamer}.
 */
package org.rpb.pacs.download;
