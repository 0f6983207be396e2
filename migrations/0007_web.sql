-- Web pages (issue 7).

-- The participant page lists every registration of the address the signed link belongs to, and a
-- participant feed's fingerprint counts that address's registrations on every poll: both look up
-- registrations by email, which no other index serves.
CREATE INDEX registrations_email_idx ON registrations (email, id);
