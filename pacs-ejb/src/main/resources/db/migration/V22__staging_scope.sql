-- Staging and project-copy records carry the study and site they belong to, so that progress and copies
-- are read only inside the caller's active study and site. Rows written before this version have neither
-- and are no longer shown (their jobs had no site either). Portable: PostgreSQL 15 and H2 2.x (LEGACY).

ALTER TABLE staging_copy ADD COLUMN study_code VARCHAR(64);
ALTER TABLE staging_copy ADD COLUMN site_code VARCHAR(64);
ALTER TABLE staging_instance ADD COLUMN study_code VARCHAR(64);
ALTER TABLE staging_instance ADD COLUMN site_code VARCHAR(64);

CREATE INDEX ix_staging_copy_scope ON staging_copy (study_code, site_code);
