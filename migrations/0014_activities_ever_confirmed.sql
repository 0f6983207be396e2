-- An activity is published (public, in the programme and its feeds) only once it has been confirmed.
-- `ever_confirmed` remembers that fact, so a public activity that was only ever requested (waiting for
-- another unit's approval) stays unpublished when it is cancelled, while one that was published keeps
-- showing, marked cancelled, so calendars remove it. Kept by the trigger below on every path that
-- confirms an activity (create, approval, PATCH, split).
ALTER TABLE activities ADD COLUMN ever_confirmed boolean NOT NULL DEFAULT false;
-- Existing rows: what is confirmed or cancelled now is taken as published before (cancelled ones then
-- keep leaving calendars as they did).
UPDATE activities SET ever_confirmed = true WHERE status IN ('confirmed', 'cancelled');

CREATE FUNCTION activities_ever_confirmed_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'confirmed' THEN NEW.ever_confirmed := true; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER activities_ever_confirmed BEFORE INSERT OR UPDATE OF status ON activities
  FOR EACH ROW EXECUTE FUNCTION activities_ever_confirmed_trigger();
