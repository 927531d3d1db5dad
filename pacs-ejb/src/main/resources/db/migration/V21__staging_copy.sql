-- Which copy was made of which series: the module's own record of Study0 copies (source = the
-- clinical PACS) and project copies (source = a Study0 copy in the research PACS), per series, by UID.
-- Written when a job finishes a series; complete is true when every instance of it was verified.

CREATE TABLE staging_copy (
    job_instance_id     BIGINT       NOT NULL,
    target              VARCHAR(64)  NOT NULL,
    source_study_uid    VARCHAR(64)  NOT NULL,
    source_series_uid   VARCHAR(64)  NOT NULL,
    target_study_uid    VARCHAR(64)  NOT NULL,
    target_series_uid   VARCHAR(64)  NOT NULL,
    instances           INTEGER      NOT NULL,
    verified            INTEGER      NOT NULL,
    complete            BOOLEAN      NOT NULL,
    updated_at          TIMESTAMP    NOT NULL,
    CONSTRAINT pk_staging_copy PRIMARY KEY (target, source_series_uid)
);

CREATE INDEX ix_staging_copy_source_study ON staging_copy (source_study_uid);
