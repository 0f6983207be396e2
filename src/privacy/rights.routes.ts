import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import type { RightsService } from './rights.service.ts';
import * as s from './rights.schema.ts';

const tag = 'Privacy';

/** A family's rights (signed link) and organizers acting for a person on request (docs/privacy.md). */
export function rightsRoutes(registry: RouteRegistry, mount: string, rights: RightsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'post', access: 'public', path: '/privacy/requests', tag, status: 202, summary: "Emails a signed link to everything Orrery holds about this address (the same answer whether or not it is known)", body: s.linkRequest, response: s.linkRequested },
    async ({ body }) => (await rights.requestLink(body.email), { accepted: true as const }));
  route({ method: 'get', path: '/privacy/person', tag, summary: "Everything Orrery holds about the signed link's person", query: s.personToken, response: s.personData, errors: { 403: 'personal_link_invalid' } },
    ({ query }) => rights.view(query.token));
  route({ method: 'patch', access: 'public', path: '/privacy/person/registrations/:id', tag, summary: "The person corrects a registration's name, grade or class (signed link)", params: s.personRegistrationParams, query: s.personToken, body: s.correction, response: s.personData, errors: { 403: 'personal_link_invalid' } },
    ({ params, query, body }) => rights.correct(query.token, params.id, body));
  route({ method: 'post', access: 'public', path: '/privacy/person/erasure', tag, summary: "The person asks for erasure (signed link); confirmed by email", query: s.personToken, body: s.erasureAsk, response: s.erasureOutcome, errors: { 403: 'personal_link_invalid', 409: 'erasure_places_held' } },
    ({ query, body }) => rights.eraseByLink(query.token, body.places === 'release'));
  route({ method: 'get', access: 'signed-in', path: '/privacy/people', tag, summary: "A person's data, looked up on their request (organizers: their unit's activities; audited)", query: s.personQuery, response: s.personData },
    ({ query, req }) => rights.lookUp(actorOf(req), query.email));
  route({ method: 'post', path: '/privacy/erasures', tag, summary: "Erases a person on their request (organizers: their unit's activities; audited)", body: s.erasureOnRequest, response: s.erasureOutcome, errors: { 409: 'erasure_places_held' } },
    ({ body, req }) => rights.eraseOnRequest(actorOf(req), body.email, body.places === 'release'));
  route({ method: 'put', path: '/privacy/holds', tag, summary: 'Places or lifts a legal hold on an address: its erasure is refused while it stands (admins)', body: s.holdBody, response: s.holdResponse },
    ({ body, req }) => rights.hold(actorOf(req), body.email, body.reason));
  return r;
}
