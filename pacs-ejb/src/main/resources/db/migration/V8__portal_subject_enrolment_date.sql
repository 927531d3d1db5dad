-- The date a subject was enrolled in the study at its site, as the portal keeps it (the subjects list shows it).
ALTER TABLE portal_subject ADD COLUMN enrolment_date DATE;
