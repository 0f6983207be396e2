-- Sessions and guardian consent (issue 14 items 1, 3, 5). Glossary: src/shared/types.ts.

-- Whether participants register for the whole series ('series': one enrolment, a club) or for one
-- occurrence ('occurrence': a science show's performances, field-visit days per class). With
-- 'occurrence' the capacity and the waitlist are per occurrence.
ALTER TABLE activities
  ADD COLUMN registration_scope text NOT NULL DEFAULT 'series' CHECK (registration_scope IN ('series', 'occurrence')),
  -- Shown to guardians asked for consent (how pupils travel, whom to call); free text.
  ADD COLUMN transport text NOT NULL DEFAULT '' CHECK (length(transport) <= 2000),
  ADD COLUMN contact text NOT NULL DEFAULT '' CHECK (length(contact) <= 500);

-- The occurrence a per-occurrence registration holds a place at (NULL for series registrations).
-- A participant holds one registration per activity (UNIQUE (activity_id, email) stays): moving
-- changes this column. ON DELETE SET NULL never happens in practice: occurrences of an activity
-- that takes registrations are cancelled, not deleted (series edits re-key them in place).
ALTER TABLE registrations ADD COLUMN occurrence_id bigint REFERENCES occurrences (id) ON DELETE SET NULL;
CREATE INDEX registrations_occurrence_idx ON registrations (occurrence_id, status, id) WHERE occurrence_id IS NOT NULL;

-- A guardian's consent for a minor's registration to an activity that leaves the school. One row
-- per registration; the guardian answers through a link signed for this registration ('consent').
CREATE TABLE consents (
  registration_id  bigint PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
  guardian_email   text NOT NULL CHECK (guardian_email = lower(guardian_email) AND length(guardian_email) BETWEEN 3 AND 254),
  -- pending → given | declined; given → withdrawn (declined and withdrawn free the place)
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'given', 'declined', 'withdrawn')),
  requested_at     timestamptz NOT NULL,
  answered_at      timestamptz,
  -- which link answered: a fingerprint of the signed link (never the signature itself)
  answered_link    text,
  updated_at       timestamptz NOT NULL,
  CHECK ((status = 'pending') = (answered_at IS NULL))
);
CREATE INDEX consents_status_idx ON consents (status);

ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN ('confirmation', 'waitlisted', 'promotion', 'change',
  'cancellation', 'activity_cancelled', 'reminder', 'registrant_message', 'approval_request', 'approval_decision', 'hold_expiring',
  'loan_overdue', 'consent_request', 'consent_reminder'));
