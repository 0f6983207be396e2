import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from '../config.ts';

/**
 * Participants have no account: every email carries links signed with HMAC-SHA256 over the
 * registration id and a purpose, so a link to manage one registration opens nothing else, and the
 * unsubscribe link that mail providers see (List-Unsubscribe) cannot cancel the registration.
 * 'consent' links go to the guardian (docs/consent.md): they answer consent and open nothing else.
 */
export type LinkPurpose = 'manage' | 'unsubscribe' | 'consent';

export interface LinkSigner {
  sign(registrationId: number, purpose: LinkPurpose): string;
  verify(registrationId: number, purpose: LinkPurpose, signature: string | undefined): boolean;
}

export function linkSigner(secret: string): LinkSigner {
  const mac = (registrationId: number, purpose: LinkPurpose) =>
    createHmac('sha256', secret).update(`orrery:registration:${purpose}:${registrationId}`).digest();
  return {
    sign: (registrationId, purpose) => mac(registrationId, purpose).toString('base64url'),
    verify(registrationId, purpose, signature) {
      if (!signature || signature.length > 100) return false;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(registrationId, purpose);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

let processSecret: string | undefined;

/**
 * The signing key: ORRERY_SECRET when set. Production refuses to start without it (a generated
 * key on one machine would break links served by another). Development generates one into the data
 * folder once, so links keep working across restarts; tests use a per-process key.
 */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  if (config.env === 'production') throw new ConfigError('Invalid configuration:\n  ORRERY_SECRET: required in production (32+ random characters)');
  if (config.env === 'test') return (processSecret ??= randomBytes(32).toString('base64url'));
  const file = path.join(config.dataDir, 'secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      // another process created it first: use theirs
    }
    return readFileSync(file, 'utf8').trim();
  }
}
