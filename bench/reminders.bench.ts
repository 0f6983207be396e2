import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { benchDatabase, percentile, report } from './lib/db.ts';
import { summary } from './lib/summary.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createLogger } from '../src/shared/logger.ts';
import { composeMessage } from '../src/registrations/emails.compose.ts';
import { selectDeliveryDetails } from '../src/registrations/emails.queries.ts';
import { smtpMailer } from '../src/notifications/transport.ts';
import { createWorker } from '../src/notifications/worker.ts';
import { emailKinds } from '../src/emails.ts';
import { linkSigner } from '../src/auth/signed-links.ts';
import { parseConfig } from '../src/config.ts';

/**
 * 10,000 reminders due at the same moment, delivered to a loopback SMTP server by the claim-loop
 * workers, beside a baseline in the same run: nodemailer sending the same rendered messages
 * straight to the same server, no queue. The receiver counts every Message-ID, so losses and
 * duplicates are counted where they would be noticed. The workers run at the settings users get
 * (WORKER_CONCURRENCY and WORKER_POLL_MS as src/config.ts defaults them). Goals (issue 23): queue
 * rate ≥ 95% of the raw rate; lag p95 < 5 s.
 */
const N = Number(process.env.BENCH_REMINDERS ?? 10_000);
const WORKERS = 2;
const defaults = parseConfig({});
const CONCURRENCY = defaults.workerConcurrency; // per worker; the baseline gets WORKERS × CONCURRENCY connections
const log = createLogger('silent');

function receiver() {
  const accepted = new Map<string, number[]>();
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, size: 1_000_000,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4000) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '?';
        accepted.set(id, [...(accepted.get(id) ?? []), performance.now()]);
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
const rx = receiver();
const url = await rx.listen();
const compose = { publicBaseUrl: 'http://orrery.bench', from: { name: 'Orrery', address: 'orrery@orrery.bench' }, signer: linkSigner('bench-secret-bench-secret-bench-secret-42') };
try {
  // One confirmed exhibition ten days ahead, N participants, one '1d' reminder each.
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
     SELECT $1, 'p' || i || '@school.example.org', '学生' || i, 'student', CASE WHEN i % 2 = 0 THEN 'zh-CN' ELSE 'en' END, 'Asia/Shanghai', 'confirmed'
       FROM generate_series(1, $2::int) AS i`, [activity.id, N]);
  await db.pool.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, occurrence_id, rule, recipient, available_at)
     SELECT 'reminder:' || $2::bigint || ':' || r.id || ':1d', 'reminder', r.id, $1::bigint, $2::bigint, '1d', r.email, $3::timestamptz FROM registrations r WHERE r.activity_id = $1`,
    [activity.id, occurrence.id, start.toISO()]);
  await db.pool.query('ANALYZE');

  // Baseline: the same messages, rendered the same way, sent straight through one pooled transport.
  const { rows: ids } = await db.pool.query<{ id: number }>('SELECT id FROM deliveries ORDER BY id');
  const details = await selectDeliveryDetails(db.pool, ids.map((r) => r.id), DateTime.utc().toISO()!);
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: WORKERS * CONCURRENCY, maxMessages: 1000 });
  const baselineStart = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: WORKERS * CONCURRENCY }, async () => {
    while (next < details.length) await transport.sendMail(composeMessage(details[next++]!, DateTime.utc(), compose));
  }));
  const baselineMs = performance.now() - baselineStart;
  transport.close();
  const baselineUnique = rx.accepted.size;
  const baselineDuplicates = [...rx.accepted.values()].filter((t) => t.length > 1).length;
  rx.accepted.clear();

  // The queue: WORKERS claim-loop workers, started just before the reminders fall due.
  const dueAt = DateTime.utc().plus({ milliseconds: 500 });
  await db.pool.query('UPDATE deliveries SET available_at = $1::timestamptz', [dueAt.toISO()]);
  const mailers = Array.from({ length: WORKERS }, () => smtpMailer(url, { rejectUnauthorized: true, maxConnections: CONCURRENCY }));
  const workers = mailers.map((mailer, i) => createWorker({ pool: db.pool, mailer, clock: systemClock, log, compose, kinds: emailKinds({ signer: compose.signer }), concurrency: CONCURRENCY, pollMs: defaults.workerPollMs, workerId: `bench-${i}` }));
  workers.forEach((w) => w.start());
  const dueMs = performance.now() + dueAt.diffNow().toMillis();
  await until(() => rx.accepted.size >= N, 600_000);
  const queueMs = Math.max(...[...rx.accepted.values()].map((t) => t[0]!)) - dueMs;
  await Promise.all(workers.map((w) => w.stop()));
  mailers.forEach((m) => m.close());
  const lags = [...rx.accepted.values()].map((t) => t[0]! - dueMs);
  const duplicates = [...rx.accepted.values()].filter((t) => t.length > 1).length;
  const { rows: [states] } = await db.pool.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS total FROM deliveries`);

  const baselineRate = (N / baselineMs) * 1000;
  const queueRate = (N / queueMs) * 1000;
  report(`reminders: ${N} due at once → loopback SMTP (${WORKERS} workers × ${CONCURRENCY} connections; baseline ${WORKERS * CONCURRENCY} connections)`, {
    'baseline: nodemailer straight, messages/s': baselineRate,
    'baseline: received / duplicates': `${baselineUnique} / ${baselineDuplicates}`,
    'queue: messages/s (due → last accepted)': queueRate,
    'queue: lag p50 ms (due → SMTP accepted)': percentile(lags, 50),
    'queue: lag p95 ms': percentile(lags, 95),
    'queue: lag max ms': Math.max(...lags),
    'queue: received / duplicates / lost': `${rx.accepted.size} / ${duplicates} / ${N - rx.accepted.size}`,
    'queue: rows marked sent': `${states.sent} of ${states.total}`,
    'ratio queue / baseline rate': queueRate / baselineRate,
    'queue cost (1 − ratio), goal < 0.05': 1 - queueRate / baselineRate,
  });
  summary([
    { figure: 'email queue / raw nodemailer rate', value: queueRate / baselineRate, goal: { op: '>=', value: 0.95 }, note: `${N} messages` },
    { figure: `email lag p95, ${N} due at once`, value: percentile(lags, 95) / 1000, unit: 's', goal: { op: '<', value: 5 }, note: N < 10_000 ? 'goal is for 10,000' : undefined },
  ]);
  if (duplicates > 0 || rx.accepted.size !== N) process.exitCode = 1;
} finally {
  await rx.close();
  await db.close();
}
