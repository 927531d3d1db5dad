package org.rpb.pacs.job.lease;

/**
 * CDI event of {@link JobLeaseService}: a user asked, through any node of the cluster, to cancel a job that this
 * node holds ({@link JobLeases#requestCancel}); this node stops the job's execution after the series or batch in
 * progress and ends it as cancelled, as on a cancel through this node. Fired once per hold.
 *
 * @param lease this node's hold on the job
 */
public record CancelRequested(JobLease lease) {
}
