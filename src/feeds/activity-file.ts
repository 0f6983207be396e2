import { Router } from 'express';
import { z } from 'zod';
import type { Pool } from '../db/pool.ts';
import { actorOf } from '../http/actor.ts';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { selectActivity } from '../booking/activity.queries.ts';
import { selectCalendarActivities } from '../activities/ical-events.queries.ts';
import { NotFoundError } from '../shared/errors.ts';
import { canSeeActivity } from '../shared/policy.ts';
import { renderFeed } from './ical.ts';

/**
 * "Add this to my calendar" on the activity page: one activity as an .ics file (the same VEVENT
 * and UID as the feeds and invitations, so importing it and later subscribing do not duplicate it).
 * Whoever may see the activity may download it.
 */
export function activityFileRoutes(registry: RouteRegistry, mount: string, pool: Pool, publicBaseUrl: string): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  const language = z.strictObject({ lang: z.enum(['zh-CN', 'en']).optional().meta({ description: 'Language of the event text (default both)' }) });
  route({ method: 'get', path: '/activities/:id/calendar.ics', tag: 'Feeds', summary: 'One activity as an iCalendar file (add to my calendar)', params: idParams, query: language, produces: 'text/calendar' },
    async ({ params, query, req, res }) => {
      const activity = await selectActivity(pool, params.id);
      if (!activity || !canSeeActivity(actorOf(req), activity)) throw new NotFoundError('activity', params.id);
      const [calendar] = await selectCalendarActivities(pool, [params.id]);
      if (!calendar) throw new NotFoundError('activity', params.id);
      const text = renderFeed({ name: calendar.title.en || calendar.title['zh-CN'], description: '', language: query.lang ?? 'both', publicBaseUrl }, [calendar]);
      return res.type('text/calendar; charset=utf-8').attachment(`activity-${params.id}.ics`).send(text);
    });
  return r;
}
