import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { withTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { translatePgError } from '../db/pgErrors.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, ConflictError, NotFoundError, found } from '../shared/errors.ts';
import { requireUnitRead, requireUnitWrite } from '../shared/policy.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import { insertDelivery } from '../notifications/outbox.queries.ts';
import { qrPng } from '../attendance/code.ts';
import * as q from './certificates.queries.ts';
import { certificatePdf } from './certificate.pdf.ts';
import type { TrainingHours, Verification } from './certificates.schema.ts';

/**
 * Teacher-training credit hours and the certificates they earn. A certificate is a copy of the
 * facts at the time it was issued (name, activity, days, sessions, hours) under a random public
 * code; it is never edited. When a teacher's attendance or the activity's hours change, `reissue`
 * (run in the attendance change's own transaction) supersedes the current one and issues another:
 * the old code then verifies as superseded (410), and the PDF is rendered from the stored facts.
 */
export interface CertificatesDeps {
  pool: Pool;
  clock: Clock;
  signer: LinkSigner;
  publicBaseUrl: string;
}

// The teacher's email waits 10 minutes: an organizer marking a session, correcting a mark or
// changing the hours reissues the certificate each time, and the worker skips a notice whose code
// was superseded by then, so a burst of changes ends in one email about the last certificate.
export const CERTIFICATE_NOTICE_DELAY = { minutes: 10 } as const;

const newCode = () => randomBytes(16).toString('base64url');
const superseded = () => new AppError(410, 'certificate_superseded', 'This certificate was superseded by a newer one after the attendance or the hours changed; ask its holder for the current one');
type Want = Omit<q.CertificateValues, 'code' | 'issuedAt'>;

/** What the certificate should say now, or null when nothing is earned (not a teacher, no hours set, nothing attended). */
function wanted(e: q.EarnedRow): Want | null {
  if (e.kind !== 'teacher_training' || e.role !== 'teacher' || e.hoursPerOccurrence === null || e.sessions === 0 || !e.firstDay || !e.lastDay) return null;
  return { registrationId: e.registrationId, activityId: e.activityId, name: e.name, titleZh: e.titleZh, titleEn: e.titleEn,
    firstDay: e.firstDay, lastDay: e.lastDay, sessions: e.sessions, hours: Math.round(e.sessions * e.hoursPerOccurrence * 100) / 100 };
}

const same = (c: q.CertificateRow, w: Want) =>
  c.name === w.name && c.titleZh === w.titleZh && c.titleEn === w.titleEn && c.firstDay === w.firstDay && c.lastDay === w.lastDay && c.sessions === w.sessions && c.hours === w.hours;

/** The school year (1 September to 31 August) that `now` falls in, in the zone given. */
export function schoolYear(now: DateTime, zone: string): { from: DateTime; to: DateTime } {
  const local = now.setZone(zone);
  const startYear = local.month >= 9 ? local.year : local.year - 1;
  const from = DateTime.fromObject({ year: startYear, month: 9, day: 1 }, { zone });
  return { from, to: from.plus({ years: 1 }) };
}

export function certificatesService(deps: CertificatesDeps) {
  const { pool, clock } = deps;
  const verifyUrl = (code: string) => `${deps.publicBaseUrl}/certificates/${code}`;

  async function reissue(db: PoolClient, actor: Actor, registrationIds: number[], now: DateTime): Promise<void> {
    if (registrationIds.length === 0) return;
    const current = new Map((await q.selectCurrent(db, registrationIds)).map((c) => [c.registrationId, c]));
    for (const earned of await q.selectEarned(db, registrationIds)) {
      const want = wanted(earned);
      const cur = current.get(earned.registrationId);
      if (cur && want && same(cur, want)) continue;
      const at = now.toUTC().toISO()!;
      if (cur) {
        await q.supersede(db, cur.id, at);
        await insertAudit(db, actor, { action: 'supersede', entity: 'certificate', entityId: cur.id, before: cur });
      }
      if (want) {
        const issued = await q.insertCertificate(db, { ...want, code: newCode(), issuedAt: at });
        await insertAudit(db, actor, { action: 'issue', entity: 'certificate', entityId: issued.id, after: { ...issued, code: undefined } });
        await insertDelivery(db, {
          dedupeKey: `certificate_issued:${issued.code}`, kind: 'certificate_issued', registrationId: issued.registrationId, activityId: issued.activityId,
          sequence: 0, method: null, recipient: earned.email, availableAt: now.plus(CERTIFICATE_NOTICE_DELAY).toUTC().toISO()!, payload: { code: issued.code },
        });
      }
    }
  }

  async function hoursOf(activityId: number): Promise<TrainingHours> {
    const a = found(await q.selectTrainingActivity(pool, activityId), 'activity', activityId);
    return { activityId, hoursPerOccurrence: a.hoursPerOccurrence, sessions: a.sessions, totalHours: a.hoursPerOccurrence === null ? null : a.hoursPerOccurrence * a.sessions };
  }

  async function current(code: string): Promise<q.CertificateRow> {
    const c = await q.selectByCode(pool, code);
    if (!c) throw new NotFoundError('certificate');
    if (c.supersededAt) throw superseded();
    return c;
  }

  return {
    /** For the attendance service (composed in app.ts): attendance of these registrations changed. */
    reissue,

    async hours(actor: Actor, activityId: number): Promise<TrainingHours> {
      requireUnitRead(actor, found(await q.selectTrainingActivity(pool, activityId), 'activity', activityId).organizerUnitId);
      return hoursOf(activityId);
    },

    /** Sets the credit hours of each occurrence; every certificate of the activity is reissued with them. */
    async setHours(actor: Actor, activityId: number, hoursPerOccurrence: number): Promise<TrainingHours> {
      try {
        await withTransaction(pool, async (db) => {
          const now = clock.now();
          const a = found(await q.selectTrainingActivity(db, activityId, true), 'activity', activityId);
          requireUnitWrite(actor, a.organizerUnitId);
          if (a.kind !== 'teacher_training') throw new ConflictError('not_teacher_training', 'Only teacher_training activities carry credit hours');
          await q.upsertCredits(db, activityId, hoursPerOccurrence, now.toUTC().toISO()!);
          await insertAudit(db, actor, { action: 'set_hours', entity: 'training_credits', entityId: activityId, before: { hoursPerOccurrence: a.hoursPerOccurrence }, after: { hoursPerOccurrence } });
          await reissue(db, actor, await q.selectRegistrationIds(db, activityId), now);
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        translatePgError(error);
      }
      return hoursOf(activityId);
    },

    /** What anyone holding the code may see: name, activity, days and hours; 404 unknown, 410 superseded. */
    async verify(code: string): Promise<Verification> {
      const c = await current(code);
      return { status: 'valid', name: c.name, activity: { 'zh-CN': c.titleZh, en: c.titleEn }, firstDay: c.firstDay, lastDay: c.lastDay, hours: c.hours };
    },

    async pdf(code: string): Promise<Buffer> {
      const c = await current(code);
      const url = verifyUrl(c.code);
      return certificatePdf({ ...c, verifyUrl: url, qrPng: await qrPng(url, 360) });
    },

    verifyUrl,

    /** A teacher's hours this school year, through the manage link of any of their registrations (it proves the mailbox). */
    async teacher(registrationId: number, sig: string) {
      if (!deps.signer.verify(registrationId, 'manage', sig)) throw new NotFoundError('registration', registrationId);
      const who = found(await q.selectRegistrationEmail(pool, registrationId), 'registration', registrationId);
      const year = schoolYear(clock.now(), who.timeZone);
      const lines = await q.selectTraining(pool, who.email, year.from.toUTC().toISO()!, year.to.toUTC().toISO()!);
      return { ...who, from: year.from.toISODate()!, to: year.to.minus({ days: 1 }).toISODate()!, lines, totalHours: lines.reduce((n, l) => n + l.hours, 0) };
    },
  };
}
export type CertificatesService = ReturnType<typeof certificatesService>;
