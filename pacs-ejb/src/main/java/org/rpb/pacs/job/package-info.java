/**
 * Upload, staging and copy jobs: who started them in which study and site, with which profile version,
 * their state and counts, and per-instance progress (source and target SOP Instance UIDs, state, an error
 * text that never holds patient data). {@link org.rpb.pacs.job.JobService} answers only within the caller's
 * active study and site.
 */
package org.rpb.pacs.job;
