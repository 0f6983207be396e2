-- Feeds answer revalidations from memory (issue 4). Every server process keeps each feed's
-- fingerprint (ETag, Last-Modified) and the feed a token opens, and forgets them when it hears that
-- something a feed shows has changed: every write to the tables below notifies the channel
-- `orrery_feed_changes` with the table's name (`feeds` also covers rotation and revocation).
--
-- Statement-level triggers: one notification per table per transaction, however many rows changed
-- (PostgreSQL delivers identical notifications of one transaction once). Notifications go out at
-- COMMIT only, so a rolled-back change tells no one. Tables a feed does not read (bookings, which
-- are derived from claims and occurrences; calendar entries; audit rows) stay quiet.
CREATE FUNCTION feed_changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('orrery_feed_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER activities_feed_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activities
  FOR EACH STATEMENT EXECUTE FUNCTION feed_changes_notify();
CREATE TRIGGER occurrences_feed_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON occurrences
  FOR EACH STATEMENT EXECUTE FUNCTION feed_changes_notify();
CREATE TRIGGER claims_feed_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON claims
  FOR EACH STATEMENT EXECUTE FUNCTION feed_changes_notify();
CREATE TRIGGER registrations_feed_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registrations
  FOR EACH STATEMENT EXECUTE FUNCTION feed_changes_notify();
CREATE TRIGGER feeds_feed_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON feeds
  FOR EACH STATEMENT EXECUTE FUNCTION feed_changes_notify();
-- Names and places in feeds: organizer units, venues (name, location), claimed resources (pool quantity).
CREATE TRIGGER units_feed_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION feed_changes_notify();
CREATE TRIGGER resources_feed_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resources
  FOR EACH STATEMENT EXECUTE FUNCTION feed_changes_notify();
