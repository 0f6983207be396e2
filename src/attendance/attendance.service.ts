import { DateTime } from 'luxon';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '../db/pool.ts';
import { translatePgError } from '../db/pgErrors.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, BadRequestError, ConflictError, found } from '../shared/errors.ts';
import { requireUnitRead, requireUnitWrite, signedIn, actorLabel } from '../shared/policy.ts';
import * as q from './attendance.queries.ts';
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

  return {
    async list(actor: Actor, occurrenceId: number): Promise<AttendanceList> {
      const o = await load(pool, occurrenceId);
      requireUnitRead(actor, o.organizerUnitId);
      return list(pool, o);
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
     * The door scan. A second scan of the same code changes nothing (`alreadyMarked`); a code of
     * another occurrence is refused before anything is written, naming the session it belongs to.
     */
    async scan(actor: Actor, occurrenceId: number, payload: string): Promise<ScanResult> {
      // Who may scan here first, so a caller without the right learns nothing about codes.
      requireUnitWrite(actor, (await load(pool, occurrenceId)).organizerUnitId);
      const code = checkIn.verify(payload);
      if (!code) throw new BadRequestError('check_in_code_invalid', 'This is not a valid Orrery check-in code (mistyped, altered or from another installation)');
      let name = '';
      let alreadyMarked = false;
      const { list: after } = await write(actor, occurrenceId, async (db, o) => {
        if (code.occurrenceId !== o.occurrenceId) {
          throw new ConflictError('check_in_wrong_occurrence', `This code is for another session (occurrence ${code.occurrenceId}), not this one`, { codeOccurrenceId: code.occurrenceId });
        }
        const registration = await q.selectRegistrationBrief(db, code.registrationId);
        if (!registration || registration.activityId !== o.activityId) throw new ConflictError('not_registered', 'This code names no registration of this activity');
        await requireRegistered(db, o, [registration.id]);
        name = registration.name;
        const current = (await q.selectRoster(db, o.activityId, o.occurrenceId)).find((r) => r.registrationId === registration.id)?.status ?? null;
        alreadyMarked = current === 'present' || current === 'late';
        if (alreadyMarked) return [];
        const late = clock.now() > DateTime.fromISO(o.startsAt).plus({ minutes: LATE_AFTER_MINUTES });
        return [{ registrationId: registration.id, status: late ? 'late' : 'present' }];
      }, 'scan');
      const row = after.items.find((r) => r.registrationId === code.registrationId)!;
      return { registrationId: code.registrationId, name, status: row.status!, alreadyMarked, list: after };
    },

    async csv(actor: Actor, occurrenceId: number): Promise<string> {
      return attendanceCsv(await this.list(actor, occurrenceId));
    },

    /** The check-in code of a registration for the next occurrence still ahead (the participant page and email show it). */
    async codeFor(db: Queryable, registrationId: number, activityId: number, heldOccurrenceId: number | null = null): Promise<{ occurrenceId: number; startsAt: string; endsAt: string; payload: string; svg: string } | null> {
      // A per-session registration is admitted to its own session only, never to the activity's next one.
      const next = await q.selectNextOccurrence(db, activityId, clock.now().toUTC().toISO()!, heldOccurrenceId);
      if (!next) return null;
      const payload = checkIn.sign({ registrationId, occurrenceId: next.id });
      return { occurrenceId: next.id, startsAt: next.startsAt, endsAt: next.endsAt, payload, svg: await qrSvg(payload) };
    },

    noShowCounts: (db: Queryable, activityId: number) => q.selectNoShowCounts(db, activityId),
  };
}
export type AttendanceService = ReturnType<typeof attendanceService>;
