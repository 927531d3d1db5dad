-- One job engine for uploads, staging into Study0 and project copies (issue 13): every job has one row in
-- pacs_job (its one ID, shown by the jobs page and the PacsJobs API) and its per-instance progress in
-- pacs_job_instance; every job runs as a Jakarta Batch job whose instance and latest execution the row names.
-- Holds codes, PIDs, UIDs, counts and reasons (never a HIS patient ID, patient name or uploaded file name).
-- Portable: PostgreSQL 15 and H2 2.x (LEGACY).

-- the job's subject (PID, never the HIS ID), its upload slot if any, and the source study of a staging or copy job
ALTER TABLE pacs_job ADD COLUMN pid VARCHAR(64);
ALTER TABLE pacs_job ADD COLUMN slot_id BIGINT;
ALTER TABLE pacs_job ADD COLUMN source_study_uid VARCHAR(64);
-- the user the job runs as: who started it, or who retried it last (created_by stays who started it)
ALTER TABLE pacs_job ADD COLUMN run_by VARCHAR(128);
-- the Jakarta Batch job instance (stable across restarts) and its latest execution (batch_execution_id)
ALTER TABLE pacs_job ADD COLUMN batch_instance_id BIGINT;
-- how the job ended or why it stopped: VERIFIED, INCOMPLETE <n> FAILED, FAILED: <reason>, CANCELLED, INTERRUPTED
ALTER TABLE pacs_job ADD COLUMN outcome VARCHAR(512);
-- instances the job has (its per-instance rows)
ALTER TABLE pacs_job ADD COLUMN total INTEGER DEFAULT 0 NOT NULL;
-- For running one database under several nodes (not used yet): the node that runs the job and until when its
-- claim holds; a node may take over a job whose lease expired (see org.rpb.pacs.job.JobRecovery#resumable).
ALTER TABLE pacs_job ADD COLUMN owner_node VARCHAR(128);
ALTER TABLE pacs_job ADD COLUMN lease_expires_at TIMESTAMP;

UPDATE pacs_job SET run_by = created_by;

-- INTERRUPTED: stopped by a server stop; resumed from its checkpoint at the next start
ALTER TABLE pacs_job DROP CONSTRAINT ck_pacs_job_state;
ALTER TABLE pacs_job ADD CONSTRAINT ck_pacs_job_state
    CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'INTERRUPTED'));
CREATE INDEX ix_pacs_job_batch ON pacs_job (batch_instance_id);

ALTER TABLE pacs_job_instance ADD COLUMN source_series_uid VARCHAR(64);
ALTER TABLE pacs_job_instance ADD COLUMN updated_at TIMESTAMP;
CREATE INDEX ix_pacs_job_instance_state ON pacs_job_instance (job_id, state);

-- upload jobs of the earlier engine that were still running cannot be resumed (they had no checkpoint)
UPDATE pacs_job SET state = 'FAILED', outcome = 'FAILED: interrupted by the upgrade to the job engine; upload again'
    WHERE state IN ('QUEUED', 'RUNNING');

-- the staging jobs' own progress table is replaced by pacs_job_instance: each staging or copy job instance with a
-- study and site (written since V22) becomes a job row with its instances; rows without a study and site were
-- shown to nobody and are dropped with the table
INSERT INTO pacs_job (job_type, state, study_code, site_code, created_by, run_by, created_at, finished_at,
        batch_instance_id, outcome, retrieved, deidentified, stored, verified, failed, total)
    SELECT CASE WHEN EXISTS (SELECT 1 FROM staging_copy c WHERE c.job_instance_id = s.job_instance_id
                AND c.target = 'STUDY0') THEN 'STAGE' ELSE 'COPY' END,
           CASE WHEN s.failed = 0 AND s.verified = s.total THEN 'COMPLETED' ELSE 'FAILED' END,
           s.study_code, s.site_code, '(before V23)', '(before V23)', s.first_at, s.last_at, s.job_instance_id,
           CASE WHEN s.failed = 0 AND s.verified = s.total THEN 'VERIFIED'
                ELSE 'INCOMPLETE ' || CAST(s.total - s.verified AS VARCHAR(12)) || ' FAILED' END,
           s.total - s.failed, s.total - s.failed, s.total - s.failed, s.verified, s.failed, s.total
    FROM (SELECT job_instance_id, MIN(study_code) AS study_code, MIN(site_code) AS site_code,
                 MIN(updated_at) AS first_at, MAX(updated_at) AS last_at, COUNT(*) AS total,
                 SUM(CASE WHEN state = 'VERIFIED' THEN 1 ELSE 0 END) AS verified,
                 SUM(CASE WHEN state = 'FAILED' THEN 1 ELSE 0 END) AS failed
          FROM staging_instance WHERE study_code IS NOT NULL AND site_code IS NOT NULL
          GROUP BY job_instance_id) s;

INSERT INTO pacs_job_instance (job_id, source_sop_uid, source_series_uid, target_sop_uid, state, error_text, updated_at)
    SELECT j.id, i.source_sop_uid, i.source_series_uid, i.target_sop_uid, i.state, i.reason, i.updated_at
    FROM staging_instance i JOIN pacs_job j ON j.batch_instance_id = i.job_instance_id
        AND j.job_type IN ('STAGE', 'COPY') AND j.created_by = '(before V23)';

DROP TABLE staging_instance;
