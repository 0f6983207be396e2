import { recordRead, type PersonalRead } from '../audit/reads.ts';
import { DateTime } from 'luxon';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '../db/pool.ts';
import { translatePgError } from '../db/pgErrors.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, BadRequestError, ConflictError, found } from '../shared/errors.ts';
import { formatCheckInCode, readCheckInInput } from '../shared/check-in-code.ts';
import { requireUnitRead, requireUnitWrite, signedIn, actorLabel } from '../shared/policy.ts';
import * as q from './attendance.queries.ts';
import type { RegistrationBrief } from './attendance.queries.ts';
import type { CheckInSigner } from './code.ts';
import { qrSvg } from './code.ts';
import { attendanceCsv } from './attendance.csv.ts';
import type { AttendanceList, Mark, ScanResult } from './attendance.schema.ts';

/**
 * Attendance per occurrence: the organizer's list (mark present / late / absent, "all present" for
 * the rest) and the door scan of a participant's signed check-in code. Every change is audited in
 * its own transaction; after it, `onChange` (the certificates, composed in app.ts) sees which
 * registrations' attendance changed, in the same transaction.
 */

/** Scanned after the start plus this margin counts as late: a quarter of an hour is the schools' own rule for lessons. */
const LATE_AFTER_MINUTES = 15;

/** Per-row flags beside a name (the consent lookup adds `consent_missing`; see README). */
export type RowFlagger = (db: Queryable, occurrenceId: number, registrationIds: number[]) => Promise<Map<number, string[]>>;
export type AttendanceChanged = (db: PoolClient, actor: Actor, registrationIds: number[], now: DateTime) => Promise<void>;

export interface AttendanceDeps {
  pool: Pool;
  clock: Clock;
  checkIn: CheckInSigner;
  onChange?: AttendanceChanged | undefined;
  flagger?: RowFlagger | undefined;
}

/** 404 `check_in_code_unknown`: a well-formed short code that no registration holds (mistyped, or erased). */
class NotFoundCodeError extends AppError {
  constructor() {
    super(404, 'check_in_code_unknown', 'No registration has this check-in code (mistyped?)');
  }
}

const who = (actor: Actor) => (actor.principal ? actorLabel(signedIn(actor)) : actor.label);

export function attendanceService(deps: AttendanceDeps) {
  const { pool, clock, checkIn } = deps;

  async function load(db: Queryable, occurrenceId: number): Promise<q.OccurrenceContext> {
    return found(await q.selectOccurrenceContext(db, occurrenceId), 'occurrence', occurrenceId);
  }

  /** Marks may be set from the start of the occurrence's day in the activity's zone (the desk opens in the morning), never before. */
  function requireOpen(o: q.OccurrenceContext, now: DateTime): void {
    if (o.occurrenceStatus === 'cancelled') throw new ConflictError('occurrence_cancelled', 'This occurrence is cancelled: there is no attendance to take');
    const opens = DateTime.fromISO(o.startsAt, { zone: 'utc' }).setZone(o.timeZone).startOf('day');
    if (now < opens) throw new ConflictError('attendance_not_open', `Attendance opens on the day of the occurrence (${opens.toISODate()})`);
  }

  async function list(db: Queryable, o: q.OccurrenceContext): Promise<AttendanceList> {
    const rows = await q.selectRoster(db, o.activityId, o.occurrenceId);
    const flags = deps.flagger ? await deps.flagger(db, o.occurrenceId, rows.map((r) => r.registrationId)) : new Map<number, string[]>();
    const count = (s: q.AttendanceStatus | null) => rows.filter((r) => r.status === s).length;
    return {
      occurrence: { id: o.occurrenceId, activityId: o.activityId, kind: o.kind, title: o.title, startsAt: o.startsAt, endsAt: o.endsAt, timeZone: o.timeZone, allDay: o.allDay, status: o.occurrenceStatus },
      counts: { present: count('present'), late: count('late'), absent: count('absent'), unmarked: count(null) },
      items: rows.map((r) => ({ ...r, flags: flags.get(r.registrationId) ?? [] })),
    };
  }

  /** Writes marks and their audit rows in one transaction; the list as it is afterwards. */
  async function write(actor: Actor, occurrenceId: number, pick: (db: PoolClient, o: q.OccurrenceContext) => Promise<Mark[]>, method: q.MarkMethod) {
    try {
      return await withTransaction(pool, async (db) => {
        const now = clock.now();
        const o = await load(db, occurrenceId);
        requireUnitWrite(actor, o.organizerUnitId);
        requireOpen(o, now);
        const marks = await pick(db, o);
        const changed = await q.upsertMarks(db, occurrenceId, marks, method, who(actor), now.toUTC().toISO()!);
        for (const c of changed) {
          await insertAudit(db, actor, { action: 'mark', entity: 'attendance', entityId: c.registrationId,
            before: c.before ? { occurrenceId, status: c.before } : undefined, after: { occurrenceId, status: c.after, method } });
        }
        if (changed.length > 0) await deps.onChange?.(db, actor, changed.map((c) => c.registrationId), now);
        return { changed: changed.length, list: await list(db, o) };
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      return translatePgError(error);
    }
  }

  async function requireRegistered(db: Queryable, o: q.OccurrenceContext, ids: number[]): Promise<void> {
    const known = new Set(await q.selectMarkable(db, o.activityId, o.occurrenceId, ids));
    const unknown = [...new Set(ids)].filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ConflictError('not_registered', `Not registered for this activity: ${unknown.join(', ')}`, { registrationIds: unknown });
  }

  /** The scanned registration when it may be checked in at this occurrence now; else the refusal, in order of what the door needs to hear first. */
  async function admissible(db: Queryable, o: q.OccurrenceContext, r: RegistrationBrief | undefined, signedFor: number | null): Promise<RegistrationBrief> {
    if (!r) throw new NotFoundCodeError();
    if (r.activityId !== o.activityId) throw new ConflictError('check_in_other_activity', 'This code is for a registration of another activity');
    const codeOccurrence = signedFor ?? r.occurrenceId;
    if (codeOccurrence !== null && codeOccurrence !== o.occurrenceId) {
      const codeStartsAt = (await q.selectOccurrenceStart(db, o.activityId, codeOccurrence)) ?? null;
      throw new ConflictError('check_in_wrong_occurrence', `This code is for another session (occurrence ${codeOccurrence}), not this one`,
        { codeOccurrenceId: codeOccurrence, codeStartsAt, timeZone: o.timeZone, allDay: o.allDay });
    }
    if (r.status === 'cancelled') throw new ConflictError('check_in_cancelled', 'This registration is cancelled: not admitted', { name: r.name });
    if (r.status === 'waitlisted') throw new ConflictError('check_in_waitlisted', 'This registration is still on the waitlist: not admitted', { name: r.name });
    // The end is exclusive (an all-day session ends at the next midnight): its last day is that of the moment before.
    const over = DateTime.fromISO(o.endsAt, { zone: 'utc' }).minus({ milliseconds: 1 }).setZone(o.timeZone).endOf('day');
    if (clock.now() > over) throw new ConflictError('check_in_day_over', 'This session\'s day is over: correct marks on the list instead', { startsAt: o.startsAt, timeZone: o.timeZone, allDay: o.allDay });
    return r;
  }

  return {
    async list(actor: Actor, occurrenceId: number, operation: PersonalRead = 'GET /occurrences/{id}/attendance'): Promise<AttendanceList> {
      const o = await load(pool, occurrenceId);
      requireUnitRead(actor, o.organizerUnitId);
      const shown = await list(pool, o);
      await recordRead(pool, actor, { operation, entity: 'occurrence', entityId: occurrenceId, registrationIds: shown.items.map((r) => r.registrationId) });
      return shown;
    },

    async mark(actor: Actor, occurrenceId: number, marks: Mark[]): Promise<AttendanceList> {
      return (await write(actor, occurrenceId, async (db, o) => {
        await requireRegistered(db, o, marks.map((m) => m.registrationId));
        return marks;
      }, 'list')).list;
    },

    /** Everyone confirmed and not marked yet becomes present; marks already set stay. */
    async allPresent(actor: Actor, occurrenceId: number): Promise<AttendanceList> {
      return (await write(actor, occurrenceId, async (db, o) =>
        (await q.selectUnmarked(db, o.activityId, o.occurrenceId)).map((registrationId) => ({ registrationId, status: 'present' as const })), 'list')).list;
    },

    /**
     * The door scan of a signed QR payload or a short code typed or read out (shared/check-in-code.ts).
     * A second scan changes nothing (`alreadyMarked`). Every refusal is decided before anything is
     * written and says why in a code the page words: not a code at all, no such code, another
     * activity's, another session's (naming its start), a cancelled or waitlisted place, a day over.
     */
    async scan(actor: Actor, occurrenceId: number, typed: string): Promise<ScanResult> {
      // Who may scan here first, so a caller without the right learns nothing about codes.
      requireUnitWrite(actor, (await load(pool, occurrenceId)).organizerUnitId);
      const input = readCheckInInput(typed);
      const signed = input.kind === 'signed' ? checkIn.verify(input.payload) : null;
      if (input.kind === 'invalid' || (input.kind === 'signed' && !signed)) {
        throw new BadRequestError('check_in_code_invalid', 'This is not a valid Orrery check-in code (mistyped, altered or from another installation)');
      }
      let scanned: RegistrationBrief | undefined;
      let alreadyMarked = false;
      const { list: after } = await write(actor, occurrenceId, async (db, o) => {
        scanned = signed ? await q.selectRegistrationBrief(db, signed.registrationId) : await q.selectRegistrationByCheckInCode(db, input.kind === 'short' ? input.code : '');
        const registration = await admissible(db, o, scanned, signed?.occurrenceId ?? null);
        const current = (await q.selectRoster(db, o.activityId, o.occurrenceId)).find((r) => r.registrationId === registration.id)?.status ?? null;
        alreadyMarked = current === 'present' || current === 'late';
        if (alreadyMarked) return [];
        const late = clock.now() > DateTime.fromISO(o.startsAt).plus({ minutes: LATE_AFTER_MINUTES });
        return [{ registrationId: registration.id, status: late ? 'late' : 'present' }];
      }, 'scan');
      const registration = scanned!;
      const row = after.items.find((r) => r.registrationId === registration.id)!;
      return { registrationId: registration.id, name: registration.name, status: row.status!, alreadyMarked, list: after };
    },

    async csv(actor: Actor, occurrenceId: number): Promise<string> {
      return attendanceCsv(await this.list(actor, occurrenceId, 'GET /occurrences/{id}/attendance.csv'));
    },

    /** The check-in code of a registration for the next occurrence still ahead (the participant page and email show it). */
    async codeFor(db: Queryable, registrationId: number, activityId: number, heldOccurrenceId: number | null = null): Promise<{ occurrenceId: number; startsAt: string; endsAt: string; payload: string; svg: string; shortCode: string } | null> {
      // A per-session registration is admitted to its own session only, never to the activity's next one.
      const next = await q.selectNextOccurrence(db, activityId, clock.now().toUTC().toISO()!, heldOccurrenceId);
      if (!next) return null;
      const payload = checkIn.sign({ registrationId, occurrenceId: next.id });
      const shortCode = formatCheckInCode((await q.selectCheckInCode(db, registrationId))!);
      return { occurrenceId: next.id, startsAt: next.startsAt, endsAt: next.endsAt, payload, svg: await qrSvg(payload), shortCode };
    },

    noShowCounts: (db: Queryable, activityId: number) => q.selectNoShowCounts(db, activityId),
  };
}
export type AttendanceService = ReturnType<typeof attendanceService>;
