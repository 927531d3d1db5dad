-- Job leases of a cluster (issue 14): which node runs a job, until when. A node holds one row per job it runs
-- and renews it; a row whose expires_at passed belongs to a node that died and may be taken over. epoch grows
-- with every claim, so a node that returns after its lease was taken over sees that its hold is gone (its
-- renewal, which names the epoch it holds, changes no row). Times are the database's clock, never a node's.
-- Portable: PostgreSQL 15 and H2 2.x (LEGACY).

CREATE TABLE job_lease (
    job_key    VARCHAR(200) NOT NULL PRIMARY KEY,
    owner_node VARCHAR(100) NOT NULL,
    epoch      BIGINT NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_job_lease_expires ON job_lease (expires_at);
CREATE INDEX ix_job_lease_owner ON job_lease (owner_node);
