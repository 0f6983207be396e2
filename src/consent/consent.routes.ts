import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { ConsentService } from './consent.service.ts';
import { presentConsent } from './consent.present.ts';
import { activityConsents, consentListQuery, consentParams, consentSigned, consentView } from './consent.schema.ts';

const tag = 'Consent';

export function consentRoutes(registry: RouteRegistry, mount: string, consent: ConsentService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/consents/:id', tag, summary: "A consent request, through the guardian's signed link", params: consentParams, query: consentSigned, response: consentView },
    async ({ params, query }) => presentConsent(await consent.view(params.id, query.sig)));
  route({ method: 'post', access: 'public', path: '/consents/:id/give', tag, summary: 'The guardian consents (signed link)', params: consentParams, query: consentSigned, response: consentView, errors: { 409: 'consent_closed' } },
    async ({ params, query }) => presentConsent(await consent.answer(params.id, query.sig, 'give')));
  route({ method: 'post', access: 'public', path: '/consents/:id/decline', tag, summary: 'The guardian declines, or withdraws a consent before the day: the place goes to the waitlist', params: consentParams, query: consentSigned, response: consentView, errors: { 409: 'consent_too_late' } },
    async ({ params, query }) => presentConsent(await consent.answer(params.id, query.sig, 'decline')));
  route({ method: 'get', access: 'signed-in', path: '/activities/:id/consents', tag, summary: 'Guardian consent of the registrations of an activity, those lacking it first (organizers of its unit)', params: idParams, query: consentListQuery, response: activityConsents },
    ({ params, query, req }) => consent.list(actorOf(req), params.id, query.status));
  return r;
}
