-- A family's rights over a person's data (issue 30 items 2 and 4, docs/privacy.md).
--
-- Legal holds: an admin records that one address's data must be kept (a dispute, an authority's
-- request); erasure of that person is then refused with the hold's reason. The address is kept
-- for as long as the hold stands: it is the only way to recognise the person.
CREATE TABLE privacy_holds (
  email text PRIMARY KEY CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  placed_by text NOT NULL,
  placed_at timestamptz NOT NULL
);

-- Erasure requests, recorded (committed) before the erasure runs: a crash between the two leaves a
-- pending request that the hourly personal-data job carries out, so erasure resumes and each
-- person's rows still change in one transaction. The address goes once the request is settled.
CREATE TABLE erasure_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  release_places boolean NOT NULL,
  -- An organizer's request reaches their unit's activities only; a family's (NULL) reaches all.
  unit_id bigint REFERENCES units (id),
  requested_by text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'refused')),
  outcome jsonb NOT NULL DEFAULT '{}'::jsonb,
  requested_at timestamptz NOT NULL,
  settled_at timestamptz,
  CHECK ((status = 'pending') = (settled_at IS NULL)),
  CHECK ((status = 'pending') = (email IS NOT NULL))
);
CREATE INDEX erasure_requests_pending_idx ON erasure_requests (id) WHERE status = 'pending';

-- Consent records (item 2): who answers for the data at a unit, and which text a guardian consented to.
ALTER TABLE units ADD COLUMN privacy_contact text CHECK (length(privacy_contact) BETWEEN 1 AND 200);
ALTER TABLE consents ADD COLUMN text_version text NOT NULL DEFAULT '2026-01' CHECK (text_version ~ '^[0-9]{4}-[0-9]{2}[a-z0-9-]{0,20}$');

-- Finding one person's rows: registrations have an index by address already; consents get one by the guardian's.
CREATE INDEX consents_guardian_email_idx ON consents (guardian_email);
