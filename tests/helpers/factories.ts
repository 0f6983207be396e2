import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { expect } from 'vitest';
import { adminHeadersFor, type TestContext } from './app.ts';
import { userWithToken, type Credential } from './auth.ts';

/** Factories create through the HTTP API (so they exercise validation too), with overrides. */
const unique = () => randomBytes(4).toString('hex');

export async function createUnit(app: Express, overrides: Record<string, unknown> = {}): Promise<{ id: number; slug: string; timeZone: string }> {
  const suffix = unique();
  const res = await request(app).post('/api/v1/units').set(adminHeadersFor(app)).send({
    slug: `unit-${suffix}`, kind: 'academy_unit', name: { 'zh-CN': `单位${suffix}`, en: `Unit ${suffix}` }, ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function createResource(app: Express, overrides: Record<string, unknown> & { unitId: number }): Promise<{ id: number; quantity: number; kind: string }> {
  const suffix = unique();
  const res = await request(app).post('/api/v1/resources').set(adminHeadersFor(app)).send({
    kind: 'venue', name: { 'zh-CN': `场地${suffix}`, en: `Venue ${suffix}` }, ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export function activityBody(organizerUnitId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const suffix = unique();
  return {
    kind: 'field_visit',
    title: { 'zh-CN': `活动${suffix}`, en: `Activity ${suffix}` },
    organizerUnitId,
    startsAt: '2027-03-02T09:00:00+08:00',
    endsAt: '2027-03-02T11:00:00+08:00',
    timeZone: 'Asia/Shanghai',
    ...overrides,
  };
}

export async function createActivity(app: Express, organizerUnitId: number, overrides: Record<string, unknown> = {}): Promise<{ id: number; sequence: number; claims: { id: number; resourceId: number }[] }> {
  const res = await request(app).post('/api/v1/activities').set(adminHeadersFor(app)).send(activityBody(organizerUnitId, overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A unit with a fresh organizer of its own (for tests that act as that unit's staff). */
export async function unitWithOrganizer(t: TestContext, overrides: Record<string, unknown> = {}): Promise<{ unitId: number; organizer: Credential }> {
  const unitId = (await createUnit(t.app, overrides)).id;
  return { unitId, organizer: await userWithToken(t, 'organizer', unitId) };
}

/**
 * A unit that owns a pool of equipment other units borrow (their claims need its approval), with an
 * organizer who decides them: fresh per test, so a test sees only the approvals and mails it caused.
 */
export async function unitLendingEquipment(t: TestContext, pool: Record<string, unknown> = {}): Promise<{ unitId: number; poolId: number; organizer: Credential }> {
  const { unitId, organizer } = await unitWithOrganizer(t);
  const poolId = (await createResource(t.app, { unitId, kind: 'equipment', quantity: 5, ...pool })).id;
  return { unitId, poolId, organizer };
}
