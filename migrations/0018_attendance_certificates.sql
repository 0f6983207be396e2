-- Attendance: one mark per registration and occurrence (present, late or absent), set from the
-- organizer's list or by scanning the participant's signed check-in code. The primary key makes a
-- second scan of the same code an update of the same row, never a second row.
CREATE TABLE attendance (
  registration_id bigint NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  occurrence_id bigint NOT NULL REFERENCES occurrences (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('present', 'late', 'absent')),
  method text NOT NULL CHECK (method IN ('list', 'scan')),
  marked_by text NOT NULL CHECK (length(marked_by) <= 200),
  marked_at timestamptz NOT NULL,
  PRIMARY KEY (registration_id, occurrence_id)
);
CREATE INDEX attendance_occurrence_idx ON attendance (occurrence_id);

-- Credit hours of a teacher_training activity, each attended occurrence counting this many hours.
-- Kept apart from activities (whose columns belong to the activities folder).
CREATE TABLE training_credits (
  activity_id bigint PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
  hours_per_occurrence numeric(5, 2) NOT NULL CHECK (hours_per_occurrence > 0 AND hours_per_occurrence <= 24),
  updated_at timestamptz NOT NULL
);

-- Certificates are issued, never edited: when attendance or the credit hours change, the current
-- one is superseded and a new one issued with a new verification code. The facts a certificate shows
-- are copied into it, so what was verified once reads the same later.
CREATE TABLE certificates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{22}$'),
  registration_id bigint NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  activity_id bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  name text NOT NULL,
  title_zh text NOT NULL,
  title_en text NOT NULL,
  first_day date NOT NULL,
  last_day date NOT NULL,
  sessions integer NOT NULL CHECK (sessions >= 1),
  hours numeric(7, 2) NOT NULL CHECK (hours > 0),
  issued_at timestamptz NOT NULL,
  superseded_at timestamptz,
  CHECK (last_day >= first_day)
);
CREATE UNIQUE INDEX certificates_current_idx ON certificates (registration_id) WHERE superseded_at IS NULL;
