import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { FixedClock, type Clock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { authService } from '../../src/auth/auth.service.ts';
import { feedChangeListener, type FeedChanges } from '../../src/feeds/changes.ts';

export interface TestContext {
  app: Express;
  db: TestDatabase;
  config: Config;
  clock: Clock;
  /** `Authorization` header of an admin made for this app. */
  admin: { Authorization: string };
  /** supertest agent that sends the admin's token with every request. */
  api: TestAgent;
  /** The app's feed change listener (connects on the first feed poll). */
  feedChanges: FeedChanges;
  close(): Promise<void>;
}

const adminHeaders = new WeakMap<Express, { Authorization: string }>();

/** The admin header of a test app (factories use it so fixtures pass authorization). */
export function adminHeadersFor(app: Express): { Authorization: string } {
  const headers = adminHeaders.get(app);
  if (!headers) throw new Error('not an app made by startTestApp');
  return headers;
}

/** The real app on a per-file database; a fixed clock unless one is given. */
export async function startTestApp(options: { env?: Record<string, string>; clock?: Clock; deps?: Partial<AppDeps> } = {}): Promise<TestContext> {
  const db = await createTestDatabase();
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, PUBLIC_BASE_URL: 'http://orrery.test', RATE_LIMIT_PER_MINUTE: '100000', REGISTRATION_RATE_LIMIT: '100000',
    // Guardian consent is off unless a test turns it on (consent.test.ts): most tests register students for the default field visit.
    CONSENT_KINDS: 'none', ...options.env });
  const clock = options.clock ?? new FixedClock('2026-11-24T00:00:00Z');
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const feedChanges = feedChangeListener(db.url, log);
  const app = buildApp({ config, pool: db.pool, log, clock, feedChanges, ...options.deps });
  const { apiToken } = await authService(db.pool, clock, config, async () => undefined)
    .bootstrapUser({ email: 'test-admin@test.example.org', name: 'Test admin', unitId: null, role: 'admin' });
  const admin = { Authorization: `Bearer ${apiToken.token}` };
  adminHeaders.set(app, admin);
  const api = request.agent(app).set(admin);
  const close = async () => {
    await feedChanges.close();
    await db.drop();
  };
  return { app, db, config, clock, admin, api, feedChanges, close };
}

/** Listens on loopback for tests that need a real socket (concurrency, browsers). */
export async function listen(app: Express): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
