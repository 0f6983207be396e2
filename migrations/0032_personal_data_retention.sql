-- Children's personal data kept only as long as needed (issue 30, docs/privacy.md): a registration's
-- personal data is anonymised once its activity ended more than PERSONAL_DATA_RETENTION_DAYS ago.
-- anonymised_at marks a person done, so a job a crash interrupted resumes where it stopped and never
-- leaves half a person (each person's rows change in one transaction).
ALTER TABLE registrations ADD COLUMN anonymised_at timestamptz;
CREATE INDEX registrations_not_anonymised_idx ON registrations (activity_id) WHERE anonymised_at IS NULL;
