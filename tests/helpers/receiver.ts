import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a loopback receiver got, and what it answered (null: it never answered: the sender hung up first). */
export interface Received {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number | null;
  /** The sender hung up before an answer (killed, timed out). */
  hungUp: boolean;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * An HTTP receiver on loopback for webhooks and group robots: it records every request and answers
 * with `respond` (200 `{}` by default); `hold()` keeps requests unanswered until released, so a test
 * can kill the sender mid-request. `acknowledged` lists what it answered with a 2xx.
 */
export async function startReceiver(respond: (r: Received) => Answer | Promise<Answer> = () => ({ status: 200, body: '{}' })) {
  const requests: Received[] = [];
  let held: (() => void)[] | null = null;
  let responder = respond;
  const server = http.createServer((req, res) => {
    let r: Received | undefined;
    res.on('close', () => {
      if (!res.writableFinished && r) r.hungUp = true;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const got: Received = { path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: null, hungUp: false };
      r = got;
      requests.push(got);
      if (held) await new Promise<void>((resolve) => held!.push(resolve));
      if (got.hungUp || res.destroyed || req.socket.destroyed) return;
      const a = await responder(got);
      got.answered = a.status;
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get acknowledged() {
      return requests.filter((r) => r.answered !== null && r.answered >= 200 && r.answered < 300);
    },
    respondWith(next: (r: Received) => Answer | Promise<Answer>) {
      responder = next;
    },
    hold(): () => void {
      held = [];
      return () => {
        const waiting = held ?? [];
        held = null;
        for (const w of waiting) w();
      };
    },
    get held() {
      return held?.length ?? 0;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * Checks a Standard Webhooks request as the specification describes it, independently of the library
 * that signed it: the three headers, and a `v1,` signature that is the base64 HMAC-SHA256, keyed by the
 * base64-decoded part of the `whsec_` secret, of `id.timestamp.body`. Returns the signatures that match each secret.
 */
export function standardSignatureValid(r: Received, secret: string): boolean {
  const id = r.headers['webhook-id'];
  const ts = r.headers['webhook-timestamp'];
  const sig = r.headers['webhook-signature'];
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sig !== 'string' || !/^\d+$/.test(ts)) return false;
  if (r.headers['content-type'] !== 'application/json') return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${r.body}`).digest('base64');
  return sig.split(' ').some((s) => s === `v1,${expected}`);
}
