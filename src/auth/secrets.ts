import { createHash, randomBytes } from 'node:crypto';

/**
 * Secret tokens (API tokens, sign-in links, sessions): 32 random bytes in base64url with a short
 * readable prefix saying what they are. Only the SHA-256 hash is stored, so a database leak does
 * not hand out working credentials; lookups go by hash (an index lookup, so no secret is compared byte by byte in JavaScript).
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Shape check before touching the database: cheap rejection of garbage. */
export function looksLikeSecret(value: string, prefix: string): boolean {
  return value.length < 200 && new RegExp(`^${prefix}_[A-Za-z0-9_-]{43}$`).test(value);
}
