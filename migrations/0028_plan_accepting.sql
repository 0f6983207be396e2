-- Accepting a plan is resumable (issue 22, item 9): the plan is `accepting` while its items are
-- booked, one transaction per item. Each item's outcome is appended to `acceptance` in the same
-- transaction as its booking (activity, occurrences, claims, classes, audit rows, plan_bookings row),
-- under the plan's row lock, so an item is decided exactly once; a retry of an `accepting` plan books
-- only the items not yet in `acceptance`, and the plan becomes `accepted` when every item is decided.
ALTER TABLE plans DROP CONSTRAINT plans_status_check;
ALTER TABLE plans ADD CONSTRAINT plans_status_check CHECK (status IN ('queued', 'running', 'done', 'failed', 'accepting', 'accepted'));
