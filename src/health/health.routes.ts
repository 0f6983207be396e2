import { Router } from 'express';
import type { Pool } from '../db/pool.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { UnavailableError } from '../shared/errors.ts';

/** /healthz: the process is alive. /readyz: the database answers and every migration is applied. */
export function healthRoutes(pool: Pool): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const state = await pendingMigrations(pool).catch(() => undefined);
    if (!state) throw new UnavailableError('database_unavailable', 'The database is not reachable');
    if (state.pending.length > 0) throw new UnavailableError('not_migrated', 'Migrations are pending', { pending: state.pending });
    res.json({ status: 'ready', migrations: state.expected.length });
  });
  return r;
}
