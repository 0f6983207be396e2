import { API, type Mounting } from '../http/mount.ts';
import { checkInSigner } from '../attendance/code.ts';
import { rosterService, type RosterAttendanceChanged } from './roster.service.ts';
import { rosterRoutes } from './roster.routes.ts';
import { rosterSigner } from './roster.sign.ts';

/** The field-visit day's offline roster (/rosters…): synced check-ins become attendance and reissue certificates (`onAttendance`). */
export function mountRoster(ctx: Mounting, deps: { secret: string; consentKinds: readonly string[]; onAttendance: RosterAttendanceChanged }): void {
  const roster = rosterService({ pool: ctx.pool, clock: ctx.clock, signer: rosterSigner(deps.secret), checkIn: checkInSigner(deps.secret), consentKinds: deps.consentKinds, onAttendance: deps.onAttendance });
  ctx.api.use(rosterRoutes(ctx.registry, API, roster));
}
