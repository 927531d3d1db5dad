/**
 * The streaming DICOM Part 10 codec: {@link org.rpb.pacs.core.io.DicomReader} (files, bare data sets, an
 * element-by-element {@link org.rpb.pacs.core.io.DicomVisitor}, a quick {@code isDicom} check) and
 * {@link org.rpb.pacs.core.io.DicomWriter}, which writes unchanged elements back byte for byte and copies bulk data
 * from the source file without holding it in memory. Damaged input raises
 * {@link org.rpb.pacs.core.io.DicomParseException} naming file, offset and tag.
 * {@link org.rpb.pacs.core.io.FileTrees} deletes, copies and moves folder trees for every module. JDK only.
 */
package org.rpb.pacs.core.io;
