/**
 * Upload jobs on the one job engine (Jakarta Batch job {@code pacs-upload}): read the job's folder, de-identify,
 * store and verify in batches of one series (a checkpoint after each), then record the study and link it to the
 * job's slot, all in the job's own study and site.
 */
package org.rpb.pacs.upload.job;
