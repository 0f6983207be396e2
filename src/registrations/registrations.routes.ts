import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { perClientLimit, type RateLimitStores } from '../http/rate-limit.ts';
import type { RegistrationsService } from './registrations.service.ts';
import { registrationsCsv } from './csv.ts';
import {
  answerOf, registrationAnswer, registrationCreate, registrationListQuery, registrationMove, registrationParams, registrationResponse, signedQuery,
} from './registrations.schema.ts';

const tag = 'Registrations';
const occurrencePlaces = z.object({ id: z.number(), startsAt: z.string(), endsAt: z.string(), confirmed: z.number(), waitlisted: z.number(), seatsLeft: z.number().nullable() });
const places = z.object({
  capacity: z.number().nullable(), confirmed: z.number(), waitlisted: z.number(), seatsLeft: z.number().nullable(),
  registrationScope: z.enum(['series', 'occurrence']),
  guardianConsent: z.boolean().meta({ description: "Registering as a student asks for a guardian's email (docs/consent.md)" }),
  occurrences: z.array(occurrencePlaces).meta({ description: "Upcoming occurrences (not begun, not cancelled): per-occurrence activities with their own places; recurring series-scope activities with the series' places (one registration holds a place at each); empty for one-off activities" }),
});
const list = z.object({ items: z.array(registrationResponse.extend({ noShows: z.number().meta({ description: 'Occurrences the registrant was marked absent at (attendance)' }) })), nextCursor: z.number().nullable() });

export function registrationsRoutes(registry: RouteRegistry, mount: string, registrations: RegistrationsService, opts: { registrationRateLimit: number; rateLimits?: RateLimitStores } = { registrationRateLimit: 30 }): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  r.post('/activities/:id/registrations', perClientLimit(opts.rateLimits, 'registrations', opts.registrationRateLimit, 15, 'registrations'));

  route({ method: 'post', access: 'public', path: '/activities/:id/registrations', tag, summary: 'Register for an activity (waitlisted when full); a repeat with the same email returns the existing one with 200 and alreadyRegistered: true', params: idParams, body: registrationCreate, status: 201, response: registrationAnswer, errors: { 409: 'registration_closed', 429: 'rate_limited' } },
    async ({ params, body, req, res }) => {
      const answer = answerOf(await registrations.register(actorOf(req), params.id, body));
      return answer.alreadyRegistered ? res.status(200).json(answer) : answer;
    });
  route({ method: 'get', access: 'public', path: '/activities/:id/places', tag, summary: 'Places of an activity: capacity, confirmed, waitlist length and seats left (null when unlimited)', params: idParams, response: places },
    ({ params, req }) => registrations.places(actorOf(req), params.id));
  route({ method: 'get', access: 'signed-in', path: '/activities/:id/registrations', tag, summary: "Registrations of an activity (organizers of its unit)", params: idParams, query: registrationListQuery, response: list },
    ({ params, query, req }) => registrations.list(actorOf(req), params.id, query));
  route({ method: 'get', access: 'signed-in', path: '/activities/:id/registrations.csv', tag, summary: 'Registrations of an activity as CSV', params: idParams, produces: 'text/csv' },
    async ({ params, req, res }) => {
      const csv = registrationsCsv(await registrations.all(actorOf(req), params.id));
      return res.type('text/csv; charset=utf-8').attachment(`activity-${params.id}-registrations.csv`).send(csv);
    });
  route({ method: 'get', path: '/registrations/:id', tag, summary: "A participant's own registration, through the signed link in their emails", params: registrationParams, query: signedQuery, response: registrationResponse },
    ({ params, query }) => registrations.get(params.id, query.sig));
  route({ method: 'post', access: 'public', path: '/registrations/:id/cancel', tag, summary: 'Cancel through the signed link; the first on the waitlist moves up', params: registrationParams, query: signedQuery, response: registrationResponse },
    ({ params, query }) => registrations.cancel(params.id, query.sig));
  route({ method: 'post', access: 'public', path: '/registrations/:id/move', tag, summary: 'Move a per-occurrence registration to another occurrence with a free place (one updated invitation)', params: registrationParams, query: signedQuery, body: registrationMove, response: registrationResponse, errors: { 409: 'occurrence_full' } },
    ({ params, query, body }) => registrations.move(params.id, query.sig, body.occurrenceId));
  route({ method: 'post', access: 'public', path: '/registrations/:id/unsubscribe', tag, summary: 'Stop optional mail: reminders and organizers’ messages (RFC 8058 one-click target of their List-Unsubscribe; body ignored)', params: registrationParams, query: signedQuery, response: registrationResponse },
    ({ params, query }) => registrations.unsubscribe(params.id, query.sig));
  return r;
}
