import { recordRead } from '../audit/reads.ts';
import { DateTime } from 'luxon';
import { withTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { upsertMarks } from '../attendance/attendance.queries.ts';
import type { CheckInSigner } from '../attendance/code.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { BadRequestError, ConflictError, UnauthorizedError } from '../shared/errors.ts';
import { formatCheckInCode, readCheckInInput } from '../shared/check-in-code.ts';
import { requireUnitRead, signedIn } from '../shared/policy.ts';
import * as q from './roster.queries.ts';
import { decide, STEPS, type IncomingMark } from './roster.rules.ts';
import type { RosterScope, RosterSigner } from './roster.sign.ts';
import type { MarkRefusal, RosterResponse, SyncBody, SyncResult } from './roster.schema.ts';

/** Attendance changed by synced check-ins, in the sync's transaction (app.ts passes the certificates' reissue). */
export type RosterAttendanceChanged = (db: PoolClient, actor: Actor, registrationIds: number[], now: DateTime) => Promise<void>;

export interface RosterDeps {
  pool: Pool;
  clock: Clock;
  signer: RosterSigner;
  checkIn: CheckInSigner;
  consentKinds: readonly string[];
  onAttendance?: RosterAttendanceChanged | undefined;
}

/** A roster is accepted for marks until two days after its date: the bus back may be late and the phone offline overnight. */
const SYNC_DAYS_AFTER = 2;

type MarkIn = SyncBody['marks'][number];
type MarkOut = SyncResult['marks'][number];

/**
 * The field-visit day's offline roster (docs/field-visits.md): one organizer unit's visits of one day,
 * signed so that the phone's copy can only mark those visits from that device session, and the sync of
 * the marks and head counts made offline — one transaction per sync, exactly once per pupil and step.
 */
export function rosterService(deps: RosterDeps) {
  const { pool, clock, signer } = deps;

  /** Which registration a mark names and whether it may count; refusals the organizer need not review are not stored. */
  function target(m: MarkIn, scope: RosterScope, byId: Map<number, q.MarkTarget>, byCode: Map<string, q.MarkTarget>): q.MarkTarget | { refused: MarkRefusal } {
    let t: q.MarkTarget | undefined;
    if (m.registrationId !== undefined) t = byId.get(m.registrationId);
    else {
      const input = readCheckInInput(m.code!);
      if (input.kind === 'invalid') return { refused: 'check_in_code_invalid' };
      if (input.kind === 'signed') {
        const signed = deps.checkIn.verify(input.payload);
        if (!signed) return { refused: 'check_in_code_invalid' };
        if (signed.occurrenceId !== m.occurrenceId) return { refused: scope.occurrenceIds.includes(signed.occurrenceId) ? 'roster_other_activity' : 'roster_other_day' };
        t = byId.get(signed.registrationId);
      } else t = byCode.get(input.code);
    }
    if (!t) return { refused: 'check_in_code_unknown' };
    const at = scope.occurrenceIds.indexOf(m.occurrenceId);
    if (at < 0) return { refused: 'roster_other_day' };
    if (t.activityId !== scope.activityIds[at]) return { refused: 'roster_other_activity' };
    if (t.status === 'cancelled') return { refused: 'check_in_cancelled' };
    if (t.status === 'waitlisted') return { refused: 'check_in_waitlisted' };
    if (t.excluded) return { refused: 'not_on_visit' };
    return t;
  }

  async function syncMarks(db: PoolClient, actor: Actor, scope: RosterScope, marks: MarkIn[], revoked: boolean, receivedAt: string) {
    const codes = marks.flatMap((m) => { const i = m.code === undefined ? null : readCheckInInput(m.code); return i?.kind === 'short' ? [i.code] : []; });
    const ids = marks.flatMap((m) => {
      if (m.registrationId !== undefined) return [m.registrationId];
      const i = readCheckInInput(m.code!);
      const signed = i.kind === 'signed' ? deps.checkIn.verify(i.payload) : null;
      return signed ? [signed.registrationId] : [];
    });
    const targets = await q.selectMarkTargets(db, ids, codes);
    const byId = new Map(targets.map((t) => [t.registrationId, t]));
    const byCode = new Map(targets.map((t) => [t.checkInCode, t]));
    const { kept, seen } = await q.selectKeptMarks(db, scope.occurrenceIds, marks.map((m) => m.markId));
    const out: MarkOut[] = new Array(marks.length);
    const counting: { i: number; t: q.MarkTarget }[] = [];
    const stored: q.NewMark[] = [];
    const store = (m: MarkIn, t: q.MarkTarget, refused: q.NewMark['refused']) =>
      stored.push({ markId: m.markId, registrationId: t.registrationId, occurrenceId: m.occurrenceId, step: m.step, method: m.method, device: m.device, deviceTime: m.deviceTime, refused });
    marks.forEach((m, i) => {
      const t = target(m, scope, byId, byCode);
      if ('refused' in t) out[i] = { markId: m.markId, outcome: 'refused', registrationId: null, code: t.refused };
      else if (seen.has(m.markId)) out[i] = { markId: m.markId, outcome: 'duplicate', registrationId: t.registrationId };
      else if (revoked || (t.consent === 'missing')) {
        seen.add(m.markId);
        const code = revoked ? 'device_session_revoked' : 'consent_missing';
        store(m, t, code);
        out[i] = { markId: m.markId, outcome: 'refused', registrationId: t.registrationId, code, kept: true };
      } else counting.push({ i, t });
    });
    const incoming: IncomingMark[] = counting.map(({ i, t }) => ({ markId: marks[i]!.markId, key: `${t.registrationId}:${marks[i]!.occurrenceId}:${marks[i]!.step}`, device: marks[i]!.device, deviceTime: marks[i]!.deviceTime }));
    const { decisions, supersede } = decide(incoming, kept, seen);
    const checkedIn: { registrationId: number; occurrenceId: number }[] = [];
    decisions.forEach((d, k) => {
      const { i, t } = counting[k]!;
      const m = marks[i]!;
      out[i] = { markId: m.markId, registrationId: t.registrationId, ...d };
      if (d.outcome === 'duplicate') return;
      const counts = d.outcome === 'accepted' || d.won;
      store(m, t, counts ? null : 'superseded');
      if (counts && m.step === 'check_in') checkedIn.push({ registrationId: t.registrationId, occurrenceId: m.occurrenceId });
    });
    // Superseded first: a kept mark that an earlier one replaces must leave the unique index before the new one enters.
    await q.supersedeMarks(db, supersede.filter((id) => !stored.some((s) => s.markId === id)));
    for (const s of stored) if (supersede.includes(s.markId)) s.refused = 'superseded';
    await q.insertMarks(db, stored, actor.label, receivedAt);
    return { out, checkedIn, markIds: marks.map((m) => m.markId) };
  }

  /** Check-ins that count become attendance (present, or late by the device's time), which the reports read. */
  async function attend(db: PoolClient, actor: Actor, checkedIn: { registrationId: number; occurrenceId: number }[]) {
    const changed: number[] = [];
    for (const occurrenceId of new Set(checkedIn.map((c) => c.occurrenceId))) {
      // Present, not late: a visit's check-in is at the meeting point, before the start; a mark already set (late, absent by the list) is replaced.
      const marks = checkedIn.filter((c) => c.occurrenceId === occurrenceId).map((c) => ({ registrationId: c.registrationId, status: 'present' as const }));
      const rows = await upsertMarks(db, occurrenceId, marks, 'scan', actor.label, clock.now().toUTC().toISO()!);
      changed.push(...rows.map((r) => r.registrationId));
    }
    if (changed.length > 0) await deps.onAttendance?.(db, actor, changed, clock.now());
  }

  return {
    /** The day's roster of the caller's unit (admins: `unitId`), signed for this device session. */
    async get(actor: Actor, date: string, unitId: number | undefined): Promise<RosterResponse> {
      const p = signedIn(actor);
      const unit = unitId ?? p.unitId;
      if (unit === null) throw new BadRequestError('unit_required', 'Say which unit\'s roster (unitId)');
      requireUnitRead(actor, unit);
      const visits = await q.selectVisitsOfDay(pool, unit, date, deps.consentKinds);
      const people = visits.length > 0 ? await q.selectRosterPeople(pool, [...new Set(visits.map((v) => v.activityId))]) : [];
      const stored = visits.length > 0 ? await q.selectMarks(pool, visits.map((v) => v.occurrenceId)) : [];
      // The roster names pupils, with their codes: a read of minors' data, accounted for (docs/privacy.md).
      await recordRead(pool, actor, { operation: 'GET /rosters/{date}', entity: 'unit', entityId: unit, registrationIds: [...new Set(people.map((r) => Number(r.registrationId)))] });
      const now = clock.now().toUTC();
      const expiresAt = DateTime.fromISO(date, { zone: 'Pacific/Kiritimati' }).plus({ days: SYNC_DAYS_AFTER + 1 }).toUTC().toISO()!;
      const scope: RosterScope = {
        unitId: unit, date, activityIds: visits.map((v) => v.activityId), occurrenceIds: visits.map((v) => v.occurrenceId),
        userId: p.userId, device: p.via.kind === 'session' ? `session:${p.via.sessionId}` : `token:${p.via.tokenId}`, expiresAt,
      };
      return {
        date, unitId: unit, signature: signer.sign(scope), expiresAt, generatedAt: now.toISO()!, steps: [...STEPS],
        visits: visits.map((v) => ({
          ...v,
          people: people.filter((r) => r.activityId === v.activityId && (r.occurrenceId === null || r.occurrenceId === v.occurrenceId)).map((r) => ({
            registrationId: r.registrationId, name: r.name, role: r.role, grade: r.grade, class: r.class, consent: r.consent,
            shortCode: formatCheckInCode(r.shortCode), payload: deps.checkIn.sign({ registrationId: r.registrationId, occurrenceId: v.occurrenceId }),
          })),
        })),
        marks: stored.filter((m) => m.refused === null).map((m) => ({ registrationId: m.registrationId, occurrenceId: m.occurrenceId, step: m.step, deviceTime: m.deviceTime, device: m.device })),
      };
    },

    /**
     * Marks and head counts queued offline, in one request and one transaction. A bad signature or an
     * expired roster is refused whole and changes nothing; a revoked device session's marks are kept
     * as refused for the organizer to review; each other mark gets its own outcome.
     */
    async sync(requestId: string | undefined, body: SyncBody): Promise<SyncResult> {
      const scope = signer.verify(body.signature);
      if (!scope) throw new BadRequestError('roster_signature_invalid', 'This roster\'s signature does not match: it was altered or is from another installation');
      const now = clock.now().toUTC();
      if (now > DateTime.fromISO(scope.expiresAt)) throw new ConflictError('roster_expired', 'This roster\'s day is over: marks are no longer accepted', { date: scope.date });
      const actor: Actor = { label: `user:${scope.userId}/roster:${scope.device}`, requestId };
      const receivedAt = now.toISO()!;
      return withTransaction(pool, async (db) => {
        await q.lockOccurrences(db, scope.occurrenceIds);
        const revoked = !(await q.deviceLives(db, scope.device, receivedAt));
        const { out, checkedIn, markIds } = await syncMarks(db, actor, scope, body.marks, revoked, receivedAt);
        const headCounts = await syncHeadCounts(db, actor, scope, body.headCounts, revoked, receivedAt);
        if (checkedIn.length > 0) await attend(db, actor, checkedIn);
        await insertAudit(db, actor, { action: 'sync', entity: 'roster', entityId: scope.unitId, after: {
          date: scope.date, device: scope.device, sessionRevoked: revoked, marks: markIds.length,
          accepted: out.filter((o) => o.outcome === 'accepted').length, refused: out.filter((o) => o.outcome === 'refused').length,
          headCounts: headCounts.map((h) => h.headCountId),
        } });
        return { sessionRevoked: revoked, receivedAt, marks: out, headCounts };
      });
    },

    /** Every mark and head count of the day's visits, refused ones included, for the organizer's review. */
    async marks(actor: Actor, date: string, unitId: number | undefined) {
      const p = signedIn(actor);
      const unit = unitId ?? p.unitId;
      if (unit === null) throw new UnauthorizedError();
      requireUnitRead(actor, unit);
      const occurrenceIds = (await q.selectVisitsOfDay(pool, unit, date, deps.consentKinds)).map((v) => v.occurrenceId);
      const marks = await q.selectMarks(pool, occurrenceIds);
      await recordRead(pool, actor, { operation: 'GET /rosters/{date}/marks', entity: 'unit', entityId: unit, registrationIds: [...new Set(marks.map((m) => Number(m.registrationId)))] });
      return { marks, headCounts: await q.selectHeadCounts(pool, occurrenceIds) };
    },
  };

  async function syncHeadCounts(db: PoolClient, actor: Actor, scope: RosterScope, counts: SyncBody['headCounts'], revoked: boolean, receivedAt: string): Promise<SyncResult['headCounts']> {
    const { kept, seen } = await q.selectKeptHeadCounts(db, scope.occurrenceIds, counts.map((h) => h.headCountId));
    const results: SyncResult['headCounts'] = [];
    for (const h of counts) {
      if (!scope.occurrenceIds.includes(h.occurrenceId)) { results.push({ headCountId: h.headCountId, outcome: 'refused', code: 'roster_other_day' }); continue; }
      const row: q.NewHeadCount = { ...h, expected: h.counted + h.missing.length, refused: null };
      if (revoked) {
        if (seen.has(h.headCountId)) { results.push({ headCountId: h.headCountId, outcome: 'duplicate' }); continue; }
        seen.add(h.headCountId);
        await q.insertHeadCount(db, { ...row, refused: 'device_session_revoked' }, actor.label, receivedAt);
        results.push({ headCountId: h.headCountId, outcome: 'refused', code: 'device_session_revoked' });
        continue;
      }
      const { decisions: [d], supersede } = decide([{ markId: h.headCountId, key: `${h.occurrenceId}:${h.step}`, device: h.device, deviceTime: h.deviceTime }], kept, seen);
      results.push({ headCountId: h.headCountId, ...d! });
      if (d!.outcome === 'duplicate') continue;
      await q.supersedeHeadCounts(db, supersede);
      await q.insertHeadCount(db, { ...row, refused: d!.outcome === 'accepted' || d!.won ? null : 'superseded' }, actor.label, receivedAt);
    }
    return results;
  }
}
export type RosterService = ReturnType<typeof rosterService>;
