import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInMailer } from '../../src/auth/sign-in.email.ts';
import { smtpMailer } from '../../src/notifications/transport.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';

/**
 * The sign-in answer must not wait for the mail server: if it did, a slow answer would say "this
 * address has an account". A mail server that stalls every message shows it structurally: the
 * known address is answered while its email is still stuck, and the email arrives once released.
 */
let t: TestContext;
let smtp: SMTPServer;
let mailer: ReturnType<typeof smtpMailer>;
const accepted: string[] = [];
let stalled: () => void = () => undefined;
let entered: Promise<void>;
let release: () => void = () => undefined;

function armStall(): void {
  entered = new Promise((resolve) => { stalled = resolve; });
}

beforeAll(async () => {
  armStall();
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        stalled();
        const gate = new Promise<void>((resolve) => { release = resolve; });
        void gate.then(() => {
          accepted.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = (smtp as unknown as { server: { address(): AddressInfo } }).server.address();
  mailer = smtpMailer(`smtp://127.0.0.1:${port}`, { rejectUnauthorized: true, maxConnections: 1 });
  t = await startTestApp({ env: { SIGN_IN_RATE_LIMIT: '1000' }, deps: { signInMailer: signInMailer(mailer, { name: 'Orrery', address: 'orrery@orrery.test' }, createLogger('silent')) } });
  expect((await t.api.post('/api/v1/users').send({ email: 'known@timing.example.org', role: 'admin' })).status).toBe(201);
});
afterAll(async () => {
  release();
  mailer.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.close();
});

const links = async () => (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sign_in_links')).rows[0]!.n;

describe('sign-in answers without waiting for the mail server', () => {
  it('answers a known address while its email is still stuck in the mail server, and the email arrives later', async () => {
    let answered = false;
    const answer = request(t.app).post('/api/v1/auth/sign-in').send({ email: 'known@timing.example.org' }).then((res) => {
      answered = true;
      return res;
    });
    // Whichever comes first: the answer, or the mail server holding the message.
    await Promise.race([answer, entered]);
    await entered;
    expect(accepted).toEqual([]);
    expect(answered, 'the answer waited for the mail server').toBe(true);
    const res = await answer;
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'sent_if_known' });
    release();
    await expect.poll(() => accepted, { timeout: 10_000 }).toEqual(['known@timing.example.org']);
  });

  it('answers an unknown address the same way, storing and sending nothing', async () => {
    const before = await links();
    accepted.length = 0;
    const res = await request(t.app).post('/api/v1/auth/sign-in').send({ email: 'unknown@timing.example.org' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'sent_if_known' });
    expect(await links()).toBe(before);
    expect(accepted).toEqual([]);
  });
});
