-- Booking engine: busy periods the database enforces, approvals of claims on other units'
-- resources, and calendars that block time. Glossary: src/shared/types.ts.

-- A claim on a resource owned by a unit other than the organizer's needs that unit's approval.
ALTER TABLE claims ADD COLUMN approval text NOT NULL DEFAULT 'not_needed'
  CHECK (approval IN ('not_needed', 'pending', 'approved', 'declined'));
CREATE INDEX claims_pending_idx ON claims (resource_id) WHERE approval = 'pending';

-- A requested activity holds its resources until this instant (HOLD_EXPIRY_HOURS after the request).
ALTER TABLE activities ADD COLUMN hold_expires_at timestamptz;
ALTER TABLE activities ADD CONSTRAINT activities_hold_only_when_requested
  CHECK (hold_expires_at IS NULL OR status = 'requested');
CREATE INDEX activities_hold_expiry_idx ON activities (hold_expires_at) WHERE status = 'requested';

-- A booking is one claim on one occurrence: the busy period of that resource (the occurrence widened
-- by the claim's set-up and tear-down buffers). It is derived data, kept by the triggers below, so it
-- can never drift from claims, occurrences and activity status whatever code path writes them.
-- `active`: the activity is requested (a hold) or confirmed, and the occurrence is scheduled.
CREATE TABLE bookings (
  claim_id       bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
  occurrence_id  bigint NOT NULL REFERENCES occurrences (id) ON DELETE CASCADE,
  activity_id    bigint NOT NULL,
  resource_id    bigint NOT NULL,
  quantity       integer NOT NULL CHECK (quantity >= 1),
  period         tstzrange NOT NULL CHECK (NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period)),
  exclusive      boolean NOT NULL,
  active         boolean NOT NULL,
  PRIMARY KEY (claim_id, occurrence_id),
  -- The backstop for venues and staff. The service locks resources and checks first (and reports which
  -- activities hold the time); deferring the constraint to COMMIT lets that check run after the write.
  CONSTRAINT bookings_exclusive_overlap EXCLUDE USING gist (resource_id WITH =, period WITH &&)
    WHERE (exclusive AND active) DEFERRABLE INITIALLY DEFERRED
);
-- What the conflict check, the resource schedule and the availability search read.
CREATE INDEX bookings_resource_period_idx ON bookings USING gist (resource_id, period) WHERE active;
CREATE INDEX bookings_activity_idx ON bookings (activity_id);
CREATE INDEX bookings_occurrence_idx ON bookings (occurrence_id);

-- (Re)computes the bookings of one activity, narrowed to one claim or one occurrence when given.
CREATE FUNCTION bookings_sync(p_activity bigint, p_claim bigint, p_occurrence bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
  SELECT c.id, o.id, c.activity_id, c.resource_id, c.quantity,
         tstzrange(o.starts_at - make_interval(mins => c.setup_minutes), o.ends_at + make_interval(mins => c.teardown_minutes), '[)'),
         r.kind <> 'equipment',
         a.status IN ('requested', 'confirmed') AND o.status = 'scheduled'
    FROM claims c
    JOIN activities a ON a.id = c.activity_id
    JOIN occurrences o ON o.activity_id = c.activity_id
    JOIN resources r ON r.id = c.resource_id
   WHERE c.activity_id = p_activity
     AND (p_claim IS NULL OR c.id = p_claim)
     AND (p_occurrence IS NULL OR o.id = p_occurrence)
  ON CONFLICT (claim_id, occurrence_id) DO UPDATE
     SET quantity = EXCLUDED.quantity, period = EXCLUDED.period, exclusive = EXCLUDED.exclusive, active = EXCLUDED.active
   WHERE (bookings.quantity, bookings.period, bookings.active) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.period, EXCLUDED.active)
$$;

CREATE FUNCTION claims_bookings_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bookings_sync(NEW.activity_id, NEW.id, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER claims_bookings AFTER INSERT OR UPDATE OF quantity, setup_minutes, teardown_minutes ON claims
  FOR EACH ROW EXECUTE FUNCTION claims_bookings_trigger();

CREATE FUNCTION occurrences_bookings_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bookings_sync(NEW.activity_id, NULL, NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER occurrences_bookings AFTER INSERT OR UPDATE OF starts_at, ends_at, status ON occurrences
  FOR EACH ROW EXECUTE FUNCTION occurrences_bookings_trigger();

CREATE FUNCTION activities_bookings_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bookings_sync(NEW.id, NULL, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER activities_bookings AFTER UPDATE OF status ON activities
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION activities_bookings_trigger();

-- Calendars that block time: school terms (informational), holidays, exam weeks, unit closures and
-- resource maintenance block; a make-up working day opens a unit's resources on a weekend date with
-- the opening hours of `as_weekday`. Scope: one resource, one unit (and its resources), or everyone.
CREATE TABLE calendar_entries (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('term', 'holiday', 'makeup_workday', 'exam_week', 'closure', 'maintenance')),
  unit_id      bigint REFERENCES units (id) ON DELETE CASCADE,
  resource_id  bigint REFERENCES resources (id) ON DELETE CASCADE,
  name_zh      text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
  name_en      text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  period       tstzrange NOT NULL CHECK (NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period)),
  -- Whole local days in time_zone (holidays) or a span of instants (maintenance from 14:00 to 18:00).
  all_day      boolean NOT NULL,
  time_zone    text NOT NULL,
  as_weekday   text CHECK (as_weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (unit_id IS NULL OR resource_id IS NULL),
  CHECK ((kind = 'makeup_workday') = (as_weekday IS NOT NULL))
);
CREATE INDEX calendar_entries_period_idx ON calendar_entries USING gist (period);
CREATE INDEX calendar_entries_unit_idx ON calendar_entries (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX calendar_entries_resource_idx ON calendar_entries (resource_id) WHERE resource_id IS NOT NULL;

-- Databases that already hold activities get their bookings now (an overlap there fails the migration).
SELECT bookings_sync(id, NULL, NULL) FROM activities;
