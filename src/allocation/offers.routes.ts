import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { OffersService } from './offers.service.ts';
import type { AllocationService } from './allocation.service.ts';
import { applicationCreate, applicationResponse, applicationUpdate, offerCreate, offerListQuery, offerResponse } from './offers.schema.ts';

const tag = 'Offers and allocation';

const runBody = z.strictObject({ dryRun: z.boolean().default(false).meta({ description: 'Decide and show, store nothing (any time)' }) });
const runResponse = z.object({
  dryRun: z.boolean(), seed: z.number().int(), fairness: z.unknown(), firstCome: z.unknown().meta({ description: 'First come, first served on the same applications, for comparison' }),
  placed: z.number().int(), waitlisted: z.number().int(), booked: z.number().int().meta({ description: 'Slots booked through the booking engine' }), refused: z.number().int(), explanations: z.array(z.unknown()),
});

export function offersRoutes(registry: RouteRegistry, mount: string, offers: OffersService, allocation: AllocationService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/offers', tag, summary: 'List offers (places schools apply for), by term or unit', query: offerListQuery, response: z.array(offerResponse) },
    ({ query, req }) => offers.listOffers(actorOf(req), query));
  route({ method: 'get', access: 'signed-in', path: '/offers/:id', tag, summary: 'Get an offer with its slots', params: idParams, response: offerResponse },
    ({ params }) => offers.getOffer(params.id));
  route({ method: 'post', path: '/offers', tag, summary: 'Publish an offer for a term: slots, grades, class sizes, the application window and the allocation rules', body: offerCreate, status: 201, response: offerResponse },
    ({ body, req }) => offers.createOffer(actorOf(req), body));
  route({ method: 'get', access: 'signed-in', path: '/offers/:id/applications', tag, summary: "An offer's applications (the offer's unit sees all; a school its own)", params: idParams, response: z.array(applicationResponse) },
    ({ params, req }) => offers.listApplications(actorOf(req), params.id));
  route({ method: 'post', path: '/offers/:id/applications', tag, summary: 'Apply for a class with ranked preferred slots (one application per class per offer, while the window is open)', params: idParams, body: applicationCreate, status: 201, response: applicationResponse, errors: { 409: 'application_window_closed, already_applied', 422: 'not_a_school' } },
    ({ params, body, req }) => offers.apply(actorOf(req), params.id, body));
  route({ method: 'get', access: 'signed-in', path: '/applications/:id', tag, summary: 'Get an application with its allocation result', params: idParams, response: applicationResponse },
    ({ params, req }) => offers.getApplication(actorOf(req), params.id));
  route({ method: 'patch', path: '/applications/:id', tag, summary: 'Change an application (class size, preferences) until the window closes', params: idParams, body: applicationUpdate, response: applicationResponse, errors: { 409: 'application_window_closed' } },
    ({ params, body, req }) => offers.updateApplication(actorOf(req), params.id, body));
  route({ method: 'post', path: '/offers/:id/allocation', tag, summary: 'Run the allocation: a dry run any time; for real once the window closed, once (each slot booked through the booking engine)', params: idParams, body: runBody, response: runResponse, errors: { 409: 'offer_not_closed, already_allocated' } },
    ({ params, body, req }) => allocation.run(actorOf(req), params.id, body.dryRun));
  return r;
}
