import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import { systemClock } from '../shared/clock.ts';
import { authService } from './auth.service.ts';
import { email as emailSchema, personName } from './auth.schema.ts';
import { ROLES, type Role } from '../shared/policy.ts';
import { selectActiveUserIdByEmail } from './auth.queries.ts';
import { selectUnitIdBySlug } from '../units/units.queries.ts';

export const USERS_USAGE = `orrery users create --email <address> [--admin | --role organizer|viewer --unit <slug>] [--name <name>]
    creates a user and prints a one-time sign-in link and an API token (shown once)
  orrery users link --email <address>
    prints a fresh one-time sign-in link for an existing user`;

/** `orrery users create …`: how the first admin comes to exist. */
export async function usersCommand(argv: string[], config: Config, pool: Pool): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, admin: { type: 'boolean' }, role: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' } },
  });
  const email = emailSchema.safeParse(values.email ?? '');
  if (!email.success) throw new Error(`--email: must be an email address\n${USERS_USAGE}`);
  const auth = authService(pool, systemClock, config, async () => undefined);
  if (positionals[0] === 'link') {
    const userId = await selectActiveUserIdByEmail(pool, email.data);
    if (userId === undefined) throw new Error(`no active user with email ${email.data}`);
    return `Sign-in link (single use, valid ${config.signInLinkMinutes} minutes): ${await auth.issueSignInLink(userId)}`;
  }
  if (positionals[0] !== 'create') throw new Error(USERS_USAGE);
  const role = (values.admin ? 'admin' : (values.role ?? 'organizer')) as Role;
  if (!ROLES.includes(role)) throw new Error(`--role: one of ${ROLES.join(', ')}`);
  const name = values.name === undefined ? '' : personName.parse(values.name);
  let unitId: number | null = null;
  if (values.unit) {
    unitId = (await selectUnitIdBySlug(pool, values.unit)) ?? null;
    if (unitId === null) throw new Error(`--unit: no unit with slug ${values.unit}`);
  }
  if (role !== 'admin' && unitId === null) throw new Error('--unit: organizers and viewers belong to a unit');

  const { user, signInLink, apiToken } = await auth.bootstrapUser({ email: email.data, name, unitId, role });
  return [
    `Created ${user.role} ${user.email} (user ${user.id}).`,
    `Sign-in link (single use, valid ${config.signInLinkMinutes} minutes): ${signInLink}`,
    `API token (shown once; send as "Authorization: Bearer <token>"): ${apiToken.token}`,
  ].join('\n');
}
