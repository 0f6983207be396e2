-- Several instances (issue 17): what used to live in one process's memory moves into the database,
-- so any number of `serve` and `worker` processes behind a round-robin proxy act as one.

-- Rate-limit counters (src/http/rate-limit.ts): one fixed window per key (limiter prefix + client
-- IP or feed token hash). UNLOGGED: a counter is worth nothing after a crash, and skipping WAL makes
-- the per-request upsert commit without waiting for a disk flush. Not replicated to standbys; a
-- failover just starts every window afresh. Expired rows are deleted by the retention job.
CREATE UNLOGGED TABLE rate_limit_hits (
  key        text PRIMARY KEY,
  hits       integer NOT NULL CHECK (hits >= 0),
  resets_at  timestamptz NOT NULL
);

-- Periodic jobs (src/jobs/): one row per job; a process runs a job only after moving next_run_at
-- forward in one UPDATE, so a round runs once across every process, not once per process.
CREATE TABLE periodic_jobs (
  name             text PRIMARY KEY,
  next_run_at      timestamptz NOT NULL,
  last_started_at  timestamptz,
  last_started_by  text,
  runs             bigint NOT NULL DEFAULT 0
);

-- Plan jobs get a lease: the process computing a plan renews it; when it lapses (the process died)
-- another process takes the plan over and computes it again (src/planner/plans.recover.ts).
ALTER TABLE plans ADD COLUMN leased_by text, ADD COLUMN lease_until timestamptz;
CREATE INDEX plans_unfinished_idx ON plans (id) WHERE status IN ('queued', 'running');
