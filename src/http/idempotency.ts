import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Pool } from '../db/pool.ts';
import { actorOf } from './actor.ts';
import { PROBLEM_TYPE } from './problem.ts';
import { BadRequestError, ConflictError, UnprocessableError } from '../shared/errors.ts';
import * as keys from './idempotency.queries.ts';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its response is stored; a
 * retry with the same key and the same request gets that response again (no second record); the
 * same key with a different request is refused. Keys are scoped to the acting user, or shared
 * among anonymous callers (who must then pick unguessable keys, as clients do with UUIDs).
 * 5xx answers are not stored, so a retry after a server error runs again.
 */
export function idempotency(pool: Pool): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (req.method !== 'POST' || key === undefined) return next();
    if (!KEY.test(key)) throw new BadRequestError('invalid_idempotency_key', 'Idempotency-Key must be 1-200 visible ASCII characters');

    const actor = actorOf(req).label;
    const requestHash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest();
    if (!(await keys.insertKey(pool, actor, key, req.method, req.originalUrl, requestHash))) {
      const stored = await keys.selectKey(pool, actor, key);
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
      keys
        .storeResponse(pool, actor, key, res.statusCode, safeJson(text))
        .catch(() => undefined)
        .finally(() => send(chunk as never));
      return res;
    }) as typeof res.send;
    res.once('finish', () => {
      if (stored) return;
      // A bodiless success (204) is stored; anything else unstored is forgotten, so a retry runs again.
      const done = res.statusCode < 300 ? keys.storeResponse(pool, actor, key, res.statusCode, null) : keys.deleteKey(pool, actor, key);
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
