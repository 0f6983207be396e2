import { randomBytes } from 'node:crypto';
import { authService } from '../../src/auth/auth.service.ts';
import type { Role } from '../../src/shared/policy.ts';
import type { TestContext } from './app.ts';

export interface Credential {
  userId: number;
  /** `{ Authorization: 'Bearer …' }`, for supertest's `.set()`. */
  headers: { Authorization: string };
}

/** A fresh user of the given role (and unit) with an API token, made the way the CLI makes one. */
export async function userWithToken(t: TestContext, role: Role, unitId: number | null = null): Promise<Credential> {
  const auth = authService(t.db.pool, t.clock, t.config, async () => undefined);
  const email = `${role}-${randomBytes(4).toString('hex')}@test.example.org`;
  const { user, apiToken } = await auth.bootstrapUser({ email, name: role, unitId, role });
  return { userId: user.id, headers: { Authorization: `Bearer ${apiToken.token}` } };
}
