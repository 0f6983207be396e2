import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The roster's signature (PURE but for the HMAC): `R1.<payload>.<mac>`, HMAC-SHA256 with the app
 * secret over the base64url JSON payload, which names exactly what the roster covers — the unit, the
 * day, the activities and occurrences on it, the user and the device session (or API token) that
 * fetched it, and until when it may be synced. The phone keeps it beside the roster; every sync sends
 * it. A copy whose activities or day were altered no longer matches its mac, so marks can only ever be
 * written for the visits it was issued for, and only while that session lives.
 */
export interface RosterScope {
  unitId: number;
  /** The day, YYYY-MM-DD, in each activity's own zone. */
  date: string;
  activityIds: number[];
  occurrenceIds: number[];
  userId: number;
  /** The credential that fetched it: `session:<id>` or `token:<id>`. */
  device: string;
  /** ISO instant after which the roster is no longer accepted. */
  expiresAt: string;
}

const SHAPE = /^R1\.([A-Za-z0-9_-]{10,20000})\.([A-Za-z0-9_-]{43})$/;

export interface RosterSigner {
  sign(scope: RosterScope): string;
  /** The scope it names, or null when it is malformed or its mac does not match. */
  verify(token: string): RosterScope | null;
}

export function rosterSigner(secret: string): RosterSigner {
  const mac = (payload: string) => createHmac('sha256', secret).update(`orrery:roster:${payload}`).digest();
  return {
    sign(scope) {
      const payload = Buffer.from(JSON.stringify(scope)).toString('base64url');
      return `R1.${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      const m = SHAPE.exec(token);
      if (!m) return null;
      const given = Buffer.from(m[2]!, 'base64url');
      const expected = mac(m[1]!);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        return JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as RosterScope;
      } catch {
        return null;
      }
    },
  };
}
