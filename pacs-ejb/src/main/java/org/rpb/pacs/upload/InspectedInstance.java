package org.rpb.pacs.upload;

import java.nio.file.Path;

import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.rt.InstanceReferences;

/**
 * A DICOM file of an upload that was read completely without error.
 *
 * @param file       where the file lies in the upload's working folder
 * @param name       its name relative to the upload, as the user sent it
 * @param header     its identifying header
 * @param references the instances and series it references
 */
public record InspectedInstance(Path file, String name, HeaderSummary header, InstanceReferences references) {
}
