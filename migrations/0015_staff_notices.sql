-- Emails to staff (organizers) go through the same outbox as participants' emails: an approval
-- request to the organizers of the unit that owns a claimed resource, the decision and a reminder
-- of a lapsing hold to the requesting unit's organizers. Those rows name a user instead of a
-- registration; exactly one of the two is set.
ALTER TABLE deliveries ALTER COLUMN registration_id DROP NOT NULL;
ALTER TABLE deliveries ADD COLUMN user_id bigint REFERENCES users (id) ON DELETE CASCADE;
-- The claim an approval email is about (gone: the email is skipped).
ALTER TABLE deliveries ADD COLUMN claim_id bigint REFERENCES claims (id) ON DELETE SET NULL;
-- What the cause knew and the send cannot read back: a decision's reason, the hold a reminder is
-- about, an organizer's message to registrants.
ALTER TABLE deliveries ADD COLUMN payload jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_one_recipient CHECK ((registration_id IS NULL) <> (user_id IS NULL));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN (
  'confirmation', 'waitlisted', 'promotion', 'change', 'cancellation', 'activity_cancelled', 'reminder',
  'registrant_message', 'approval_request', 'approval_decision', 'hold_expiring'));
ALTER TABLE deliveries ADD CONSTRAINT deliveries_staff_kinds CHECK (
  (user_id IS NOT NULL) = (kind IN ('approval_request', 'approval_decision', 'hold_expiring')));
CREATE INDEX deliveries_user_id ON deliveries (user_id) WHERE user_id IS NOT NULL;

-- Staff emails a user turned off, by kind (GET/PATCH /api/v1/me/notification-preferences).
ALTER TABLE users ADD COLUMN email_opt_outs text[] NOT NULL DEFAULT '{}'
  CHECK (email_opt_outs <@ '{approval_request,approval_decision,hold_expiring}'::text[]);
