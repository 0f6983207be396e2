import request from 'supertest';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { ActivityEvents } from '../../src/shared/activity-events.ts';
import { approvalsService } from '../../src/booking/approvals.service.ts';
import { smtpMailer } from '../../src/notifications/transport.ts';
import { createWorker } from '../../src/notifications/worker.ts';
import { emailKinds } from '../../src/emails.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import { listen, startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp.ts';

/**
 * The simulated world: the real app on its own database, listening on loopback; a real SMTP receiver;
 * the real outbox worker and the real hold sweep, both driven with the simulation's clock. Only the
 * clock is fake. The few source modules imported here are the edges the server itself wires up
 * (main.ts): the worker, the sweep, the link signer.
 */
export const SIM_SECRET = 'simulation-secret-simulation-secret-0123456789';
export const HOLD_EXPIRY_HOURS = 48;
export const ZONE = 'Asia/Shanghai';

export interface SimUnit { id: number; key: string; headers: { Authorization: string } }
export interface SimResource { id: number; key: string; unitId: number; kind: 'venue' | 'staff' | 'equipment'; quantity: number }
export interface SimFeed { id: number; token: string; key: string; type: string; unitId?: number; resourceId?: number; filterUnitId?: number }

export interface World {
  t: TestContext;
  url: string;
  clock: FixedClock;
  smtp: SmtpCapture;
  http(): ReturnType<typeof request>;
  /** How many writing requests (POST, PATCH, PUT, DELETE) were sent so far: a step without one changed nothing through the API. */
  writes(): number;
  admin: { Authorization: string };
  units: SimUnit[];
  resources: SimResource[];
  feeds: SimFeed[];
  sign(registrationId: number, purpose: 'manage' | 'unsubscribe'): string;
  /** The worker's "send what is due" step, at the clock's now. */
  sendDue(): Promise<void>;
  /** The hold sweeper's tick, at the clock's now. */
  sweepHolds(): Promise<number[]>;
  close(): Promise<void>;
}

const UNITS = [
  { key: 'school', kind: 'school' },
  { key: 'planetarium', kind: 'academy_unit' },
  { key: 'museum', kind: 'academy_unit' },
  { key: 'ecology', kind: 'academy_unit' },
] as const;

const RESOURCES: { key: string; unit: string; kind: SimResource['kind']; quantity: number; category?: string }[] = [
  { key: 'classroom', unit: 'school', kind: 'venue', quantity: 1 },
  { key: 'tablets', unit: 'school', kind: 'equipment', quantity: 6, category: 'tablet' },
  { key: 'dome', unit: 'planetarium', kind: 'venue', quantity: 1 },
  { key: 'telescopes', unit: 'planetarium', kind: 'equipment', quantity: 5, category: 'telescope' },
  { key: 'astronomer', unit: 'planetarium', kind: 'staff', quantity: 1 },
  { key: 'hall', unit: 'museum', kind: 'venue', quantity: 1 },
  { key: 'microscopes', unit: 'museum', kind: 'equipment', quantity: 4, category: 'microscope' },
  { key: 'guide', unit: 'museum', kind: 'staff', quantity: 1 },
  { key: 'deer-park', unit: 'ecology', kind: 'venue', quantity: 1 },
  { key: 'binoculars', unit: 'ecology', kind: 'equipment', quantity: 3, category: 'binoculars' },
];

export async function startWorld(start: string): Promise<World> {
  const smtp = await startSmtpCapture();
  const clock = new FixedClock(start);
  const events = new ActivityEvents();
  const t = await startTestApp({
    clock,
    deps: { events },
    env: { SMTP_URL: smtp.url, ORRERY_SECRET: SIM_SECRET, MAIL_FROM: 'Orrery <orrery@orrery.test>', HOLD_EXPIRY_HOURS: String(HOLD_EXPIRY_HOURS), FEED_RATE_LIMIT_PER_MINUTE: '100000' },
  });
  const server = await listen(t.app);
  let writes = 0;
  const WRITING = new Set(['post', 'patch', 'put', 'delete']);
  const http = () => new Proxy(request(server.url), {
    get(target, name, receiver) {
      if (typeof name === 'string' && WRITING.has(name)) writes++;
      return Reflect.get(target, name, receiver);
    },
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const mailer = smtpMailer(smtp.url, { rejectUnauthorized: true, maxConnections: 1 });
  const signer = linkSigner(resolveSecret(t.config));
  // One lane, so messages to one participant reach the receiver in the order the outbox holds them.
  const worker = createWorker({ pool: t.db.pool, mailer, clock, log, compose: { publicBaseUrl: t.config.publicBaseUrl, from: t.config.mailFrom }, kinds: emailKinds({ signer }), concurrency: 1 });
  const approvals = approvalsService(t.db.pool, events, { clock, holdExpiryHours: t.config.holdExpiryHours });

  const units: SimUnit[] = [];
  for (const u of UNITS) {
    const res = await http().post('/api/v1/units').set(t.admin).send({ slug: `sim-${u.key}`, kind: u.kind, name: { 'zh-CN': `单位 ${u.key}`, en: `Unit ${u.key}` }, timeZone: ZONE });
    if (res.status !== 201) throw new Error(`unit ${u.key}: ${res.status} ${JSON.stringify(res.body)}`);
    const organizer = await userWithToken(t, 'organizer', res.body.id);
    units.push({ id: res.body.id, key: u.key, headers: organizer.headers });
  }
  const unitOf = (key: string) => units.find((u) => u.key === key)!;
  const resources: SimResource[] = [];
  for (const r of RESOURCES) {
    const body = { unitId: unitOf(r.unit).id, kind: r.kind, name: { 'zh-CN': `资源 ${r.key}`, en: `Resource ${r.key}` }, quantity: r.quantity, ...(r.category ? { category: r.category } : {}) };
    const res = await http().post('/api/v1/resources').set(t.admin).send(body);
    if (res.status !== 201) throw new Error(`resource ${r.key}: ${res.status} ${JSON.stringify(res.body)}`);
    resources.push({ id: res.body.id, key: r.key, unitId: unitOf(r.unit).id, kind: r.kind, quantity: r.quantity });
  }
  const feeds: SimFeed[] = [];
  const feed = async (key: string, headers: { Authorization: string }, body: Record<string, unknown>, extra: Partial<SimFeed>) => {
    const res = await http().post('/api/v1/feeds').set(headers).send({ name: `Feed ${key}`, ...body });
    if (res.status !== 201) throw new Error(`feed ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    feeds.push({ id: res.body.id, token: res.body.token, key, type: String(body.type), ...extra });
  };
  const school = unitOf('school');
  const planetarium = unitOf('planetarium');
  await feed('programme', school.headers, { type: 'programme', ownerUnitId: school.id, language: 'both' }, {});
  await feed('programme-planetarium', school.headers, { type: 'programme', ownerUnitId: school.id, language: 'both', filters: { unitIds: [planetarium.id] } }, { filterUnitId: planetarium.id });
  for (const u of units) await feed(`unit-${u.key}`, u.headers, { type: 'unit', ownerUnitId: u.id, unitId: u.id, language: 'both' }, { unitId: u.id });
  const telescopes = resources.find((r) => r.key === 'telescopes')!;
  await feed('resource-telescopes', planetarium.headers, { type: 'resource', ownerUnitId: planetarium.id, resourceId: telescopes.id, language: 'both' }, { resourceId: telescopes.id });

  return {
    t, url: server.url, clock, smtp, http, writes: () => writes, admin: t.admin, units, resources, feeds,
    sign: (id, purpose) => signer.sign(id, purpose),
    async sendDue() {
      await worker.drain();
    },
    sweepHolds: () => approvals.expireHolds(),
    async close() {
      mailer.close();
      await server.close();
      await smtp.close();
      await t.close();
    },
  };
}
