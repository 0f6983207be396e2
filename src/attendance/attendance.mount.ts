import { API, type Mounting } from '../http/mount.ts';
import { attendanceService, type AttendanceChanged, type AttendanceService, type RowFlagger } from './attendance.service.ts';
import { attendancePages, attendanceRoutes } from './attendance.routes.ts';
import { checkInSigner } from './code.ts';

/** Attendance: the API and the organizer's page; check-in codes signed with the app secret. Answers the service (registrations show no-shows, the participant page the code). */
export function mountAttendance(ctx: Mounting, deps: { secret: string; onChange: AttendanceChanged; flagger: RowFlagger }): AttendanceService {
  const attendance = attendanceService({ pool: ctx.pool, clock: ctx.clock, checkIn: checkInSigner(deps.secret), onChange: deps.onChange, flagger: deps.flagger });
  ctx.api.use(attendanceRoutes(ctx.registry, API, attendance));
  ctx.pages.use(attendancePages());
  return attendance;
}
