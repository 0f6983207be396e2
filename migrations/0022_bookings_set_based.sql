-- Bulk loads: the derived `bookings` (0002) and `class_bookings` (0013) were kept by row triggers,
-- one sync call (a join and an upsert) per claim, occurrence or activity written; loading 100,000
-- claims took 84 s. These statement-level triggers see every row a statement wrote in a transition
-- table and derive their bookings in one INSERT … SELECT, so a COPY or an INSERT … SELECT of many rows
-- pays one join. The results are the same: AFTER ROW triggers also ran at the end of the statement
-- and read the same, complete state. PostgreSQL allows transition tables only on triggers with one
-- event and no column list, hence one trigger per event; an UPDATE re-derives only the rows whose
-- watched columns (the old `UPDATE OF` lists) changed.

-- One definition of a booking: one claim at one occurrence, widened by the claim's buffers.
CREATE VIEW booking_rows AS
  SELECT c.id AS claim_id, o.id AS occurrence_id, c.activity_id, c.resource_id, c.quantity,
         tstzrange(o.starts_at - make_interval(mins => c.setup_minutes), o.ends_at + make_interval(mins => c.teardown_minutes), '[)') AS period,
         r.kind <> 'equipment' AS exclusive,
         a.status IN ('requested', 'confirmed') AND o.status = 'scheduled' AS active
    FROM claims c
    JOIN activities a ON a.id = c.activity_id
    JOIN occurrences o ON o.activity_id = c.activity_id
    JOIN resources r ON r.id = c.resource_id;

-- Upserts the bookings of the claims, occurrences or activities given (the one array that is not null).
CREATE FUNCTION bookings_upsert(p_claims bigint[], p_occurrences bigint[], p_activities bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_claims IS NOT NULL THEN
    INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
    SELECT b.claim_id, b.occurrence_id, b.activity_id, b.resource_id, b.quantity, b.period, b.exclusive, b.active
      FROM booking_rows b JOIN unnest(p_claims) k (id) ON k.id = b.claim_id
    ON CONFLICT (claim_id, occurrence_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, period = EXCLUDED.period, exclusive = EXCLUDED.exclusive, active = EXCLUDED.active
     WHERE (bookings.quantity, bookings.period, bookings.active) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.period, EXCLUDED.active);
  ELSIF p_occurrences IS NOT NULL THEN
    INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
    SELECT b.claim_id, b.occurrence_id, b.activity_id, b.resource_id, b.quantity, b.period, b.exclusive, b.active
      FROM booking_rows b JOIN unnest(p_occurrences) k (id) ON k.id = b.occurrence_id
    ON CONFLICT (claim_id, occurrence_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, period = EXCLUDED.period, exclusive = EXCLUDED.exclusive, active = EXCLUDED.active
     WHERE (bookings.quantity, bookings.period, bookings.active) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.period, EXCLUDED.active);
  ELSIF p_activities IS NOT NULL THEN
    INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
    SELECT b.claim_id, b.occurrence_id, b.activity_id, b.resource_id, b.quantity, b.period, b.exclusive, b.active
      FROM booking_rows b JOIN unnest(p_activities) k (id) ON k.id = b.activity_id
    ON CONFLICT (claim_id, occurrence_id) DO UPDATE
       SET quantity = EXCLUDED.quantity, period = EXCLUDED.period, exclusive = EXCLUDED.exclusive, active = EXCLUDED.active
     WHERE (bookings.quantity, bookings.period, bookings.active) IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.period, EXCLUDED.active);
  END IF;
END $$;

-- Re-derives the class bookings of the activities given: drops those of classes no longer attached.
CREATE FUNCTION class_bookings_upsert(p_activities bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM class_bookings cb
   USING unnest(p_activities) k (id)
   WHERE cb.activity_id = k.id
     AND NOT EXISTS (SELECT 1 FROM activity_classes ac WHERE ac.activity_id = cb.activity_id AND ac.class_id = cb.class_id);
  INSERT INTO class_bookings (class_id, occurrence_id, activity_id, period, active)
  SELECT ac.class_id, o.id, o.activity_id, tstzrange(o.starts_at, o.ends_at, '[)'),
         a.status IN ('requested', 'confirmed') AND o.status = 'scheduled'
    FROM (SELECT DISTINCT id FROM unnest(p_activities) k (id)) k
    JOIN activity_classes ac ON ac.activity_id = k.id
    JOIN activities a ON a.id = ac.activity_id
    JOIN occurrences o ON o.activity_id = ac.activity_id
  ON CONFLICT (class_id, occurrence_id) DO UPDATE
     SET period = EXCLUDED.period, active = EXCLUDED.active
   WHERE (class_bookings.period, class_bookings.active) IS DISTINCT FROM (EXCLUDED.period, EXCLUDED.active)
$$;

DROP TRIGGER claims_bookings ON claims;
DROP TRIGGER occurrences_bookings ON occurrences;
DROP TRIGGER activities_bookings ON activities;
DROP TRIGGER activity_classes_class_bookings ON activity_classes;
DROP TRIGGER occurrences_class_bookings ON occurrences;
DROP TRIGGER activities_class_bookings ON activities;
DROP FUNCTION claims_bookings_trigger();
DROP FUNCTION occurrences_bookings_trigger();
DROP FUNCTION activities_bookings_trigger();
DROP FUNCTION class_bookings_trigger();
DROP FUNCTION bookings_sync(bigint, bigint, bigint);
DROP FUNCTION class_bookings_sync(bigint);

-- Every trigger names its transition tables new_rows / old_rows, so one function per table serves both events.
CREATE FUNCTION claims_derive_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM bookings_upsert((SELECT array_agg(id) FROM new_rows), NULL, NULL);
  ELSE
    PERFORM bookings_upsert((SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
                              WHERE (n.quantity, n.setup_minutes, n.teardown_minutes) IS DISTINCT FROM (o.quantity, o.setup_minutes, o.teardown_minutes)), NULL, NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER claims_bookings_insert AFTER INSERT ON claims
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_derive_bookings();
CREATE TRIGGER claims_bookings_update AFTER UPDATE ON claims
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_derive_bookings();

CREATE FUNCTION occurrences_derive_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO changed FROM new_rows;
  ELSE
    SELECT array_agg(n.id) INTO changed FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.starts_at, n.ends_at, n.status) IS DISTINCT FROM (o.starts_at, o.ends_at, o.status);
  END IF;
  IF changed IS NOT NULL THEN
    PERFORM bookings_upsert(NULL, changed, NULL);
    PERFORM class_bookings_upsert((SELECT array_agg(DISTINCT o.activity_id) FROM occurrences o JOIN unnest(changed) k (id) ON k.id = o.id));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER occurrences_bookings_insert AFTER INSERT ON occurrences
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION occurrences_derive_bookings();
CREATE TRIGGER occurrences_bookings_update AFTER UPDATE ON occurrences
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION occurrences_derive_bookings();

CREATE FUNCTION activities_derive_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed bigint[];
BEGIN
  SELECT array_agg(n.id) INTO changed FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status IS DISTINCT FROM o.status;
  IF changed IS NOT NULL THEN
    PERFORM bookings_upsert(NULL, NULL, changed);
    PERFORM class_bookings_upsert(changed);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER activities_bookings_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_derive_bookings();

CREATE FUNCTION activity_classes_derive_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM class_bookings_upsert((SELECT array_agg(DISTINCT activity_id) FROM new_rows));
  ELSE
    PERFORM class_bookings_upsert((SELECT array_agg(DISTINCT activity_id) FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER activity_classes_bookings_insert AFTER INSERT ON activity_classes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_classes_derive_bookings();
CREATE TRIGGER activity_classes_bookings_delete AFTER DELETE ON activity_classes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_classes_derive_bookings();

-- The foreign keys of bookings checked every derived row against claims and occurrences, one lookup
-- each (a third of a bulk load's cost), yet the rows come only from the joins above, so those checks
-- cannot fail. What they also did, removing a booking with its claim or occurrence, is done here by
-- statement-level triggers too (at the end of the statement, as ON DELETE CASCADE did).
ALTER TABLE bookings DROP CONSTRAINT bookings_claim_id_fkey, DROP CONSTRAINT bookings_occurrence_id_fkey;

CREATE FUNCTION bookings_follow_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM bookings;
  ELSIF TG_TABLE_NAME = 'claims' THEN
    DELETE FROM bookings b USING old_rows o WHERE b.claim_id = o.id;
  ELSE
    DELETE FROM bookings b USING old_rows o WHERE b.occurrence_id = o.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER claims_bookings_delete AFTER DELETE ON claims
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bookings_follow_deletes();
CREATE TRIGGER occurrences_bookings_delete AFTER DELETE ON occurrences
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bookings_follow_deletes();
CREATE TRIGGER claims_bookings_truncate AFTER TRUNCATE ON claims
  FOR EACH STATEMENT EXECUTE FUNCTION bookings_follow_deletes();
CREATE TRIGGER occurrences_bookings_truncate AFTER TRUNCATE ON occurrences
  FOR EACH STATEMENT EXECUTE FUNCTION bookings_follow_deletes();

-- External calendars (a school's timetable, a staff member's calendar) subscribed as busy time of a
-- venue or staff member: an ICS URL refreshed with If-None-Match / If-Modified-Since, or a file
-- uploaded once (url NULL). Their busy periods are stored as `maintenance` calendar entries of the
-- resource (a blocking kind, so booking and the availability search refuse them like any other
-- block), tagged with the subscription, and replaced as a whole on every changed fetch.
CREATE TABLE calendar_subscriptions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id   bigint NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  url           text CHECK (url ~ '^https?://' AND length(url) <= 2000),
  etag          text,
  last_modified text,
  fetched_at    timestamptz,
  last_error    text,
  busy_count    integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_subscriptions_resource_idx ON calendar_subscriptions (resource_id);
ALTER TABLE calendar_entries ADD COLUMN subscription_id bigint REFERENCES calendar_subscriptions (id) ON DELETE CASCADE;
CREATE INDEX calendar_entries_subscription_idx ON calendar_entries (subscription_id) WHERE subscription_id IS NOT NULL;
