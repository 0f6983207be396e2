-- External calendars as busy time of a class (issue 17): the school's timetable of 八年级1班 says
-- when the class is in its own lessons, i.e. elsewhere. A subscription belongs to a resource OR a
-- class; a class's busy periods are timed `blocked` class calendar entries tagged with the
-- subscription (the planner already avoids timed class entries), and a class booking that is active
-- and overlaps one is refused by the trigger below, the same way class_bookings_overlap refuses a
-- class in two activities at once. Manual `blocked` / `exam_week` entries stay planner guidance only.
ALTER TABLE calendar_subscriptions ALTER COLUMN resource_id DROP NOT NULL;
ALTER TABLE calendar_subscriptions ADD COLUMN class_id bigint REFERENCES classes (id) ON DELETE CASCADE;
ALTER TABLE calendar_subscriptions ADD CONSTRAINT calendar_subscriptions_owner_check CHECK (num_nonnulls(resource_id, class_id) = 1);
CREATE INDEX calendar_subscriptions_class_idx ON calendar_subscriptions (class_id) WHERE class_id IS NOT NULL;

ALTER TABLE class_calendar_entries ADD COLUMN subscription_id bigint REFERENCES calendar_subscriptions (id) ON DELETE CASCADE;
CREATE INDEX class_calendar_entries_subscription_idx ON class_calendar_entries (subscription_id) WHERE subscription_id IS NOT NULL;
CREATE INDEX class_calendar_entries_busy_idx ON class_calendar_entries USING gist (class_id, period) WHERE subscription_id IS NOT NULL;

-- Checked on the rows a statement writes (the derived class_bookings follow activities, occurrences
-- and activity_classes), so assigning a class, moving an occurrence or confirming an activity into
-- subscribed busy time all fail; bookings made before the busy time arrived are left alone.
-- Raised as an exclusion violation naming `class_subscription_busy` (mapped to 409 `class_busy`).
CREATE FUNCTION class_bookings_check_busy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE hit record;
BEGIN
  SELECT n.class_id, n.activity_id, e.name_en INTO hit
    FROM new_rows n
    JOIN class_calendar_entries e ON e.subscription_id IS NOT NULL AND e.class_id = n.class_id AND e.period && n.period
   WHERE n.active
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'class % is busy (%) during activity %', hit.class_id, hit.name_en, hit.activity_id
      USING ERRCODE = '23P01', CONSTRAINT = 'class_subscription_busy', TABLE = 'class_bookings';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER class_bookings_busy_insert AFTER INSERT ON class_bookings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_bookings_check_busy();
CREATE TRIGGER class_bookings_busy_update AFTER UPDATE ON class_bookings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION class_bookings_check_busy();
