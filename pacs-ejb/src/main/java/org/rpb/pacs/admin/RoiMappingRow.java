package org.rpb.pacs.admin;

import java.io.Serializable;

/**
 * An ROI name of the sample and what the project's vocabulary makes of it.
 *
 * @param siteName     the name in the sample
 * @param standardName the standard name from the mapping rules, or null when no rule matches
 */
public record RoiMappingRow(String siteName, String standardName) implements Serializable {
}
