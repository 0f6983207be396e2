import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secret tokens (API tokens, sign-in links, sessions): 32 random bytes in base64url with a short
 * readable prefix saying what they are. Only the SHA-256 hash is stored, so a database leak does
 * not hand out working credentials; lookups go by hash, and comparisons are constant-time.
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function sameSecret(a: string, b: string): boolean {
  const x = hashSecret(a);
  const y = hashSecret(b);
  return timingSafeEqual(x, y);
}

/** Shape check before touching the database: cheap rejection of garbage. */
export function looksLikeSecret(value: string, prefix: string): boolean {
  return value.length < 200 && new RegExp(`^${prefix}_[A-Za-z0-9_-]{43}$`).test(value);
}
