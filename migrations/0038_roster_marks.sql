-- The field-visit day's offline roster (issue 26 item 2; src/roster/, docs/field-visits.md): marks made
-- on organizers' phones, synced later, exactly once per registration, occurrence and step. A mark that
-- lost to an earlier one from another device, or was refused for a reason the organizer must review
-- (no consent, a device session revoked while offline), is kept with that reason, never lost.
CREATE TABLE roster_marks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The device's own id for the mark: a mark synced twice is recognised by it.
  mark_id text NOT NULL UNIQUE CHECK (mark_id ~ '^[A-Za-z0-9_-]{8,64}$'),
  registration_id bigint NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  occurrence_id bigint NOT NULL REFERENCES occurrences (id) ON DELETE CASCADE,
  step text NOT NULL CHECK (step IN ('check_in', 'left_school', 'arrived', 'left_venue', 'back_at_school')),
  method text NOT NULL CHECK (method IN ('scan', 'tap')),
  device_id text NOT NULL CHECK (length(device_id) BETWEEN 1 AND 64),
  -- The device's clock when marked (decides which of two marks wins) and the server's when it arrived.
  device_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  marked_by text NOT NULL,
  refused text CHECK (refused IN ('superseded', 'consent_missing', 'device_session_revoked'))
);
CREATE UNIQUE INDEX roster_marks_once ON roster_marks (registration_id, occurrence_id, step) WHERE refused IS NULL;
CREATE INDEX roster_marks_occurrence ON roster_marks (occurrence_id, step);

-- A head count at one step of a visit: how many were counted, how many were expected, who was missing.
CREATE TABLE roster_head_counts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  head_count_id text NOT NULL UNIQUE CHECK (head_count_id ~ '^[A-Za-z0-9_-]{8,64}$'),
  occurrence_id bigint NOT NULL REFERENCES occurrences (id) ON DELETE CASCADE,
  step text NOT NULL CHECK (step IN ('left_school', 'arrived', 'left_venue', 'back_at_school')),
  counted integer NOT NULL CHECK (counted >= 0),
  expected integer NOT NULL CHECK (expected >= 0),
  missing bigint[] NOT NULL DEFAULT '{}',
  device_id text NOT NULL CHECK (length(device_id) BETWEEN 1 AND 64),
  device_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  counted_by text NOT NULL,
  refused text CHECK (refused IN ('superseded', 'device_session_revoked'))
);
CREATE UNIQUE INDEX roster_head_counts_once ON roster_head_counts (occurrence_id, step) WHERE refused IS NULL;
