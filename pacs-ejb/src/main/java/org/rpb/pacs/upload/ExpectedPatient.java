package org.rpb.pacs.upload;

/**
 * What the portal knows of the subject an upload is for, to check the files against.
 *
 * @param sex       M, F or O; null when unknown
 * @param birthYear the year of birth; null when unknown
 */
public record ExpectedPatient(String sex, Integer birthYear) {
}
