import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('health, docs and errors', () => {
  it('answers /healthz and /readyz on a migrated database', async () => {
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(t.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
  });

  it('says not ready when a migration record is missing', async () => {
    const { rows } = await t.db.pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY run_on DESC LIMIT 1');
    await t.db.pool.query('DELETE FROM schema_migrations WHERE name = $1', [rows[0]!.name]);
    const res = await request(t.app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('not_migrated');
    await t.db.pool.query('INSERT INTO schema_migrations (name, run_on) VALUES ($1, now())', [rows[0]!.name]);
    expect((await request(t.app).get('/readyz')).status).toBe(200);
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const res = await request(t.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const post = res.body.paths['/api/v1/activities'].post;
    expect(post.requestBody.content['application/json'].schema.properties.timeZone).toBeDefined();
    expect(post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    const get = res.body.paths['/api/v1/units/{id}'].get;
    expect(get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]));
  });

  it('serves readable docs at /docs', async () => {
    const res = await request(t.app).get('/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('answers unknown routes and malformed JSON with problem+json and a request id', async () => {
    const missing = await request(t.app).get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body.code).toBe('not_found');
    expect(missing.headers['x-request-id']).toBeTruthy();

    const malformed = await request(t.app).post('/api/v1/units').set('Content-Type', 'application/json').send('{"slug": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_json');
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('honours a sane incoming request id and rejects oversized bodies', async () => {
    const res = await request(t.app).get('/healthz').set('X-Request-Id', 'trace-123');
    expect(res.headers['x-request-id']).toBe('trace-123');
    const big = await request(t.app).post('/api/v1/units').send({ slug: 'x', padding: 'y'.repeat(200_000) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
  });

  it('sets security headers', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
