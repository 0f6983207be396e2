import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Fetching an organizer's ICS URL from the server, without letting it reach the server's own
 * network (SSRF): the host name is resolved once, every address it resolves to is checked, and the
 * connection goes to the checked address (a pinned `lookup`, so a second DNS answer cannot rebind
 * it); TLS still verifies the certificate against the host name. Redirects are followed by hand,
 * each hop checked the same way.
 */

/** Loopback, link-local, private (RFC 1918, ULA), CGNAT, unspecified, multicast and reserved ranges. */
const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

/** A URL the server refuses to fetch; `reason` is safe to show to the organizer. */
export class RefusedUrlError extends Error {}

export interface FetchPolicy {
  /** CALENDAR_FETCH_ALLOW_PRIVATE: private and loopback addresses allowed (tests, an intranet timetable). */
  allowPrivate: boolean;
}

/** The address to connect to for `url`, after the scheme and every resolved address are checked. */
export async function checkedAddress(url: URL, policy: FetchPolicy): Promise<{ address: string; family: number }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RefusedUrlError(`${url.protocol} URLs are not fetched (http or https only)`);
  if (url.username || url.password) throw new RefusedUrlError('URLs with credentials are not fetched');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new RefusedUrlError(`${host} does not resolve`);
  }
  if (addresses.length === 0) throw new RefusedUrlError(`${host} does not resolve`);
  if (!policy.allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
    throw new RefusedUrlError(`${host} is a loopback, link-local or private address (see CALENDAR_FETCH_ALLOW_PRIVATE)`);
  }
  return addresses[0]!;
}

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
