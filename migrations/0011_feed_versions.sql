-- Exact Last-Modified for feeds (issue 10, item 9). A feed's Last-Modified used to be the newest
-- update time among the rows it shows, in whole seconds: an edit within the same second, or an
-- event leaving the feed, did not move it, so If-Modified-Since answered 304 for changed bytes.
-- Now each feed keeps the fingerprint (ETag key) it was last served with and when that content
-- last changed; a different fingerprint moves last_modified to a whole second at least one second
-- past the previous one. Stored, so every instance and every restart answer the same.
-- No NOTIFY trigger: a new stamp changes no feed's bytes.
CREATE TABLE feed_versions (
  feed_id       bigint PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
  key           text NOT NULL,
  last_modified timestamptz NOT NULL CHECK (date_trunc('second', last_modified) = last_modified)
);
