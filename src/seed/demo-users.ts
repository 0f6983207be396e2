import type { Pool } from '../db/pool.ts';
import { insertUser } from '../auth/auth.queries.ts';
import type { Role } from '../shared/policy.ts';
import { userExists } from './seed.queries.ts';

/** Demo accounts (example.org addresses); sign in with `orrery users link --email …`. */
export const demoUsers: { email: string; name: string; role: Role; unit: string | null }[] = [
  { email: 'admin@bjast.example.org', name: 'Demo admin', role: 'admin', unit: null },
  { email: 'organizer@planetarium.example.org', name: '王老师 (Planetarium)', role: 'organizer', unit: 'planetarium' },
  { email: 'organizer@school.example.org', name: '李老师 (Beijing School)', role: 'organizer', unit: 'beijing-school' },
  { email: 'viewer@museum.example.org', name: 'Museum viewer', role: 'viewer', unit: 'museum' },
];

export async function seedDemoUsers(pool: Pool, unitIds: Map<string, number>): Promise<number> {
  let created = 0;
  for (const u of demoUsers) {
    if (await userExists(pool, u.email)) continue;
    await insertUser(pool, { email: u.email, name: u.name, role: u.role, unitId: u.unit ? unitIds.get(u.unit)! : null });
    created++;
  }
  return created;
}
