import type { Pool } from '../db/pool.ts';
import { found } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, UnauthorizedError, ValidationError } from '../shared/errors.ts';
import { selectUnit } from '../units/units.queries.ts';
import { page } from '../shared/paging.ts';
import * as q from './auth.queries.ts';
import { requireAdmin, signedIn, type Principal, type Role } from '../shared/policy.ts';
import { hashSecret, looksLikeSecret, newSecret } from './secrets.ts';

export const TOKEN_PREFIX = { api: 'orr', signIn: 'orrlink', session: 'orrsess' } as const;

/** Delivers a sign-in link by email; the notifications feature provides it. */
export type SignInMailer = (to: { email: string; name: string }, link: string) => Promise<void>;

export interface AuthSettings {
  publicBaseUrl: string;
  signInLinkMinutes: number;
  sessionDays: number;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
  /** How long the session lasts, for the cookie's Max-Age: the browser counts it on its own clock, so a server clock set elsewhere (the demo's, a test's) cannot make the cookie arrive expired. */
  maxAgeMs: number;
}

export function authService(pool: Pool, clock: Clock, settings: AuthSettings, mailer: SignInMailer) {
  const now = () => clock.now().toISO()!;

  async function issueSignInLink(userId: number): Promise<string> {
    const secret = newSecret(TOKEN_PREFIX.signIn);
    await q.insertSignInLink(pool, userId, hashSecret(secret), clock.now().plus({ minutes: settings.signInLinkMinutes }).toISO()!);
    return `${settings.publicBaseUrl}/auth/sign-in/${secret}`;
  }

  async function issueApiToken(userId: number, name: string, expiresInDays: number | null) {
    const secret = newSecret(TOKEN_PREFIX.api);
    const expiresAt = expiresInDays ? clock.now().plus({ days: expiresInDays }).toISO()! : null;
    const token = await q.insertApiToken(pool, { userId, name, hash: hashSecret(secret), prefix: secret.slice(0, 8), expiresAt });
    return { ...token, token: secret };
  }

  return {
    issueSignInLink,

    /** Resolves a credential to a principal; a present but invalid credential is a 401, never anonymous. */
    async authenticate(credential: { bearer?: string | undefined; session?: string | undefined }): Promise<(Principal & { csrfToken?: string }) | undefined> {
      if (credential.bearer !== undefined) {
        const row = looksLikeSecret(credential.bearer, TOKEN_PREFIX.api) ? await q.principalByApiToken(pool, hashSecret(credential.bearer), now()) : undefined;
        if (!row) throw new UnauthorizedError('The API token is invalid, expired or revoked');
        return { userId: row.userId, email: row.email, role: row.role, unitId: row.unitId, via: { kind: 'token', tokenId: row.credentialId } };
      }
      if (credential.session !== undefined) {
        const row = looksLikeSecret(credential.session, TOKEN_PREFIX.session) ? await q.principalBySession(pool, hashSecret(credential.session), now()) : undefined;
        if (!row) return undefined; // an expired cookie just means "signed out"
        return { userId: row.userId, email: row.email, role: row.role, unitId: row.unitId, via: { kind: 'session', sessionId: row.credentialId }, csrfToken: row.csrfToken! };
      }
      return undefined;
    },

    /**
     * Always answers the same way and in the same time, so the endpoint does not reveal who has an
     * account: every address costs one secret and one statement, and the email is sent after the
     * answer (the mailer logs its own failures; someone whose link is lost simply asks again).
     */
    async requestSignIn(email: string): Promise<void> {
      const secret = newSecret(TOKEN_PREFIX.signIn);
      const expiresAt = clock.now().plus({ minutes: settings.signInLinkMinutes }).toISO()!;
      const user = await q.insertSignInLinkForEmail(pool, email, hashSecret(secret), expiresAt);
      // Not awaited: the answer must not wait for the mail server (signInMailer logs its failures).
      if (user) mailer(user, `${settings.publicBaseUrl}/auth/sign-in/${secret}`).catch(() => undefined);
    },

    async completeSignIn(secret: string): Promise<NewSession> {
      const userId = looksLikeSecret(secret, TOKEN_PREFIX.signIn) ? await q.consumeSignInLink(pool, hashSecret(secret), now()) : undefined;
      if (userId === undefined) throw new UnauthorizedError('This sign-in link is invalid, used or expired; ask for a new one');
      const token = newSecret(TOKEN_PREFIX.session);
      const csrfToken = newSecret('csrf');
      const expiresAt = clock.now().plus({ days: settings.sessionDays }).toISO()!;
      await q.insertSession(pool, userId, hashSecret(token), csrfToken, expiresAt);
      return { token, csrfToken, expiresAt, maxAgeMs: settings.sessionDays * 86_400_000 };
    },

    async signOut(actor: Actor): Promise<void> {
      const p = signedIn(actor);
      if (p.via.kind === 'session') await q.revokeSession(pool, p.via.sessionId, now());
    },

    async createApiToken(actor: Actor, input: { name: string; expiresInDays?: number | undefined }) {
      const p = signedIn(actor);
      return issueApiToken(p.userId, input.name, input.expiresInDays ?? null);
    },

    async listApiTokens(actor: Actor) {
      return { items: await q.selectApiTokens(pool, signedIn(actor).userId) };
    },

    async revokeApiToken(actor: Actor, tokenId: number): Promise<void> {
      if (!(await q.revokeApiToken(pool, signedIn(actor).userId, tokenId))) throw new NotFoundError('token', tokenId);
    },

    async listUsers(actor: Actor, query: { unitId?: number | undefined; cursor?: number | undefined; limit: number }) {
      requireAdmin(actor);
      return page(await q.selectUsers(pool, query.unitId ?? null, query.cursor ?? null, query.limit), query.limit);
    },

    async createUser(actor: Actor, input: { email: string; name: string; unitId: number | null; role: Role }) {
      requireAdmin(actor);
      return (await audited(pool, actor, { entity: 'user', action: 'create' }, async (db) => {
        if (input.unitId !== null && !(await selectUnit(db, input.unitId))) {
          throw new ValidationError('Unknown unit', [{ path: 'body.unitId', message: `unit ${input.unitId} does not exist` }]);
        }
        const after = await q.insertUser(db, input);
        return { after, entityId: after.id };
      }))!;
    },

    async updateUser(actor: Actor, userId: number, input: { name?: string | undefined; unitId?: number | null | undefined; role?: Role | undefined; disabled?: boolean | undefined }) {
      requireAdmin(actor);
      return (await audited(pool, actor, { entity: 'user', action: 'update' }, async (db) => {
        const before = found(await q.selectUser(db, userId), 'user', userId);
        return { before, after: await q.updateUser(db, userId, input), entityId: userId };
      }))!;
    },

    /** `orrery users create`: no principal exists yet, so this is the one path that skips the policy. */
    async bootstrapUser(input: { email: string; name: string; unitId: number | null; role: Role }) {
      const user = (await audited(pool, { label: 'cli' }, { entity: 'user', action: 'create' }, async (db) => {
        const after = await q.insertUser(db, input);
        return { after, entityId: after.id };
      }))!;
      return { user, signInLink: await issueSignInLink(user.id), apiToken: await issueApiToken(user.id, 'created by orrery users create', null) };
    },
  };
}
export type AuthService = ReturnType<typeof authService>;
