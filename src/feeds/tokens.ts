import { hash, randomBytes } from 'node:crypto';

/**
 * Feed tokens are the only key to a feed: 32 random bytes (256 bits) in base64url, 43 characters,
 * so they sit in a URL as they are. Only their SHA-256 is stored, and a token is found by its hash
 * (an index lookup on a digest an attacker cannot steer), so no comparison of secret strings happens.
 */
export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

/** One-shot `crypto.hash`: a third of `createHash().update().digest()`'s cost, on every feed poll. */
export function hashFeedToken(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}

/** What a token looks like; the feed route's params schema (feeds.schema.ts) uses it too. */
export const FEED_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Cheap rejection of anything that cannot be a token, before the database or the rate limiter sees it. */
export function looksLikeFeedToken(value: string): boolean {
  return FEED_TOKEN_SHAPE.test(value);
}
