-- Programme reports (src/reports/, docs/reports.md): the period's occurrences and outbox rows by
-- start or creation time, read from the index alone for a month or a term (a school year reads
-- most rows either way).
CREATE INDEX occurrences_starts_idx ON occurrences (starts_at) INCLUDE (activity_id, ends_at, status);
CREATE INDEX deliveries_created_idx ON deliveries (created_at) INCLUDE (kind, status, activity_id);
