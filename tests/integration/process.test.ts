import { freeLoopbackPort } from '../../src/db/embedded.ts';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['src/cli.ts', 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = async (text: string, ms = 20_000) => {
    const started = Date.now();
    while (!output.includes(text)) {
      if (Date.now() - started > ms) throw new Error(`timed out waiting for "${text}":\n${output}`);
      if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, waitFor, output: () => output };
}

describe('the orrery process', () => {
  it('refuses to start on a wrong variable and names it', async () => {
    const server = startServer({ PORT: 'eighty' });
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(1);
    expect(server.output()).toContain('PORT');
  });

  it('serves the seeded programme, and drains and exits cleanly on SIGTERM', async () => {
    const port = String(await freeLoopbackPort());
    const server = startServer({ DATABASE_URL: db.url, PORT: port });
    await server.waitFor('Orrery is listening');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const activities = (await (await fetch(`http://127.0.0.1:${port}/api/v1/activities`)).json()) as { items: unknown[] };
    expect(activities.items.length).toBeGreaterThan(5);

    // A request whose body is still arriving when SIGTERM lands must be finished, not dropped.
    const req = http.request({ host: '127.0.0.1', port: Number(port), method: 'POST', path: '/api/v1/auth/sign-in', agent: false, headers: { 'Content-Type': 'application/json' } });
    const response = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.write('{"email":');
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await server.waitFor('shutting down');
    req.end('"late@example.org"}');
    expect(await response.catch((e: Error) => `${e.message}\n${server.output()}`)).toBe(202);
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });
});
