/**
 * PS3.15 Annex E de-identification of DICOM files. The one entry point is
 * {@link org.rpb.pacs.deident.Deidentifier}, configured by its builder with a
 * {@link org.rpb.pacs.deident.profile.Profile} and options, the project key, rules and an ROI vocabulary, and
 * given a {@link org.rpb.pacs.deident.SubjectContext} per subject. Feature packages: {@code profile},
 * {@code uid}, {@code dates}, {@code privatetags}, {@code rules}, {@code rt}, {@code pixel}, {@code manifest},
 * {@code scan}, {@code cli}.
 */
package org.rpb.pacs.deident;
