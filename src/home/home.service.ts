import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, UnprocessableError } from '../shared/errors.ts';
import { requireUnitRead, signedIn } from '../shared/policy.ts';
import { inZone } from '../shared/time.ts';
import { selectApprovalsWaiting, selectConsentsMissing, selectFailedEmails, selectFailingChannels, selectHappenings, selectHoldsLapsing, selectOverdueLoans, selectUnit } from './home.queries.ts';
import type { HomeQuery, HomeResponse } from './home.schema.ts';

/** Holds lapsing within this many hours are listed: three days lets a Friday see Monday's. */
const HOLD_WARNING_HOURS = 72;
/** Consents are chased for visits in the next two weeks, the span the consent reminders cover. */
const CONSENT_DAYS = 14;
/** Failed emails older than a month are history, not a to-do (the deliveries tab keeps them). */
const FAILED_EMAIL_DAYS = 30;

/**
 * The organizer home (docs/desk.md): what happens today and this week, and what waits for the
 * unit — approvals, lapsing holds, missing consents, overdue loans, failed emails — in one call.
 * Read-only; every list is bounded; times are shown in the unit's zone.
 */
export function homeService(pool: Pool, clock: Clock) {
  return {
    async home(actor: Actor, query: HomeQuery): Promise<HomeResponse> {
      const principal = signedIn(actor);
      const unitId = query.unitId ?? principal.unitId;
      if (unitId === null) throw new UnprocessableError('unit_required', 'Choose a unit: an admin without a unit names one with unitId');
      requireUnitRead(actor, unitId);
      const unit = await selectUnit(pool, unitId);
      if (!unit) throw new NotFoundError('Unit', unitId);
      const zone = unit.timeZone;
      const now = clock.now().setZone(zone);
      const today = now.startOf('day');
      const tomorrow = today.plus({ days: 1 });
      const weekStart = today.startOf('week');
      const weekEnd = weekStart.plus({ weeks: 1 });
      const iso = (d: typeof now) => d.toUTC().toISO()!;
      const [todayRows, weekRows, approvals, holds, consents, loans, emails, channels] = await Promise.all([
        selectHappenings(pool, unitId, iso(today), iso(tomorrow)),
        selectHappenings(pool, unitId, iso(tomorrow), iso(weekEnd > tomorrow ? weekEnd : tomorrow)),
        selectApprovalsWaiting(pool, unitId),
        selectHoldsLapsing(pool, unitId, iso(now.plus({ hours: HOLD_WARNING_HOURS }))),
        selectConsentsMissing(pool, unitId, iso(now), iso(now.plus({ days: CONSENT_DAYS }))),
        selectOverdueLoans(pool, unitId, iso(now)),
        selectFailedEmails(pool, unitId, iso(now.minus({ days: FAILED_EMAIL_DAYS }))),
        selectFailingChannels(pool, unitId, iso(now.minus({ days: 7 }))),
      ]);
      const z = (value: string) => inZone(value, zone);
      const happening = (r: (typeof todayRows)[number]) => ({ ...r, startsAt: z(r.startsAt), endsAt: z(r.endsAt) });
      return {
        unit: { id: unit.id, name: unit.name },
        timeZone: zone,
        today: today.toISODate()!,
        weekStart: weekStart.toISODate()!,
        weekEnd: weekEnd.minus({ days: 1 }).toISODate()!,
        happeningToday: todayRows.map(happening),
        happeningThisWeek: weekRows.map(happening),
        approvals: approvals.map((r) => ({ ...r, startsAt: z(r.startsAt), holdExpiresAt: r.holdExpiresAt && z(r.holdExpiresAt) })),
        holdsLapsing: holds.map((r) => ({ ...r, startsAt: z(r.startsAt), holdExpiresAt: z(r.holdExpiresAt) })),
        consentsMissing: consents.map((r) => ({ ...r, startsAt: z(r.startsAt) })),
        overdueLoans: loans.map((r) => ({ ...r, dueBack: z(r.dueBack) })),
        failedEmails: emails.map((r) => ({ ...r, failedAt: z(r.failedAt) })),
        failingChannels: channels,
      };
    },
  };
}
export type HomeService = ReturnType<typeof homeService>;
