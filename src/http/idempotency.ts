import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import { actorOf } from './actor.ts';
import { PROBLEM_TYPE } from './problem.ts';
import { BadRequestError, ConflictError, UnprocessableError } from '../shared/errors.ts';
import { redactUrl } from './redact.ts';
import { claimKey, releaseKey, selectKey, storeAnswer } from './idempotency.queries.ts';

const KEY = /^[\x21-\x7e]{1,200}$/;

export interface IdempotencySettings {
  /** Hours a stored answer is replayed; after that the key is free again (and swept: src/retention/). */
  idempotencyKeyHours: number;
  /** Seconds a first request holds its key without answering before a retry may take it over. */
  idempotencyLeaseSeconds: number;
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its response is stored; a
 * retry with the same key and the same request gets that response again (no second record); the
 * same key with a different request is refused. Keys are scoped to the acting user, or shared
 * among anonymous callers (who must then pick unguessable keys, as clients do with UUIDs).
 * 5xx answers are not stored, so a retry after a server error runs again. A first request that
 * never answers (its process died) holds the key only for its lease; a stored answer is replayed
 * for IDEMPOTENCY_KEY_HOURS.
 */
export function idempotency(pool: Pool, clock: Clock, settings: IdempotencySettings): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (req.method !== 'POST' || key === undefined) return next();
    if (!KEY.test(key)) throw new BadRequestError('invalid_idempotency_key', 'Idempotency-Key must be 1-200 visible ASCII characters');

    const actor = actorOf(req).label;
    // An uploaded file (http/uploads.ts raw) is hashed as its bytes, not as JSON's array of numbers.
    const body: unknown = req.body;
    const requestHash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n`).update(Buffer.isBuffer(body) ? body : JSON.stringify(body ?? null)).digest();
    const started = clock.now();
    const claimedAt = started.toISO()!;
    const claimed = await claimKey(pool, {
      actor, key, method: req.method, path: redactUrl(req.originalUrl), requestHash, now: claimedAt,
      expiredBefore: started.minus({ hours: settings.idempotencyKeyHours }).toISO()!,
      abandonedBefore: started.minus({ seconds: settings.idempotencyLeaseSeconds }).toISO()!,
    });
    if (!claimed) {
      const stored = await selectKey(pool, actor, key);
      if (!stored || !stored.requestHash.equals(requestHash)) {
        throw new UnprocessableError('idempotency_key_reused', 'This Idempotency-Key was used for a different request');
      }
      if (stored.status === null) throw new ConflictError('idempotency_in_progress', 'The first request with this key is still running');
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(stored.status).type(stored.status >= 400 ? PROBLEM_TYPE : 'application/json').send(JSON.stringify(stored.responseBody));
      return;
    }

    // Store the answer before it leaves, so a client that got it and retries always sees it.
    let stored = false;
    const send = res.send.bind(res);
    res.send = ((chunk?: unknown) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
      if (stored || text === undefined || res.statusCode >= 500) return send(chunk as never);
      stored = true;
      storeAnswer(pool, actor, key, claimedAt, res.statusCode, safeJson(text))
        .catch(() => undefined)
        .finally(() => send(chunk as never));
      return res;
    }) as typeof res.send;
    res.once('finish', () => {
      if (stored) return;
      const done = res.statusCode < 300 ? storeAnswer(pool, actor, key, claimedAt, res.statusCode, 'null') : releaseKey(pool, actor, key, claimedAt);
      done.catch(() => undefined);
    });
    next();
  };
}

function safeJson(text: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch {
    return JSON.stringify(text);
  }
}
