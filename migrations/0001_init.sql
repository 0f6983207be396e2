-- Orrery domain model v1. Glossary: src/shared/types.ts.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A unit is an organisation: the academy, one of its affiliated units, or a school.
CREATE TABLE units (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  kind        text NOT NULL CHECK (kind IN ('academy', 'academy_unit', 'school')),
  name_zh     text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
  name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  parent_id   bigint REFERENCES units (id),
  time_zone   text NOT NULL DEFAULT 'Asia/Shanghai',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS NULL OR parent_id <> id)
);

-- A resource is anything bookable. Venues and staff are exclusive (quantity 1);
-- equipment is a pool whose quantity says how many identical items exist.
CREATE TABLE resources (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id        bigint NOT NULL REFERENCES units (id),
  kind           text NOT NULL CHECK (kind IN ('venue', 'staff', 'equipment')),
  category       text CHECK (category ~ '^[a-z0-9_]{1,64}$'),
  name_zh        text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
  name_en        text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  description    text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  location       text NOT NULL DEFAULT '' CHECK (length(location) <= 500),
  quantity       integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 100000),
  -- Weekly opening hours in the unit's zone: {"mon": [["09:00","17:00"]], ...}; NULL = always open.
  opening_hours  jsonb CHECK (opening_hours IS NULL OR jsonb_typeof(opening_hours) = 'object'),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'equipment' OR quantity = 1),
  -- lets activities reference "a resource that is a venue" with a plain foreign key
  UNIQUE (id, kind)
);
CREATE INDEX resources_unit_idx ON resources (unit_id);
CREATE INDEX resources_kind_category_idx ON resources (kind, category);

-- An activity is a scheduled event of a kind. Start and end are instants; time_zone is the
-- IANA zone it was planned in, so local wall-clock times can be reproduced (and recurrences expanded).
CREATE TABLE activities (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind               text NOT NULL CHECK (kind IN ('exhibition', 'teacher_training', 'summer_camp', 'field_visit',
                                                  'research_study', 'club_session', 'talent_training', 'science_show')),
  title_zh           text NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 200),
  title_en           text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  description_zh     text NOT NULL DEFAULT '' CHECK (length(description_zh) <= 10000),
  description_en     text NOT NULL DEFAULT '' CHECK (length(description_en) <= 10000),
  organizer_unit_id  bigint NOT NULL REFERENCES units (id),
  venue_id           bigint,
  venue_kind         text NOT NULL GENERATED ALWAYS AS ('venue') STORED,
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  time_zone          text NOT NULL,
  all_day            boolean NOT NULL DEFAULT false,
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'requested', 'confirmed', 'cancelled')),
  visibility         text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
  capacity           integer CHECK (capacity IS NULL OR capacity BETWEEN 0 AND 100000),
  audience_grades    smallint[] NOT NULL DEFAULT '{}' CHECK (audience_grades <@ '{1,2,3,4,5,6,7,8,9,10,11,12}'::smallint[]),
  languages          text[] NOT NULL DEFAULT '{zh-CN}' CHECK (languages <@ '{zh-CN,en}'::text[] AND cardinality(languages) >= 1),
  recurrence_rule    text CHECK (length(recurrence_rule) <= 500),
  -- iCalendar SEQUENCE: raised on every change that matters to an attendee (time, place, status).
  sequence           integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
  cancelled_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  FOREIGN KEY (venue_id, venue_kind) REFERENCES resources (id, kind)
);
CREATE INDEX activities_period_idx ON activities USING gist (tstzrange(starts_at, ends_at));
CREATE INDEX activities_unit_idx ON activities (organizer_unit_id, starts_at);
CREATE INDEX activities_venue_idx ON activities (venue_id) WHERE venue_id IS NOT NULL;
CREATE INDEX activities_starts_idx ON activities (starts_at, id);

-- An occurrence is one instance of an activity (a one-off activity has exactly one).
-- original_starts_at identifies it within its series (iCalendar RECURRENCE-ID) even after a move.
CREATE TABLE occurrences (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  activity_id         bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  original_starts_at  timestamptz NOT NULL,
  starts_at           timestamptz NOT NULL,
  ends_at             timestamptz NOT NULL,
  status              text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  UNIQUE (activity_id, original_starts_at)
);
CREATE INDEX occurrences_period_idx ON occurrences USING gist (tstzrange(starts_at, ends_at));

-- A claim is an activity's use of a resource: how many, and the set-up and tear-down buffers
-- that widen each occurrence's busy period for that resource.
CREATE TABLE claims (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  activity_id       bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  resource_id       bigint NOT NULL REFERENCES resources (id),
  quantity          integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 100000),
  setup_minutes     integer NOT NULL DEFAULT 0 CHECK (setup_minutes BETWEEN 0 AND 20160),
  teardown_minutes  integer NOT NULL DEFAULT 0 CHECK (teardown_minutes BETWEEN 0 AND 20160),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (activity_id, resource_id)
);
CREATE INDEX claims_resource_idx ON claims (resource_id);

-- Every change: who, what, when, before and after.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   bigint,
  before      jsonb,
  after       jsonb,
  request_id  text,
  reason      text
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
