import http from 'node:http';
import https from 'node:https';
import { checkedAddress, type FetchPolicy } from '../shared/ssrf.ts';

/**
 * One POST to an endpoint, through the SSRF guard at every attempt (a name may resolve elsewhere
 * since it was registered): the connection goes to the checked address; redirects are not
 * followed (a 3xx is an answer, retried like a 5xx). The response body is read up to 4 KB: robots
 * answer their error codes in it.
 */
export interface PostResult {
  status: number;
  /** Retry-After in milliseconds, when the receiver sent one (seconds or an HTTP date). */
  retryAfterMs: number | null;
  body: string;
}

const MAX_BODY = 4096;

export async function postJson(url: string, headers: Record<string, string>, body: string, options: FetchPolicy & { timeoutMs: number; now: () => number }): Promise<PostResult> {
  const target = new URL(url);
  const pinned = await checkedAddress(target, options);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Orrery-Webhooks/1' },
      signal: AbortSignal.timeout(options.timeoutMs),
      lookup: (_host, opts, cb) => ((opts as { all?: boolean }).all
        ? (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned])
        : cb(null, pinned.address, pinned.family)),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        retryAfterMs: retryAfter(res.headers['retry-after'], options.now()),
        body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY),
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfter(value: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\d{1,9}$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
