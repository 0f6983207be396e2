-- Loans and custody (issue 13, item 4). A pool may name its units one by one as items (telescope 1–5,
-- each specimen); a loan checks items out to a person, for an activity's claim or standalone.
-- The pool quantity stays the one number every booking check reads: it counts the units bookable from
-- now on, so an item leaving service (or going out on a standalone loan) lowers it under the resource
-- row lock, checked against future peak use (src/loans/pool-units.ts). With every item out of
-- service a pool holds 0, so equipment may now have quantity 0 (nothing can claim it then).
ALTER TABLE resources DROP CONSTRAINT resources_quantity_check;
ALTER TABLE resources ADD CONSTRAINT resources_quantity_check CHECK (quantity BETWEEN 0 AND 100000);

CREATE TABLE items (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id   bigint NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  label         text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  condition     text NOT NULL DEFAULT '' CHECK (length(condition) <= 2000),
  home_location text NOT NULL DEFAULT '' CHECK (length(home_location) <= 500),
  status        text NOT NULL DEFAULT 'in_service' CHECK (status IN ('in_service', 'damaged', 'in_repair', 'lost')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (resource_id, label)
);

-- A loan is of one pool's items. `claim_id` set: it fulfils that claim of a booked activity (the claim's
-- setup/teardown buffers carry transport days of a lent exhibition). Standalone (no claim): its items
-- leave the pool quantity while out. The claim and activity links survive their deletion as history.
CREATE TABLE loans (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id  bigint NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  standalone   boolean NOT NULL,
  claim_id     bigint REFERENCES claims (id) ON DELETE SET NULL,
  activity_id  bigint REFERENCES activities (id) ON DELETE SET NULL,
  holder_name  text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 200),
  holder_email text NOT NULL CHECK (length(holder_email) BETWEEN 3 AND 320),
  out_since    timestamptz NOT NULL,
  due_back     timestamptz NOT NULL,
  note         text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  closed_at    timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (due_back > out_since)
);
CREATE INDEX loans_open_idx ON loans (resource_id) WHERE closed_at IS NULL;
CREATE INDEX loans_claim_idx ON loans (claim_id);

-- An item is never deleted once lent (the service refuses: item_has_loans); the cascade only lets a
-- whole pool be deleted with its items and loans.
CREATE TABLE loan_items (
  loan_id     bigint NOT NULL REFERENCES loans (id) ON DELETE CASCADE,
  item_id     bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  returned_at timestamptz,
  return_note text NOT NULL DEFAULT '' CHECK (length(return_note) <= 2000),
  PRIMARY KEY (loan_id, item_id)
);
-- The backstop of "an item on loan is not free": at most one unreturned loan line per item.
CREATE UNIQUE INDEX loan_items_out_key ON loan_items (item_id) WHERE returned_at IS NULL;

-- The outbox carries prepared messages too (rendered in the cause's transaction): an overdue loan's
-- holder is no participant, so such a delivery names no registration or activity but its loan.
ALTER TABLE deliveries ALTER COLUMN registration_id DROP NOT NULL;
ALTER TABLE deliveries ALTER COLUMN activity_id DROP NOT NULL;
ALTER TABLE deliveries ADD COLUMN loan_id bigint REFERENCES loans (id) ON DELETE CASCADE;
ALTER TABLE deliveries ADD COLUMN subject text;
ALTER TABLE deliveries ADD COLUMN body_text text;
ALTER TABLE deliveries ADD COLUMN body_html text;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN
  ('confirmation', 'waitlisted', 'promotion', 'change', 'cancellation', 'activity_cancelled', 'reminder',
   'registrant_message', 'approval_request', 'approval_decision', 'hold_expiring', 'loan_overdue'));
-- A delivery goes to a registration, a user (staff emails, 0015) or a loan's holder: exactly one.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_one_recipient;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_one_recipient CHECK (num_nonnulls(registration_id, user_id, loan_id) = 1);
ALTER TABLE deliveries ADD CONSTRAINT deliveries_prepared_check CHECK (
  (loan_id IS NOT NULL) = (subject IS NOT NULL AND body_text IS NOT NULL AND body_html IS NOT NULL)
  AND (kind = 'loan_overdue') = (loan_id IS NOT NULL));
