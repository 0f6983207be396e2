-- The venue stored once. An activity's venue was kept twice, as `activities.venue_id` and as a claim
-- of that resource (the claim carries the approval when the venue belongs to another unit, and the
-- derived bookings are built from claims), and the code kept the two in step by hand. The claim is now
-- the one store: `claims.is_venue` marks it (at most one per activity), and every read of the venue
-- goes through the view `activity_venues`.
ALTER TABLE claims ADD COLUMN is_venue boolean NOT NULL DEFAULT false;

UPDATE claims c SET is_venue = true
  FROM activities a
 WHERE a.id = c.activity_id AND c.resource_id = a.venue_id;

-- A venue whose claim had gone (removed by hand) is claimed again, as it would have been when set:
-- without approval in its own unit; another unit's venue waits for approval unless the activity is
-- already confirmed (its approval was given then).
INSERT INTO claims (activity_id, resource_id, is_venue, approval)
SELECT a.id, a.venue_id, true,
       CASE WHEN r.unit_id = a.organizer_unit_id THEN 'not_needed' WHEN a.status = 'confirmed' THEN 'approved' ELSE 'pending' END
  FROM activities a
  JOIN resources r ON r.id = a.venue_id
 WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.activity_id = a.id AND c.resource_id = a.venue_id);

CREATE UNIQUE INDEX claims_one_venue_idx ON claims (activity_id) WHERE is_venue;

-- What the foreign key (venue_id, venue_kind) → resources (id, kind) checked: a venue claim claims a venue.
CREATE FUNCTION claims_venue_is_a_venue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = NEW.resource_id AND r.kind = 'venue') THEN
    RAISE EXCEPTION 'resource % is not a venue', NEW.resource_id USING ERRCODE = '23503', CONSTRAINT = 'claims_venue_is_a_venue';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER claims_venue_is_a_venue BEFORE INSERT OR UPDATE OF resource_id, is_venue ON claims
  FOR EACH ROW WHEN (NEW.is_venue) EXECUTE FUNCTION claims_venue_is_a_venue();

-- The venue of each activity that has one.
CREATE VIEW activity_venues AS
  SELECT c.activity_id, c.resource_id AS venue_id FROM claims c WHERE c.is_venue;

DROP INDEX activities_venue_idx;
ALTER TABLE activities DROP COLUMN venue_id, DROP COLUMN venue_kind;
