import request from 'supertest';
import type { Express } from 'express';
import { expect } from 'vitest';
import { adminHeadersFor } from './app.ts';
import type { Pool } from '../../src/db/pool.ts';

/** Feed helpers for the feeds tests: create through the API, fetch as a calendar app would. */
export interface CreatedFeed {
  id: number;
  token: string;
  version: number;
  links: { https: string; webcal: string; google: string; outlook: string; outlookOffice365: string };
}

export async function createFeed(app: Express, body: Record<string, unknown>): Promise<CreatedFeed> {
  const res = await request(app).post('/api/v1/feeds').set(adminHeadersFor(app)).send({ name: '课程 Programme', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export function feedPath(token: string): string {
  return `/feeds/${token}.ics`;
}

/** GET a feed and return its text (supertest buffers text/calendar as text). */
export async function fetchFeed(app: Express, token: string, headers: Record<string, string> = {}): Promise<request.Response> {
  return request(app).get(feedPath(token)).set(headers).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

export const textOf = (res: request.Response): string => (res.body as Buffer).toString('utf8');

/** A confirmed registration written directly (the registration flow is another feature's). */
export async function registerDirectly(pool: Pool, activityId: number, email: string, name: string, status = 'confirmed'): Promise<void> {
  await pool.query(
    `INSERT INTO registrations (activity_id, email, name, role, time_zone, status, confirmed_at)
     VALUES ($1, $2, $3, 'teacher', 'Asia/Shanghai', $4, CASE WHEN $4 = 'confirmed' THEN now() END)`,
    [activityId, email, name, status],
  );
}
