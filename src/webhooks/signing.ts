import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks (https://www.standardwebhooks.com): the headers `webhook-id`, `webhook-timestamp`
 * (Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), signed by
 * the maintained `standardwebhooks` library. During a secret's rotation the header carries two
 * signatures, space-separated, as the specification allows, so the receiver may switch at its pace.
 */

/** A new endpoint secret: `whsec_` and 32 random bytes in base64 (the library's and the specification's format). */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function standardHeaders(secrets: readonly string[], eventId: string, at: Date, body: string): Record<string, string> {
  const signatures = secrets.map((s) => new Webhook(s).sign(eventId, at, body));
  return {
    'content-type': 'application/json',
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
