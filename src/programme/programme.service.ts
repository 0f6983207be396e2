import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { toDateTime, inZone } from '../shared/time.ts';
import { ValidationError } from '../shared/errors.ts';
import { activityViewer } from '../shared/policy.ts';
import { selectProgramme } from './programme.queries.ts';
import type { ProgrammeQuery } from './programme.schema.ts';

/** Enough for a busy month view; a wider window is cut and says so. */
const MAX_ITEMS = 2000;

export function programmeService(pool: Pool) {
  return {
    async list(actor: Actor, query: ProgrammeQuery) {
      const days = toDateTime(query.to).diff(toDateTime(query.from), 'days').days;
      if (!(days > 0 && days <= 400)) throw new ValidationError('Invalid window', [{ path: 'query.to', message: 'must be after from, and at most 400 days later' }]);
      const rows = await selectProgramme(pool, query, activityViewer(actor), MAX_ITEMS + 1);
      return {
        items: rows.slice(0, MAX_ITEMS).map((r) => ({ ...r, startsAt: inZone(r.startsAt, r.timeZone), endsAt: inZone(r.endsAt, r.timeZone) })),
        truncated: rows.length > MAX_ITEMS,
      };
    },
  };
}
