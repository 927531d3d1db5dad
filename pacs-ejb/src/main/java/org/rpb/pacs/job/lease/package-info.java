/**
 * Which node of a cluster runs which job (issue 14): leases in the shared database ({@code pacs.job_lease},
 * migration V50), keyed by a job key string of the engine's choosing. {@link org.rpb.pacs.job.lease.JobLeases} is the
 * table (claim, renew, release, list and take over expired holds, adopt the holds of this node's previous process);
 * {@link org.rpb.pacs.job.lease.JobLeaseService} is this node's use of it in WildFly: it remembers the holds, renews
 * them every 10 s for 30 s and fires {@link org.rpb.pacs.job.lease.LeaseLost} for a hold another node took over.
 *
 * <p><b>How the job engine uses it</b> (key = the job's ID, {@code JobParameters.leaseKey()}): 1 and 3 in
 * {@code org.rpb.pacs.job.JobEnd}, 2 in the jobs' item writers, 4 in {@code JobRecovery}, 5 and 6 in
 * {@code LocalExecutions}:
 * <ol>
 * <li>Before a job runs on this node (the job listener's {@code beforeJob}, or just before
 * {@code JobOperator.start/restart}): {@code claim(key)}; when it returns {@code false} another node runs the job
 * and this node must not start it.</li>
 * <li>Before each checkpoint commit (the end of a series) and before the job's final records (study record, slot
 * link, audit completion): {@code stillHolds(key)}; when {@code false}, stop without writing (the taking node
 * resumes from the last checkpoint, so nothing is lost and nothing is written twice).</li>
 * <li>When the job ends (completed, failed, cancelled: the listener's {@code afterJob}): {@code release(key)}.</li>
 * <li>Recovery at start-up, instead of "every execution still marked running is interrupted":
 * {@code adoptOwn()} (jobs this node's previous process held), then {@code takeOverExpired(n)}; restart each job
 * got from its last checkpoint as the job's own user. Then the same {@code takeOverExpired(n)} periodically
 * (e.g. every 15 s) so that the jobs of a node that died are resumed within lease (30 s) + period, well inside
 * 60 s. A job still marked running in the job repository but without a lease row belongs to a node of a version
 * before leases, or was never claimed: claim it like any other.</li>
 * <li>An observer of {@code LeaseLost} stops the job's local execution ({@code JobOperator.stop}) and marks nothing:
 * the job belongs to the other node now.</li>
 * <li>A user's cancel through a node that does not run the job ({@code JobService.cancel}):
 * {@code requestCancel(key)} marks the job's row; the holding node looks for marks on its holds every 2 s, fires
 * {@link org.rpb.pacs.job.lease.CancelRequested}, and its observer in {@code LocalExecutions} stops the local
 * execution as a cancel (it ends CANCELLED after the series in progress, the lease is released, a retry on any
 * node claims the job again).</li>
 * </ol>
 * The lease is about running; what a job did is in its own tables and checkpoints, which every node reads.
 */
package org.rpb.pacs.job.lease;
