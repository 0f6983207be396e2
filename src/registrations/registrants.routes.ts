import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { answerOf, registrationAnswer, registrationCreate } from './registrations.schema.ts';
import { messageQueued, registrantMessage } from './registrants.schema.ts';
import type { RegistrantsService } from './registrants.service.ts';
import { overviewList, overviewQuery } from './overview.schema.ts';

const tag = 'Registrations';

export function registrantsRoutes(registry: RouteRegistry, mount: string, registrants: RegistrantsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/registration-overview', tag, summary: "Who is coming across the caller's unit's activities with a session in the next days: places, waitlist, next session and consents missing (the registrations tab's first screen)", query: overviewQuery, response: overviewList, errors: { 403: 'forbidden' } },
    ({ query, req }) => registrants.overview(actorOf(req), query));
  route({ method: 'post', path: '/activities/:id/participants', tag, summary: "An organizer adds a participant by hand (same places and waitlist as registering, confirmation email); an address already registered returns that registration with 200 and alreadyRegistered: true", params: idParams, body: registrationCreate, status: 201, response: registrationAnswer, errors: { 409: 'registration_closed' } },
    async ({ params, body, req, res }) => {
      // The participant's manage link goes to the participant (their email), not to the organizer adding them.
      const answer = answerOf({ ...await registrants.addByHand(actorOf(req), params.id, body), manageUrl: undefined });
      return answer.alreadyRegistered ? res.status(200).json(answer) : answer;
    });
  route({ method: 'post', path: '/activities/:id/messages', tag, summary: 'Email every registrant (or everyone on the waitlist) of an activity through the outbox', params: idParams, body: registrantMessage, status: 202, response: messageQueued },
    ({ params, body, req }) => registrants.message(actorOf(req), params.id, body));
  return r;
}
