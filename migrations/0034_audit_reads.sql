-- Reads of participants' personal data are audited (issue 30 item 3, src/audit/reads.ts): one row per
-- answer, naming the registrations shown. Admins ask "who read this child's data" by registration id.
CREATE INDEX audit_log_reads_idx ON audit_log USING gin ((after -> 'registrationIds')) WHERE action = 'read';
