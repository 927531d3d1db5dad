package org.rpb.pacs.job.lease;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One node's hold on one job, as the database gave it: the job, the node, the epoch of this claim (it grows with
 * every claim of the job, so two holds of the same job by different claims never compare equal) and the expiry
 * on the database's clock.
 *
 * @param jobKey the job's key (the engine's own identifier of the job, e.g. {@code "upload:42"})
 * @param ownerNode the node that holds it ({@code jboss.node.name})
 * @param epoch the claim's number, 1 for the first claim of the job
 * @param expiresAt when the hold ends unless it is renewed
 */
public record JobLease(String jobKey, String ownerNode, long epoch, Instant expiresAt) implements Serializable {

    /** Checks the parts. */
    public JobLease {
        Objects.requireNonNull(jobKey, "jobKey");
        Objects.requireNonNull(ownerNode, "ownerNode");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** @return the same hold with a later expiry (after a renewal) */
    JobLease renewedUntil(Instant until) {
        return new JobLease(jobKey, ownerNode, epoch, until);
    }
}
