-- Registrations, planned reminders and the email outbox (issue 5). Glossary: src/shared/types.ts.

-- A registration is a participant's place at an activity; beyond capacity it waits on the waitlist
-- (status 'waitlisted', in id order). Participants have no account: they act through signed links.
CREATE TABLE registrations (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  activity_id        bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  email              text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name !~ '[\x00-\x1f\x7f]'),
  role               text NOT NULL CHECK (role IN ('student', 'teacher', 'guardian', 'staff')),
  grade              smallint CHECK (grade BETWEEN 1 AND 12),
  class_name         text CHECK (length(class_name) BETWEEN 1 AND 50),
  language           text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en')),
  -- IANA zone whose quiet hours reminders respect (default: the activity's zone).
  time_zone          text NOT NULL,
  status             text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
  -- Raised each time a cancelled registration is taken up again, so message keys stay unique per round.
  round              integer NOT NULL DEFAULT 1 CHECK (round >= 1),
  -- Added to the activity's SEQUENCE in this participant's invitations. 0 unless the participant
  -- left (their CANCEL needs a higher SEQUENCE than the activity's) and came back.
  sequence_offset    integer NOT NULL DEFAULT 0 CHECK (sequence_offset >= 0),
  reminders_enabled  boolean NOT NULL DEFAULT true,
  -- waitlist order: first come, first promoted (a returning registration queues anew)
  waitlisted_at      timestamptz,
  confirmed_at       timestamptz,
  cancelled_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (activity_id, email)
);
CREATE INDEX registrations_activity_status_idx ON registrations (activity_id, status, id);
CREATE INDEX registrations_waitlist_idx ON registrations (activity_id, waitlisted_at, id) WHERE status = 'waitlisted';

-- The outbox: one row per email Orrery means to send, each with a unique key, so causes that
-- repeat (retried requests, replayed events, two workers) cannot produce a second message.
-- Planned reminders are rows here too (kind 'reminder'): one per occurrence × registration × rule,
-- written in the same transaction as the change that causes them, moved while still pending.
CREATE TABLE deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key       text NOT NULL UNIQUE,
  kind             text NOT NULL CHECK (kind IN ('confirmation', 'waitlisted', 'promotion', 'change',
                                                 'cancellation', 'activity_cancelled', 'reminder')),
  registration_id  bigint NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  activity_id      bigint NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  occurrence_id    bigint REFERENCES occurrences (id) ON DELETE CASCADE,
  -- reminder rule such as '7d' or '2h' (reminders only)
  rule             text CHECK ((kind = 'reminder') = (rule IS NOT NULL AND occurrence_id IS NOT NULL)),
  -- iCalendar SEQUENCE of the invitation carried by this message (activity sequence + offset)
  sequence         integer NOT NULL DEFAULT 0,
  -- METHOD of the attached iTIP invitation, decided when queued (a waitlisted participant never
  -- held an invitation, so leaving sends no CANCEL); NULL = no invitation
  itip_method      text CHECK (itip_method IN ('REQUEST', 'CANCEL')),
  recipient        text NOT NULL,
  -- pending → sending (claimed under a lease) → sent | failed | skipped | cancelled (dropped before sending)
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  -- not before: the reminder's due time, or the next retry after a temporary SMTP failure
  available_at     timestamptz NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  locked_by        text,
  locked_until     timestamptz,
  message_id       text,
  smtp_response    text,
  last_error       text,
  sent_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'sending') = (locked_until IS NOT NULL))
);
-- The claim loop's index: only rows that may still be sent.
CREATE INDEX deliveries_due_idx ON deliveries (available_at, id) WHERE status IN ('pending', 'sending');
-- The unique key of a planned reminder, stated in domain terms (dedupe_key says the same).
CREATE UNIQUE INDEX deliveries_reminder_key ON deliveries (occurrence_id, registration_id, rule) WHERE kind = 'reminder';
CREATE INDEX deliveries_registration_idx ON deliveries (registration_id, kind);
CREATE INDEX deliveries_activity_idx ON deliveries (activity_id, status);
CREATE INDEX deliveries_failed_idx ON deliveries (id) WHERE status = 'failed';
