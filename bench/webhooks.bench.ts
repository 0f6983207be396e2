import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import { benchDatabase, percentile, report } from './lib/db.ts';
import { summary } from './lib/summary.ts';
import { systemClock } from '../src/shared/clock.ts';
import { systemActor } from '../src/shared/actor.ts';
import { createLogger } from '../src/shared/logger.ts';
import { smtpMailer } from '../src/notifications/transport.ts';
import { createWorker } from '../src/notifications/worker.ts';
import { emailKinds } from '../src/emails.ts';
import { linkSigner } from '../src/auth/signed-links.ts';
import { parseConfig } from '../src/config.ts';
import { endpointSenders } from '../src/webhook-senders.ts';
import { publish } from '../src/webhooks/events.ts';
import { webhooksService } from '../src/webhooks/webhooks.service.ts';
import { createWebhookWorker } from '../src/webhooks/worker.ts';
import { startReceiver } from '../tests/helpers/receiver.ts';

/**
 * 1,000 webhook deliveries to a loopback receiver (Standard Webhooks, signed) beside the email outbox
 * in the same run: 1,000 reminders to a loopback SMTP server. One worker each, at the settings users
 * get (WORKER_CONCURRENCY, WORKER_POLL_MS as src/config.ts defaults them), each rate from the moment
 * the rows fall due to the last one accepted. Goal (issue 29): webhook rate ≥ 0.9 × email rate.
 */
const N = Number(process.env.BENCH_WEBHOOKS ?? 1000);
const defaults = parseConfig({});
const log = createLogger('silent');

function smtpReceiver() {
  const accepted = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, size: 1_000_000,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4000) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '?';
        if (!accepted.has(id)) accepted.set(id, performance.now());
        callback();
      });
    },
  });
  return {
    accepted,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`smtp://127.0.0.1:${((server as unknown as { server: { address(): AddressInfo } }).server.address()).port}`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!condition() && performance.now() < end) await new Promise((r) => setTimeout(r, 5));
}

const db = await benchDatabase(30);
const smtp = smtpReceiver();
const smtpUrl = await smtp.listen();
const hooks = await startReceiver();
const compose = { publicBaseUrl: 'http://orrery.bench', from: { name: 'Orrery', address: 'orrery@orrery.bench' }, signer: linkSigner('bench-secret-bench-secret-bench-secret-42') };
const loadBefore = os.loadavg()[0]!;
try {
  const start = DateTime.utc().plus({ days: 10 });
  const { rows: [unit] } = await db.pool.query(`INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('bench', 'academy_unit', '天文馆', 'Planetarium') RETURNING id`);
  const { rows: [activity] } = await db.pool.query(
    `INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, starts_at, ends_at, time_zone, status)
     VALUES ('exhibition', '星空展', 'Night sky exhibition', $1, $2, $3, 'Asia/Shanghai', 'confirmed') RETURNING id`,
    [unit.id, start.toISO(), start.plus({ hours: 2 }).toISO()]);
  const { rows: [occurrence] } = await db.pool.query(
    `INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at) VALUES ($1, $2, $2, $3) RETURNING id`,
    [activity.id, start.toISO(), start.plus({ hours: 2 }).toISO()]);
  await db.pool.query(
    `INSERT INTO registrations (activity_id, email, name, role, language, time_zone, status)
     SELECT $1, 'p' || i || '@school.example.org', '学生' || i, 'student', 'zh-CN', 'Asia/Shanghai', 'confirmed' FROM generate_series(1, $2::int) AS i`, [activity.id, N]);
  const far = DateTime.utc().plus({ years: 1 }).toISO();
  await db.pool.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, occurrence_id, rule, recipient, available_at)
     SELECT 'reminder:' || $2::bigint || ':' || r.id || ':1d', 'reminder', r.id, $1::bigint, $2::bigint, '1d', r.email, $3::timestamptz FROM registrations r WHERE r.activity_id = $1`,
    [activity.id, occurrence.id, far]);
  // One integrator's endpoint and N events, held back until the run.
  await webhooksService(db.pool, systemClock, { allowPrivate: true }).create(systemActor, { url: `${hooks.url}/hook`, eventTypes: ['registration.confirmed'] });
  for (let i = 0; i < N; i++) await publish(db.pool, DateTime.utc().toISO()!, { type: 'registration.confirmed', data: { registrationId: i, activityId: activity.id }, scope: { unitIds: [], classIds: [] } });
  await db.pool.query('UPDATE webhook_deliveries SET available_at = $1::timestamptz', [far]);
  await db.pool.query('ANALYZE');

  // Email: one worker, due now.
  const mailer = smtpMailer(smtpUrl, { rejectUnauthorized: true, maxConnections: defaults.workerConcurrency });
  const mailWorker = createWorker({ pool: db.pool, mailer, clock: systemClock, log, compose, kinds: emailKinds({ signer: compose.signer }), concurrency: defaults.workerConcurrency, pollMs: defaults.workerPollMs, workerId: 'bench-mail' });
  await db.pool.query('UPDATE deliveries SET available_at = now()');
  const mailDue = performance.now();
  mailWorker.start();
  await until(() => smtp.accepted.size >= N, 600_000);
  const mailMs = Math.max(...smtp.accepted.values()) - mailDue;
  await mailWorker.stop();
  mailer.close();

  // Webhooks: one worker, due now.
  const hookWorker = createWebhookWorker({ pool: db.pool, clock: systemClock, log, senders: endpointSenders(), policy: { allowPrivate: true }, concurrency: defaults.workerConcurrency, pollMs: defaults.workerPollMs, workerId: 'bench-hooks' });
  await db.pool.query('UPDATE webhook_deliveries SET available_at = now()');
  const hookDue = performance.now();
  const firstAck = new Map<string, number>();
  hooks.respondWith((r) => {
    const id = String(r.headers['webhook-id']);
    if (!firstAck.has(id)) firstAck.set(id, performance.now());
    return { status: 204 };
  });
  hookWorker.start();
  await until(() => firstAck.size >= N, 600_000);
  const hookMs = Math.max(...firstAck.values()) - hookDue;
  await hookWorker.stop();
  const lags = [...firstAck.values()].map((t) => t - hookDue);
  const duplicates = hooks.requests.length - firstAck.size;
  const { rows: [states] } = await db.pool.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS total FROM webhook_deliveries`);

  const mailRate = (N / mailMs) * 1000;
  const hookRate = (N / hookMs) * 1000;
  report(`webhooks: ${N} deliveries → loopback HTTP vs ${N} emails → loopback SMTP (one worker each, concurrency ${defaults.workerConcurrency}; load ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`, {
    'email outbox: messages/s': mailRate,
    'webhook outbox: deliveries/s': hookRate,
    'webhook lag p95 ms (due → acknowledged)': percentile(lags, 95),
    'webhook: received / duplicates / lost': `${firstAck.size} / ${duplicates} / ${N - firstAck.size}`,
    'webhook rows marked sent': `${states.sent} of ${states.total}`,
    'ratio webhook / email rate, goal ≥ 0.9': hookRate / mailRate,
  });
  summary([{ figure: 'webhook / email outbox rate', value: hookRate / mailRate, goal: { op: '>=', value: 0.9 }, note: `${N} each` }]);
  if (firstAck.size !== N) process.exitCode = 1;
} finally {
  await hooks.close();
  await smtp.close();
  await db.close();
}
