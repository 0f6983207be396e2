import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard for every URL the server itself connects to (calendar subscriptions in imports/,
 * webhook endpoints and group robots in webhooks/): the scheme is checked, credentials refused, the
 * host name resolved once and every address it resolves to checked; callers connect to the returned
 * address (a pinned `lookup`), so a second DNS answer cannot rebind it.
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
  /** CALENDAR_FETCH_ALLOW_PRIVATE / WEBHOOK_ALLOW_PRIVATE: private and loopback addresses allowed (tests, an intranet server). */
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
    throw new RefusedUrlError(`${host} is a loopback, link-local or private address`);
  }
  return addresses[0]!;
}
