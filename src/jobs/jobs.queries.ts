import type { Queryable } from '../db/pool.ts';

/**
 * Claims a job's round if it is due, in one statement: the first process whose UPDATE moves
 * next_run_at forward wins; every other process's UPDATE, re-checked after the row lock, finds the
 * round taken. A job seen for the first time is inserted as claimed (concurrent inserts meet on the
 * primary key and fall through to the same check). Times are the database's, so clocks of the
 * processes need not agree.
 */
export async function claimRound(db: Queryable, name: string, everyMs: number, owner: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO periodic_jobs AS j (name, next_run_at, last_started_at, last_started_by, runs)
     VALUES ($1::text, now() + $2::int * interval '1 millisecond', now(), $3::text, 1)
     ON CONFLICT (name) DO UPDATE SET next_run_at = excluded.next_run_at, last_started_at = now(),
       last_started_by = excluded.last_started_by, runs = j.runs + 1
     WHERE j.next_run_at <= now()`, [name, everyMs, owner]);
  return (rowCount ?? 0) > 0;
}

export interface JobRow { name: string; runs: number; lastStartedBy: string | null; nextRunAt: string }

export async function selectJobs(db: Queryable): Promise<JobRow[]> {
  const { rows } = await db.query<JobRow>(
    `SELECT name, runs, last_started_by AS "lastStartedBy", to_json(next_run_at)#>>'{}' AS "nextRunAt" FROM periodic_jobs ORDER BY name`);
  return rows;
}

/**
 * One heartbeat of a serve process: its row is written with the database's time and the live
 * processes are counted, itself included (the count's snapshot does not see its own upsert, hence
 * the 1 +). Rows silent for a day (processes that died without saying goodbye) are deleted on the way.
 */
export async function beat(db: Queryable, owner: string, liveWithinMs: number): Promise<number> {
  const { rows } = await db.query<{ live: number }>(
    `WITH me AS (
       INSERT INTO server_instances (owner, seen_at) VALUES ($1::text, now())
       ON CONFLICT (owner) DO UPDATE SET seen_at = now() RETURNING owner
     ), gone AS (
       DELETE FROM server_instances WHERE seen_at < now() - interval '1 day' AND owner <> $1::text
     )
     SELECT 1 + count(*)::int AS live FROM server_instances
      WHERE owner <> $1::text AND seen_at > now() - $2::int * interval '1 millisecond'`, [owner, liveWithinMs]);
  return rows[0]!.live;
}

export async function deleteInstance(db: Queryable, owner: string): Promise<void> {
  await db.query('DELETE FROM server_instances WHERE owner = $1::text', [owner]);
}
