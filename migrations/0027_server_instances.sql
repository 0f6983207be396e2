-- Live serve processes (src/jobs/instances.ts): each one upserts its row every few seconds and
-- counts the rows seen lately, so a limit shared by every instance can be split between them and
-- counted in each process's memory instead of with a database write per request
-- (src/http/rate-limit.ts, docs/operations.md "Rate limits"). UNLOGGED: a heartbeat is worth
-- nothing after a crash; the live processes write their rows again within one beat.
CREATE UNLOGGED TABLE server_instances (
  owner    text PRIMARY KEY,
  seen_at  timestamptz NOT NULL
);
