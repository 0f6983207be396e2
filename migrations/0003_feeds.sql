-- Feeds: iCal subscriptions reached by a secret token (issue 4). Glossary: src/shared/types.ts.

-- A feed is one calendar a client subscribes to. Its type says what it shows:
--   programme    published (confirmed, public) activities, narrowed by `filters`
--   unit         the activities a unit organizes (requested ones as tentative)
--   participant  the activities one participant (an email) is confirmed for
--   resource     the activities that claim one resource (its custodians' schedule)
-- Only the SHA-256 of the token is stored; the token itself is shown once, at creation or rotation.
CREATE TABLE feeds (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type           text NOT NULL CHECK (type IN ('programme', 'unit', 'participant', 'resource')),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description    text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  -- Language of titles and descriptions in the calendar: zh-CN, en, or both side by side.
  language       text NOT NULL DEFAULT 'both' CHECK (language IN ('zh-CN', 'en', 'both')),
  -- Owner: a unit, or the participant's email for a personal feed; none for the public programme
  -- feeds anyone can get from the programme page (POST /feeds/public), which show only public data.
  owner_unit_id  bigint REFERENCES units (id),
  owner_email    text CHECK (owner_email = lower(owner_email) AND length(owner_email) BETWEEN 3 AND 254),
  -- What a unit or resource feed follows.
  unit_id        bigint REFERENCES units (id),
  resource_id    bigint REFERENCES resources (id),
  -- Programme filters: {"kinds": [...], "unitIds": [...], "venueIds": [...], "grades": [...], "languages": [...]}.
  filters        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(filters) = 'object'),
  token_hash     bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  -- Raised by every change to the feed itself (rename, filters, rotation), so its ETag changes too.
  version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  rotated_at     timestamptz,
  revoked_at     timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (owner_unit_id IS NULL OR owner_email IS NULL),
  CHECK (type = 'programme' OR owner_unit_id IS NOT NULL OR owner_email IS NOT NULL),
  CHECK ((type = 'participant') = (owner_email IS NOT NULL)),
  CHECK ((type = 'unit') = (unit_id IS NOT NULL)),
  CHECK ((type = 'resource') = (resource_id IS NOT NULL)),
  CHECK (type = 'programme' OR filters = '{}')
);
CREATE INDEX feeds_owner_unit_idx ON feeds (owner_unit_id, id) WHERE owner_unit_id IS NOT NULL;
CREATE INDEX feeds_owner_email_idx ON feeds (owner_email, id) WHERE owner_email IS NOT NULL;
CREATE INDEX feeds_unit_idx ON feeds (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX feeds_resource_idx ON feeds (resource_id) WHERE resource_id IS NOT NULL;

-- What the fingerprint of a feed (its ETag) reads on every poll: newest change among a series' occurrences.
CREATE INDEX occurrences_activity_updated_idx ON occurrences (activity_id, updated_at);
