-- Email kinds are registered by the feature that sends them (src/notifications/kinds.ts, listed by
-- feature in src/emails.ts), so the outbox no longer lists them: a new kind needs no migration. The
-- database keeps checking the shape of a kind (the registry refuses any other at start-up, and a row
-- of a kind no running worker knows is retried, then failed, visibly); see docs/email.md#kinds.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind ~ '^[a-z][a-z0-9_]{1,39}$');
-- Staff kinds were listed to tie them to user_id; deliveries_one_recipient still requires exactly one
-- addressee (registration, user or loan), and each family reads its rows by its own addressee.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_staff_kinds;
-- A prepared message stores its subject and both bodies, or none of them; a loan's email is always
-- prepared (its cause renders it). No kind named.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_prepared_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_prepared_check
  CHECK (num_nonnulls(subject, body_text, body_html) IN (0, 3) AND (loan_id IS NULL OR subject IS NOT NULL));
