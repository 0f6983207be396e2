import http from 'node:http';
import https from 'node:https';
import { checkedAddress, type FetchPolicy } from '../shared/ssrf.ts';

export { checkedAddress, isPrivateAddress, RefusedUrlError, type FetchPolicy } from '../shared/ssrf.ts';

/**
 * Fetching an organizer's ICS URL from the server, without letting it reach the server's own
 * network (SSRF): the host name is resolved once, every address it resolves to is checked, and the
 * connection goes to the checked address (a pinned `lookup`, so a second DNS answer cannot rebind
 * it); TLS still verifies the certificate against the host name. Redirects are followed by hand,
 * each hop checked the same way.
 */

export interface FetchedCalendar {
  status: number;
  etag: string | null;
  lastModified: string | null;
  text: string;
}

const MAX_REDIRECTS = 3;

/** GET with the given headers; follows up to 3 redirects, each target checked; the body at most `maxBytes`. */
export async function fetchCalendar(url: string, headers: Record<string, string>, options: FetchPolicy & { timeoutMs: number; maxBytes: number }): Promise<FetchedCalendar> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    const pinned = await checkedAddress(target, options);
    const res = await getOnce(target, pinned, headers, signal, options.maxBytes);
    if (res.location === null) return res;
    if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    target = new URL(res.location, target);
  }
}

function getOnce(url: URL, pinned: { address: string; family: number }, headers: Record<string, string>, signal: AbortSignal, maxBytes: number): Promise<FetchedCalendar & { location: string | null }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, {
      headers, signal,
      // Connect to the address that was checked, whatever the name resolves to now.
      lookup: (_host, opts, cb) => ((opts as { all?: boolean }).all
        ? (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned])
        : cb(null, pinned.address, pinned.family)),
    }, (res) => {
      const status = res.statusCode ?? 0;
      const location = status >= 300 && status < 400 && status !== 304 ? (res.headers.location ?? null) : null;
      if (location !== null || status === 304 || status >= 400) {
        res.resume();
        resolve({ status, etag: header(res.headers.etag), lastModified: header(res.headers['last-modified']), text: '', location });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) req.destroy(new Error(`larger than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status, etag: header(res.headers.etag), lastModified: header(res.headers['last-modified']), text: Buffer.concat(chunks).toString('utf8'), location: null }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const header = (v: string | string[] | undefined): string | null => (Array.isArray(v) ? v[0] ?? null : v ?? null);
