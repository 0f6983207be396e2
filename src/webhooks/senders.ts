import type { LeasedWebhook } from './deliveries.queries.ts';
import { standardHeaders } from './signing.ts';
import type { PostResult } from './transport.ts';

/**
 * How a delivery goes to an endpoint of one kind: its requests (a robot message too long for its
 * platform is split in parts, sent in order) and what an answer means. The worker knows no
 * platform: `standard` is here, the group robots register theirs from src/channels/ (like email kinds).
 */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type Verdict =
  | { outcome: 'sent' }
  /** Try again later: after `afterMs` when the receiver said (Retry-After, a platform's rate limit), else the backoff. */
  | { outcome: 'retry'; error: string; afterMs?: number | undefined }
  /** This message will never be accepted (malformed for the platform): failed, the endpoint stays on. */
  | { outcome: 'give_up'; error: string }
  /** The endpoint is gone (410, a revoked robot key): failed, and the endpoint is turned off with the reason. */
  | { outcome: 'disable'; error: string };

export interface EndpointSender {
  kind: string;
  /** The requests of a delivery, in order; PURE: `at` is the attempt's time (signatures carry it). */
  requests(d: LeasedWebhook, at: Date): OutgoingRequest[];
  verdict(r: PostResult): Verdict;
}

/** The standard kind: the event as JSON, Standard Webhooks headers, signed with the secret (and the previous one during a rotation). */
export const standardSender: EndpointSender = {
  kind: 'standard',
  requests(d, at) {
    const body = JSON.stringify(d.payload);
    const secrets = [d.secret!, ...(d.previousSecret ? [d.previousSecret] : [])];
    return [{ url: d.url, headers: standardHeaders(secrets, d.eventId, at, body), body }];
  },
  verdict(r) {
    if (r.status >= 200 && r.status < 300) return { outcome: 'sent' };
    // Standard Webhooks: 410 Gone means the receiver wants no more deliveries.
    if (r.status === 410) return { outcome: 'disable', error: 'HTTP 410 Gone: the endpoint asked for no more deliveries' };
    return { outcome: 'retry', error: `HTTP ${r.status}`, afterMs: r.retryAfterMs ?? undefined };
  },
};

export class EndpointSenders {
  readonly #byKind = new Map<string, EndpointSender>();
  constructor(senders: readonly EndpointSender[]) {
    for (const s of senders) {
      if (this.#byKind.has(s.kind)) throw new Error(`endpoint kind '${s.kind}' is registered twice`);
      this.#byKind.set(s.kind, s);
    }
  }
  of(kind: string): EndpointSender | undefined {
    return this.#byKind.get(kind);
  }
}
