import { Router } from 'express';
import type { Pool } from '../db/pool.ts';
import { migrationFiles, MIGRATIONS_TABLE } from '../db/migrate.ts';
import { sendProblem } from '../http/problem.ts';

/** /healthz: the process is alive. /readyz: the database answers and every migration is applied. */
export function healthRoutes(pool: Pool): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (req, res) => {
    try {
      const expected = await migrationFiles();
      const { rows } = await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      const applied = new Set(rows.map((row) => row.name));
      const pending = expected.filter((name) => !applied.has(name));
      if (pending.length > 0) {
        sendProblem(req, res, 503, 'not_migrated', 'Migrations are pending', { pending });
        return;
      }
      res.json({ status: 'ready', migrations: expected.length });
    } catch {
      sendProblem(req, res, 503, 'database_unavailable', 'The database is not reachable');
    }
  });
  return r;
}
