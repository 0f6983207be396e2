-- A teacher is emailed when a certificate is issued or reissued (docs/attendance-and-certificates.md):
-- one delivery per certificate code, to the registration, skipped at send time if superseded by then.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (
  'confirmation', 'waitlisted', 'promotion', 'change', 'cancellation', 'activity_cancelled', 'reminder',
  'registrant_message', 'approval_request', 'approval_decision', 'hold_expiring', 'loan_overdue',
  'consent_request', 'consent_reminder', 'certificate_issued'));
