-- Offers, applications and allocation (issue 27, src/allocation/, docs/allocation.md).
-- A school belongs to a district (a code such as `haidian`); district quotas of an offer name these codes.
ALTER TABLE units ADD COLUMN district text CHECK (district ~ '^[a-z0-9][a-z0-9-]{0,62}$');

-- An offer: a unit's places for a term. `state` moves open → allocated (once; the row lock taken by the
-- allocation run and this state make a second or concurrent run allocate nothing).
CREATE TABLE offers (
  id bigserial PRIMARY KEY,
  unit_id bigint NOT NULL REFERENCES units (id),
  term text NOT NULL CHECK (term ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  kind text NOT NULL,
  title_zh text NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  grades smallint[] NOT NULL CHECK (cardinality(grades) >= 1),
  min_class_size int NOT NULL CHECK (min_class_size >= 1),
  max_class_size int NOT NULL CHECK (max_class_size >= min_class_size AND max_class_size <= 10000),
  claims jsonb NOT NULL DEFAULT '[]',
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
  rules jsonb NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'allocated')),
  allocated_at timestamptz,
  fairness jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offers_unit_idx ON offers (unit_id);

-- A slot holds `capacity` classes at one time.
CREATE TABLE offer_slots (
  id bigserial PRIMARY KEY,
  offer_id bigint NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  capacity int NOT NULL CHECK (capacity BETWEEN 1 AND 1000)
);
CREATE INDEX offer_slots_offer_idx ON offer_slots (offer_id);

-- One application per class per offer; `preferences` are slot ids of the offer, best first.
-- After allocation: `slot_id` (the slot it got, booked as `activity_id`), `explanation` (codes + data).
CREATE TABLE applications (
  id bigserial PRIMARY KEY,
  offer_id bigint NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
  school_unit_id bigint NOT NULL REFERENCES units (id),
  class_id bigint NOT NULL REFERENCES classes (id),
  class_size int NOT NULL CHECK (class_size BETWEEN 1 AND 10000),
  preferences bigint[] NOT NULL CHECK (cardinality(preferences) BETWEEN 1 AND 10),
  state text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'placed', 'waitlisted', 'not_placed')),
  slot_id bigint REFERENCES offer_slots (id),
  activity_id bigint REFERENCES activities (id) ON DELETE SET NULL,
  explanation jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (offer_id, class_id)
);
CREATE INDEX applications_school_idx ON applications (school_unit_id);
