import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { renderPage } from '../web/layout.ts';
import type { AttendanceService } from './attendance.service.ts';
import { attendanceList, markBody, scanBody, scanResult } from './attendance.schema.ts';

const tag = 'Attendance';

export function attendanceRoutes(registry: RouteRegistry, mount: string, attendance: AttendanceService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/occurrences/:id/attendance', tag, summary: "An occurrence's attendance list: confirmed registrants and their marks (the activity's unit)", params: idParams, response: attendanceList },
    ({ params, req }) => attendance.list(actorOf(req), params.id));
  route({ method: 'get', access: 'signed-in', path: '/occurrences/:id/attendance.csv', tag, summary: "An occurrence's attendance as CSV (UTF-8)", params: idParams, produces: 'text/csv' },
    async ({ params, req, res }) => res.type('text/csv; charset=utf-8').attachment(`occurrence-${params.id}-attendance.csv`).send(await attendance.csv(actorOf(req), params.id)));
  route({ method: 'post', path: '/occurrences/:id/attendance', tag, summary: 'Mark registrants present, late or absent (from the day of the occurrence); audited', params: idParams, body: markBody, response: attendanceList, errors: { 409: 'not_registered, attendance_not_open, occurrence_cancelled' } },
    ({ params, body, req }) => attendance.mark(actorOf(req), params.id, body.marks));
  route({ method: 'post', path: '/occurrences/:id/attendance/all-present', tag, summary: 'Mark every confirmed registrant not marked yet as present', params: idParams, response: attendanceList, errors: { 409: 'attendance_not_open, occurrence_cancelled' } },
    ({ params, req }) => attendance.allPresent(actorOf(req), params.id));
  route({ method: 'post', path: '/occurrences/:id/attendance/scan', tag, summary: "Check a participant in with their signed QR code or short check-in code; scanning twice changes nothing", params: idParams, body: scanBody, response: scanResult,
    errors: { 400: 'check_in_code_invalid', 404: 'check_in_code_unknown', 409: 'check_in_other_activity, check_in_wrong_occurrence, check_in_cancelled, check_in_waitlisted, check_in_day_over, attendance_not_open, occurrence_cancelled' } },
    ({ params, body, req }) => attendance.scan(actorOf(req), params.id, body.code));
  return r;
}

/** The organizer's attendance page for one occurrence (rendered in the browser from the API above). */
export function attendancePages(): Router {
  const r = Router();
  r.get('/organizer/attendance/:id', (req, res) => {
    const id = /^[1-9]\d{0,14}$/.test(req.params.id) ? req.params.id : '0';
    res.type('html').send(renderPage({ title: '考勤', titleKey: 'attendance.title', script: 'attendance.js', data: { occurrence: id } }));
  });
  return r;
}
