-- Field visits (issue 25 item 12, issue 26 item 1; docs/field-visits.md).
-- Where an activity that leaves the school goes: destination, meeting point and time, and the
-- contact's phone (`transport` and `contact` — the contact's name — exist since 0019).
ALTER TABLE activities
  ADD COLUMN destination text NOT NULL DEFAULT '' CHECK (length(destination) <= 500),
  ADD COLUMN meeting_point text NOT NULL DEFAULT '' CHECK (length(meeting_point) <= 500),
  ADD COLUMN meeting_at timestamptz,
  ADD COLUMN contact_phone text NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 40),
  -- Readiness: pupils per accompanying adult (NULL: the strictest rule of the units involved),
  -- how many days before the start the head count is final, the confirmed head count, and the
  -- organizer's "ready" mark. readiness_broken_at: a change broke readiness after the mark (notified once).
  ADD COLUMN pupils_per_adult smallint CHECK (pupils_per_adult BETWEEN 1 AND 100),
  ADD COLUMN head_count_days smallint NOT NULL DEFAULT 7 CHECK (head_count_days BETWEEN 0 AND 60),
  ADD COLUMN head_count integer CHECK (head_count >= 0),
  ADD COLUMN head_count_confirmed_at timestamptz,
  ADD COLUMN head_count_confirmed_by text,
  ADD COLUMN ready_at timestamptz,
  ADD COLUMN ready_by text,
  ADD COLUMN readiness_broken_at timestamptz,
  ADD CONSTRAINT activities_head_count_confirmed CHECK ((head_count IS NULL) = (head_count_confirmed_at IS NULL));

-- A unit's rule for accompanying adults: at most this many pupils per adult.
ALTER TABLE units
  ADD COLUMN pupils_per_adult_primary smallint NOT NULL DEFAULT 6 CHECK (pupils_per_adult_primary BETWEEN 1 AND 100),
  ADD COLUMN pupils_per_adult_secondary smallint NOT NULL DEFAULT 10 CHECK (pupils_per_adult_secondary BETWEEN 1 AND 100);

-- A pupil the organizer took off the visit (no consent needed, not counted); the registration stays.
ALTER TABLE registrations
  ADD COLUMN excluded_at timestamptz,
  ADD COLUMN excluded_by text;

-- Readiness emails to the organizers of the school and of the units receiving the visit: prepared
-- (rendered by readiness/, like overdue loans) and addressed to a user.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (
  'confirmation', 'waitlisted', 'promotion', 'change', 'cancellation', 'activity_cancelled', 'reminder',
  'registrant_message', 'approval_request', 'approval_decision', 'hold_expiring', 'loan_overdue',
  'consent_request', 'consent_reminder', 'certificate_issued', 'readiness_missing', 'readiness_broken'));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_prepared_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_prepared_check CHECK (
  ((loan_id IS NOT NULL OR kind IN ('readiness_missing', 'readiness_broken')) = (subject IS NOT NULL AND body_text IS NOT NULL AND body_html IS NOT NULL))
  AND ((kind = 'loan_overdue') = (loan_id IS NOT NULL)));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_staff_kinds;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_staff_kinds CHECK (
  (user_id IS NOT NULL) = (kind IN ('approval_request', 'approval_decision', 'hold_expiring', 'readiness_missing', 'readiness_broken')));
