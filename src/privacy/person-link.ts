import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DateTime } from 'luxon';

/**
 * A family's link (issue 30 item 4): it opens everything Orrery holds about one address, so it is
 * signed (HMAC-SHA256 with the app secret, a purpose of its own so no other signed link can stand
 * in for it) and expires. The token carries the address and the expiry; nothing is stored, and a
 * link that was sent cannot be told from a fresh one except by its expiry. PURE: time comes in.
 */
export interface PersonLinks {
  sign(email: string, expiresAt: DateTime): string;
  /** The address the token names, or null when forged, malformed or expired at `now`. */
  verify(token: string, now: DateTime): string | null;
}

const SHAPE = /^(\d{1,12})\.([A-Za-z0-9_-]{4,400})\.([A-Za-z0-9_-]{43})$/;

export function personLinks(secret: string): PersonLinks {
  const mac = (email: string, expires: number) => createHmac('sha256', secret).update(`orrery:person:${expires}:${email}`).digest();
  return {
    sign(email, expiresAt) {
      const expires = Math.floor(expiresAt.toSeconds());
      return `${expires}.${Buffer.from(email, 'utf8').toString('base64url')}.${mac(email, expires).toString('base64url')}`;
    },
    verify(token, now) {
      const m = SHAPE.exec(token);
      if (!m) return null;
      const expires = Number(m[1]);
      const email = Buffer.from(m[2]!, 'base64url').toString('utf8');
      const given = Buffer.from(m[3]!, 'base64url');
      const expected = mac(email, expires);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return now.toSeconds() < expires ? email : null;
    },
  };
}
