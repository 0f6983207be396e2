import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { CertificatesService } from './certificates.service.ts';
import { codeParams, hoursBody, trainingHours, verification } from './certificates.schema.ts';

const tag = 'Certificates';

export function certificatesRoutes(registry: RouteRegistry, mount: string, certificates: CertificatesService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/activities/:id/training-hours', tag, summary: "A teacher_training activity's credit hours (the activity's unit)", params: idParams, response: trainingHours },
    ({ params, req }) => certificates.hours(actorOf(req), params.id));
  route({ method: 'put', path: '/activities/:id/training-hours', tag, summary: 'Set the credit hours each attended occurrence earns; certificates are reissued', params: idParams, body: hoursBody, response: trainingHours, errors: { 409: 'not_teacher_training' } },
    ({ params, body, req }) => certificates.setHours(actorOf(req), params.id, body.hoursPerOccurrence));
  route({ method: 'get', access: 'public', path: '/certificates/:code', tag, summary: 'Verify a certificate: name, activity, days and hours only (410 when superseded)', params: codeParams, response: verification, errors: { 404: 'not_found', 410: 'certificate_superseded' } },
    ({ params }) => certificates.verify(params.code));
  return r;
}
