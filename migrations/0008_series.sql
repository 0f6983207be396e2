-- Series edits: moving a whole series re-keys its occurrences in place (ids, bookings, registrations'
-- reminders stay attached), which shifts every original start onto where a neighbour's was. One UPDATE
-- does it; a deferrable unique key is checked at the end of that statement instead of row by row.
-- (Nothing uses this key as an ON CONFLICT arbiter, which a deferrable key could not be.)
ALTER TABLE occurrences DROP CONSTRAINT occurrences_activity_id_original_starts_at_key;
ALTER TABLE occurrences ADD CONSTRAINT occurrences_activity_id_original_starts_at_key
  UNIQUE (activity_id, original_starts_at) DEFERRABLE INITIALLY IMMEDIATE;
