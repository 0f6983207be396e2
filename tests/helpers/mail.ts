import request from 'supertest';
import { expect } from 'vitest';
import type { Express } from 'express';
import { createLogger } from '../../src/shared/logger.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { smtpMailer, type Mailer } from '../../src/notifications/transport.ts';
import { createWorker, type WorkerDeps } from '../../src/notifications/worker.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import { emailKinds } from '../../src/emails.ts';
import { startTestApp, type TestContext } from './app.ts';
import type { Credential } from './auth.ts';
import { activityBody, createUnit } from './factories.ts';
import { startSmtpCapture, type SmtpCapture } from './smtp.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface MailTest {
  t: TestContext;
  clock: FixedClock;
  smtp: SmtpCapture;
  admin: Credential;
  signer: ReturnType<typeof linkSigner>;
  /** A worker sending to the loopback SMTP server; `mailer` replaces the transport (fault tests). */
  worker(options?: Partial<WorkerDeps>): ReturnType<typeof createWorker>;
  mailer: Mailer;
  close(): Promise<void>;
}

/** The app on its own database, a real SMTP receiver on loopback, and a clock the test moves. */
export async function startMailTest(now = '2026-11-24T00:00:00Z', env: Record<string, string> = {}): Promise<MailTest> {
  const smtp = await startSmtpCapture();
  const clock = new FixedClock(now);
  const t = await startTestApp({ clock, env: { SMTP_URL: smtp.url, ORRERY_SECRET: TEST_SECRET, MAIL_FROM: 'Orrery <orrery@orrery.test>', ...env } });
  const admin: Credential = { userId: 0, headers: t.admin };
  const mailer = smtpMailer(smtp.url, { rejectUnauthorized: true, maxConnections: 3 });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const signer = linkSigner(resolveSecret(t.config));
  const compose = { publicBaseUrl: t.config.publicBaseUrl, from: t.config.mailFrom };
  const kinds = emailKinds({ signer });
  return {
    t, clock, smtp, admin, signer, mailer,
    worker: (options = {}) => createWorker({ pool: t.db.pool, mailer, clock, log, compose, kinds, concurrency: 3, ...options }),
    async close() {
      mailer.close();
      await smtp.close();
      await t.close();
    },
  };
}

/** A confirmed activity (by default a field visit on 2 March 2027, 09:00–11:00 Beijing time). */
export async function confirmedActivity(m: MailTest, overrides: Record<string, unknown> = {}): Promise<{ id: number; sequence: number; organizerUnitId: number }> {
  const unit = await createUnit(m.t.app);
  const res = await request(m.t.app).post('/api/v1/activities').set(m.admin.headers)
    .send(activityBody(unit.id, { status: 'confirmed', title: { 'zh-CN': '麋鹿苑考察', en: 'Milu Park visit' }, ...overrides }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function register(app: Express, activityId: number, overrides: Record<string, unknown> = {}) {
  return request(app).post(`/api/v1/activities/${activityId}/registrations`).send({
    name: '李华', email: `p${Math.random().toString(36).slice(2, 10)}@school.example.org`, role: 'student', grade: 7, class: '3班', language: 'zh-CN', ...overrides,
  });
}

export async function patchActivity(m: MailTest, id: number, body: Record<string, unknown>) {
  const res = await request(m.t.app).patch(`/api/v1/activities/${id}`).set(m.admin.headers).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The text/calendar part of a received message. */
export function invitationOf(mail: { parsed: { alternatives?: unknown; attachments: { contentType: string; content: Buffer }[] } }): string {
  const ics = mail.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.contentType === 'application/ics');
  return ics ? ics.content.toString('utf8') : '';
}

export async function deliveriesOf(m: MailTest, activityId: number): Promise<{ kind: string; status: string; rule: string | null; available_at: Date; registration_id: number }[]> {
  const { rows } = await m.t.db.pool.query('SELECT kind, status, rule, available_at, registration_id FROM deliveries WHERE activity_id = $1 ORDER BY id', [activityId]);
  return rows;
}
