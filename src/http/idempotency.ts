import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Pool } from '../db/pool.ts';
import { actorOf } from './actor.ts';
import { PROBLEM_TYPE, sendProblem } from './problem.ts';

const KEY = /^[\x21-\x7e]{1,200}$/;

interface StoredKey {
  requestHash: Buffer;
  status: number | null;
  responseBody: unknown;
}

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
    if (!KEY.test(key)) return sendProblem(req, res, 400, 'invalid_idempotency_key', 'Idempotency-Key must be 1-200 visible ASCII characters');

    const actor = actorOf(req).label;
    const requestHash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest();
    const inserted = await pool.query(
      `INSERT INTO idempotency_keys (actor, key, method, path, request_hash) VALUES ($1::text, $2::text, $3::text, $4::text, $5::bytea)
       ON CONFLICT (actor, key) DO NOTHING`,
      [actor, key, req.method, req.originalUrl, requestHash],
    );
    if (inserted.rowCount === 0) {
      const { rows } = await pool.query<StoredKey>(
        `SELECT request_hash AS "requestHash", status, response_body AS "responseBody" FROM idempotency_keys WHERE actor = $1::text AND key = $2::text`,
        [actor, key],
      );
      const stored = rows[0];
      if (!stored || !stored.requestHash.equals(requestHash)) {
        return sendProblem(req, res, 422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
      }
      if (stored.status === null) return sendProblem(req, res, 409, 'idempotency_in_progress', 'The first request with this key is still running');
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
      pool
        .query('UPDATE idempotency_keys SET status = $3::int, response_body = $4::jsonb WHERE actor = $1::text AND key = $2::text', [actor, key, res.statusCode, safeJson(text)])
        .catch(() => undefined)
        .finally(() => send(chunk as never));
      return res;
    }) as typeof res.send;
    res.once('finish', () => {
      if (stored) return;
      const bodiless = res.statusCode < 300;
      const sql = bodiless
        ? 'UPDATE idempotency_keys SET status = $3::int, response_body = \'null\'::jsonb WHERE actor = $1::text AND key = $2::text'
        : 'DELETE FROM idempotency_keys WHERE actor = $1::text AND key = $2::text';
      pool.query(sql, bodiless ? [actor, key, res.statusCode] : [actor, key]).catch(() => undefined);
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
