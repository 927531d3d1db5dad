package org.rpb.pacs.job.lease;

/**
 * CDI event of {@link JobLeaseService}: this node's hold on a job is gone (another node took the job over after
 * this node failed to renew in time, or the row was released); this node must stop running the job at once and
 * must not write any more progress for it.
 *
 * @param lease the hold that was lost
 */
public record LeaseLost(JobLease lease) {
}
