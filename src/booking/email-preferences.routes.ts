import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { notificationPreferences, notificationPreferencesPatch } from './email-preferences.schema.ts';
import type { PreferencesService } from './email-preferences.service.ts';

export function preferencesRoutes(registry: RouteRegistry, mount: string, preferences: PreferencesService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  const tag = 'Notification preferences';
  route({ method: 'get', access: 'signed-in', path: '/me/notification-preferences', tag, summary: 'Which staff emails (approvals) I get', response: notificationPreferences, errors: { 401: 'unauthorized' } },
    ({ req }) => preferences.get(actorOf(req)));
  route({ method: 'patch', path: '/me/notification-preferences', tag, summary: 'Turn kinds of staff email on or off (only the kinds given change)', body: notificationPreferencesPatch, response: notificationPreferences, errors: { 401: 'unauthorized' } },
    ({ body, req }) => preferences.update(actorOf(req), body));
  return r;
}
