/**
 * Per-project de-identification profiles, versioned: every save makes a new version, a restore makes a new
 * version that copies an old one, nothing is overwritten, so a study record can name the exact version its
 * copy was made with. {@link org.rpb.pacs.profile.ProfileService} works on the caller's active study only.
 */
package org.rpb.pacs.profile;
