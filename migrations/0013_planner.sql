-- The term planner: classes and groups, their calendars, commitments for a term and plans.
-- Glossary: src/classes/classes.types.ts and src/planner/model/types.ts.

-- A class is who an activity is for: a school class (grade × class number), a teacher group or a club.
-- A class can be in one place at a time (class_bookings below).
CREATE TABLE classes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id     bigint NOT NULL REFERENCES units (id),
  kind        text NOT NULL CHECK (kind IN ('school_class', 'teacher_group', 'club')),
  code        text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name_zh     text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
  name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  grade       smallint CHECK (grade BETWEEN 1 AND 12),
  number      smallint CHECK (number BETWEEN 1 AND 99),
  size        integer NOT NULL DEFAULT 0 CHECK (size BETWEEN 0 AND 10000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (unit_id, code),
  CHECK ((kind = 'school_class') = (grade IS NOT NULL AND number IS NOT NULL))
);

-- Time a class (or every class of a grade of a unit) is not available: exam weeks, blocked spans, and
-- weekly free afternoons (the only times a `free_afternoon_only` commitment may use).
CREATE TABLE class_calendar_entries (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id     bigint NOT NULL REFERENCES units (id),
  kind        text NOT NULL CHECK (kind IN ('exam_week', 'blocked', 'free_afternoon')),
  class_id    bigint REFERENCES classes (id) ON DELETE CASCADE,
  grade       smallint CHECK (grade BETWEEN 1 AND 12),
  name_zh     text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
  name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  period      tstzrange CHECK (period IS NULL OR (NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period))),
  weekday     text CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
  from_time   text CHECK (from_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  to_time     text CHECK (to_time ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$'),
  time_zone   text NOT NULL DEFAULT 'Asia/Shanghai',
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (class_id IS NULL OR grade IS NULL),
  CHECK ((kind = 'free_afternoon') = (weekday IS NOT NULL AND from_time IS NOT NULL AND to_time IS NOT NULL AND period IS NULL)),
  CHECK (kind = 'free_afternoon' OR period IS NOT NULL),
  CHECK (from_time IS NULL OR to_time > from_time)
);
CREATE INDEX class_calendar_entries_unit_idx ON class_calendar_entries (unit_id);

-- Which classes an activity is for.
CREATE TABLE activity_classes (
  activity_id  bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  class_id     bigint NOT NULL REFERENCES classes (id),
  PRIMARY KEY (activity_id, class_id)
);
CREATE INDEX activity_classes_class_idx ON activity_classes (class_id);

-- A class booking is one class at one occurrence, derived like `bookings` (0002) and kept by triggers;
-- the exclusion constraint keeps a class in one activity at a time. Deferred to COMMIT like the
-- resource backstop, so the order of writes inside one transaction does not matter.
CREATE TABLE class_bookings (
  class_id       bigint NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
  occurrence_id  bigint NOT NULL REFERENCES occurrences (id) ON DELETE CASCADE,
  activity_id    bigint NOT NULL,
  period         tstzrange NOT NULL,
  active         boolean NOT NULL,
  PRIMARY KEY (class_id, occurrence_id),
  CONSTRAINT class_bookings_overlap EXCLUDE USING gist (class_id WITH =, period WITH &&)
    WHERE (active) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX class_bookings_activity_idx ON class_bookings (activity_id);

CREATE FUNCTION class_bookings_sync(p_activity bigint) RETURNS void LANGUAGE sql AS $$
  DELETE FROM class_bookings cb
   WHERE cb.activity_id = p_activity
     AND NOT EXISTS (SELECT 1 FROM activity_classes ac WHERE ac.activity_id = p_activity AND ac.class_id = cb.class_id);
  INSERT INTO class_bookings (class_id, occurrence_id, activity_id, period, active)
  SELECT ac.class_id, o.id, o.activity_id, tstzrange(o.starts_at, o.ends_at, '[)'),
         a.status IN ('requested', 'confirmed') AND o.status = 'scheduled'
    FROM activity_classes ac
    JOIN activities a ON a.id = ac.activity_id
    JOIN occurrences o ON o.activity_id = ac.activity_id
   WHERE ac.activity_id = p_activity
  ON CONFLICT (class_id, occurrence_id) DO UPDATE
     SET period = EXCLUDED.period, active = EXCLUDED.active
   WHERE (class_bookings.period, class_bookings.active) IS DISTINCT FROM (EXCLUDED.period, EXCLUDED.active)
$$;

CREATE FUNCTION class_bookings_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'activities' THEN
    PERFORM class_bookings_sync(NEW.id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM class_bookings_sync(OLD.activity_id);
  ELSE
    PERFORM class_bookings_sync(NEW.activity_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER activity_classes_class_bookings AFTER INSERT OR DELETE ON activity_classes
  FOR EACH ROW EXECUTE FUNCTION class_bookings_trigger();
CREATE TRIGGER occurrences_class_bookings AFTER INSERT OR UPDATE OF starts_at, ends_at, status ON occurrences
  FOR EACH ROW EXECUTE FUNCTION class_bookings_trigger();
CREATE TRIGGER activities_class_bookings AFTER UPDATE OF status ON activities
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION class_bookings_trigger();

-- A commitment is what the agreement promises for a term: a kind of activity, for whom, how often, with
-- what, when. `spec` is validated by src/commitments/commitments.schema.ts; ids inside it are checked
-- by the service against classes and resources.
CREATE TABLE commitments (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  term               text NOT NULL CHECK (term ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  organizer_unit_id  bigint NOT NULL REFERENCES units (id),
  kind               text NOT NULL CHECK (kind IN ('exhibition', 'teacher_training', 'summer_camp', 'field_visit',
                                                  'research_study', 'club_session', 'talent_training', 'science_show')),
  title_zh           text NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 200),
  title_en           text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  spec               jsonb NOT NULL CHECK (jsonb_typeof(spec) = 'object'),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitments_term_idx ON commitments (term, id);

-- A plan is the planner's proposal for a term: computed off the request thread (status, progress),
-- its result kept as JSON; pinned items stay where they are when re-planning.
CREATE TABLE plans (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  term         text NOT NULL,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed', 'accepted')),
  progress     jsonb NOT NULL DEFAULT '{}',
  options      jsonb NOT NULL DEFAULT '{}',
  result       jsonb,
  pinned       jsonb NOT NULL DEFAULT '[]',
  acceptance   jsonb,
  error        text,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_term_idx ON plans (term, id);

-- Which activity booked which plan item, so re-planning keeps accepted items where they are.
CREATE TABLE plan_bookings (
  plan_id      bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  item_key     text NOT NULL,
  commitment_id bigint NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
  activity_id  bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  PRIMARY KEY (plan_id, item_key)
);
CREATE INDEX plan_bookings_commitment_idx ON plan_bookings (commitment_id);
