import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { ItemsService } from './items.service.ts';
import type { LoansService } from './loans.service.ts';
import { checkIn, checkOut, custodyResponse, itemCreate, itemList, itemResponse, itemUpdate, loanResponse } from './loans.schema.ts';

const tag = 'Loans';
const poolChange = { 409: 'item_needed, already_exists' };

export function loansRoutes(registry: RouteRegistry, mount: string, items: ItemsService, loans: LoansService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/resources/:id/items', tag, access: 'signed-in', summary: 'List the items of an equipment pool, each with the loan holding it', params: idParams, response: itemList },
    ({ params, req }) => items.list(actorOf(req), params.id));
  route({ method: 'post', path: '/resources/:id/items', tag, summary: 'Add an item to a pool (names an unnamed unit, or grows the pool)', params: idParams, body: itemCreate, status: 201, response: itemResponse, errors: poolChange },
    ({ params, body, req }) => items.create(actorOf(req), params.id, body));
  route({ method: 'patch', path: '/items/:id', tag, summary: 'Change an item; out of service lowers the pool quantity unless future bookings need it', params: idParams, body: itemUpdate, response: itemResponse, errors: poolChange },
    ({ params, body, req }) => items.update(actorOf(req), params.id, body));
  route({ method: 'delete', path: '/items/:id', tag, summary: 'Delete an item that was never lent', params: idParams, status: 204, errors: { 409: 'item_has_loans, item_needed' } },
    ({ params, req }) => items.remove(actorOf(req), params.id));
  route({ method: 'post', path: '/loans', tag, summary: 'Check items out to a holder, for a claim of a booked activity or standalone', body: checkOut, status: 201, response: loanResponse,
    errors: { 409: 'item_on_loan, item_out_of_service, claim_not_booked, claim_quantity_exceeded, item_needed' } },
  ({ body, req }) => loans.checkOut(actorOf(req), body));
  route({ method: 'get', path: '/loans/:id', tag, access: 'signed-in', summary: 'Get a loan and its items', params: idParams, response: loanResponse },
    ({ params, req }) => loans.get(actorOf(req), params.id));
  route({ method: 'post', path: '/loans/:id/check-in', tag, summary: 'Check some or all items of a loan back in, with a condition note', params: idParams, body: checkIn, response: loanResponse },
    ({ params, body, req }) => loans.checkIn(actorOf(req), params.id, body));
  route({ method: 'get', path: '/units/:id/custody', tag, access: 'signed-in', summary: 'Where is everything now: a unit’s pools, items, holders and open loans', params: idParams, response: custodyResponse },
    ({ params, req }) => loans.custody(actorOf(req), params.id));
  return r;
}
