-- Per-instance progress of staging and project-copy jobs (Jakarta Batch job instances).
-- One row per source instance of a job instance; a restart of the job updates the same rows.
-- Holds UIDs and states only, never patient names or IDs. Portable: PostgreSQL 15 and H2 2.x (LEGACY).

CREATE TABLE staging_instance (
    job_instance_id     BIGINT       NOT NULL,
    source_sop_uid      VARCHAR(64)  NOT NULL,
    source_series_uid   VARCHAR(64)  NOT NULL,
    target_sop_uid      VARCHAR(64)  NOT NULL,
    state               VARCHAR(16)  NOT NULL,
    reason              VARCHAR(1000) NOT NULL,
    updated_at          TIMESTAMP    NOT NULL,
    CONSTRAINT pk_staging_instance PRIMARY KEY (job_instance_id, source_sop_uid)
);

CREATE INDEX ix_staging_instance_state ON staging_instance (job_instance_id, state);
