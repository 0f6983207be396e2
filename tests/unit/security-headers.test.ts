import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../src/http/security-headers.ts';

const variants: HelmetOptions[] = [
  { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } }, hsts: false },
  { contentSecurityPolicy: { directives: { upgradeInsecureRequests: [] } }, hsts: true },
];

function appWith(middleware: express.RequestHandler) {
  const app = express();
  app.use(middleware);
  app.get('/', (_req, res) => {
    res.send('ok');
  });
  return app;
}

const securityOnly = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !['date', 'etag', 'content-length', 'content-type', 'connection', 'keep-alive'].includes(k)));

describe('precomputed security headers', () => {
  it.each(variants)('match what helmet itself sends (%#)', async (options) => {
    const expected = await request(appWith(helmet(options))).get('/');
    const actual = await request(appWith(securityHeaders(options))).get('/');
    expect(securityOnly(actual.headers as Record<string, string>)).toEqual(securityOnly(expected.headers as Record<string, string>));
    expect(actual.headers['content-security-policy']).toContain("default-src 'self'");
    expect(actual.headers['x-powered-by']).toBeUndefined();
  });
});
