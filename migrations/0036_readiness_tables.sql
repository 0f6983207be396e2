-- Readiness keeps its own state (STYLE habit 18, one owner per aggregate): the organizer's marks on a
-- visit and the pupils taken off it move out of `activities` (owned by booking/) and `registrations`
-- (owned by registrations/) into tables src/readiness/ owns. Rows copied, then the columns of 0033 dropped.
CREATE TABLE visit_readiness (
  activity_id bigint PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
  head_count integer CHECK (head_count >= 0),
  head_count_confirmed_at timestamptz,
  head_count_confirmed_by text,
  ready_at timestamptz,
  ready_by text,
  -- A change broke readiness after the mark (notified once; marking ready again clears it).
  broken_at timestamptz,
  CHECK ((head_count IS NULL) = (head_count_confirmed_at IS NULL))
);
INSERT INTO visit_readiness (activity_id, head_count, head_count_confirmed_at, head_count_confirmed_by, ready_at, ready_by, broken_at)
SELECT id, head_count, head_count_confirmed_at, head_count_confirmed_by, ready_at, ready_by, readiness_broken_at
  FROM activities WHERE head_count IS NOT NULL OR ready_at IS NOT NULL;

-- A pupil the organizer took off the visit (no consent needed, not counted); the registration stays.
CREATE TABLE visit_exclusions (
  registration_id bigint PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
  excluded_at timestamptz NOT NULL,
  excluded_by text NOT NULL
);
INSERT INTO visit_exclusions (registration_id, excluded_at, excluded_by)
SELECT id, excluded_at, COALESCE(excluded_by, '') FROM registrations WHERE excluded_at IS NOT NULL;

ALTER TABLE activities DROP CONSTRAINT activities_head_count_confirmed,
  DROP COLUMN head_count, DROP COLUMN head_count_confirmed_at, DROP COLUMN head_count_confirmed_by,
  DROP COLUMN ready_at, DROP COLUMN ready_by, DROP COLUMN readiness_broken_at;
ALTER TABLE registrations DROP COLUMN excluded_at, DROP COLUMN excluded_by;
