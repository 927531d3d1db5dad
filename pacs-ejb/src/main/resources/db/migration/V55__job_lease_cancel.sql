-- A cancel asked for through any node (issue 14): the user's node sets cancel_requested on the lease row of a job
-- that another node runs; the owning node polls its own rows with the flag set and stops the job's execution
-- after the series (or batch) in progress, as on a cancel through itself. A new claim clears it.
-- Portable: PostgreSQL 15 and H2 2.x (LEGACY).

ALTER TABLE job_lease ADD COLUMN cancel_requested BOOLEAN DEFAULT FALSE NOT NULL;
