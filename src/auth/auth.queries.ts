import type { Queryable } from '../db/pool.ts';
import type { Principal, Role } from '../shared/policy.ts';

export interface User {
  id: number;
  email: string;
  name: string;
  unitId: number | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

const USER_COLUMNS = `u.id, u.email, u.name, u.unit_id AS "unitId", u.role, u.disabled_at IS NOT NULL AS disabled,
  to_json(u.created_at)#>>'{}' AS "createdAt"`;

export async function selectUser(db: Queryable, userId: number): Promise<User | undefined> {
  const { rows } = await db.query<User>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1::bigint`, [userId]);
  return rows[0];
}

export async function selectUsers(db: Queryable, unitId: number | null, cursor: number | null, limit: number): Promise<User[]> {
  const { rows } = await db.query<User>(
    `SELECT ${USER_COLUMNS} FROM users u
      WHERE ($1::bigint IS NULL OR u.unit_id = $1::bigint) AND ($2::bigint IS NULL OR u.id > $2::bigint)
      ORDER BY u.id LIMIT $3::int`,
    [unitId, cursor, limit + 1],
  );
  return rows;
}

export async function insertUser(db: Queryable, u: { email: string; name: string; unitId: number | null; role: Role }): Promise<User> {
  const { rows } = await db.query<User>(
    `INSERT INTO users AS u (email, name, unit_id, role) VALUES (lower($1::text), $2::text, $3::bigint, $4::text)
     RETURNING ${USER_COLUMNS}`,
    [u.email, u.name, u.unitId, u.role],
  );
  return rows[0]!;
}

export async function updateUser(db: Queryable, userId: number, u: { name?: string | undefined; unitId?: number | null | undefined; role?: Role | undefined; disabled?: boolean | undefined }): Promise<User | undefined> {
  const { rows } = await db.query<User>(
    `UPDATE users AS u SET name = COALESCE($2::text, name),
        unit_id = CASE WHEN $3::boolean THEN $4::bigint ELSE unit_id END,
        role = COALESCE($5::text, role),
        disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6::boolean THEN COALESCE(disabled_at, now()) END,
        updated_at = now()
      WHERE id = $1::bigint RETURNING ${USER_COLUMNS}`,
    [userId, u.name ?? null, u.unitId !== undefined, u.unitId ?? null, u.role ?? null, u.disabled ?? null],
  );
  return rows[0];
}

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revoked: boolean;
}

const TOKEN_COLUMNS = `id, user_id AS "userId", name, prefix, to_json(created_at)#>>'{}' AS "createdAt",
  to_json(last_used_at)#>>'{}' AS "lastUsedAt", to_json(expires_at)#>>'{}' AS "expiresAt", revoked_at IS NOT NULL AS revoked`;

export async function insertApiToken(db: Queryable, t: { userId: number; name: string; hash: Buffer; prefix: string; expiresAt: string | null }): Promise<ApiToken> {
  const { rows } = await db.query<ApiToken>(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at)
     VALUES ($1::bigint, $2::text, $3::bytea, $4::text, $5::timestamptz) RETURNING ${TOKEN_COLUMNS}`,
    [t.userId, t.name, t.hash, t.prefix, t.expiresAt],
  );
  return rows[0]!;
}

export async function selectApiTokens(db: Queryable, userId: number): Promise<ApiToken[]> {
  const { rows } = await db.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1::bigint ORDER BY id`, [userId]);
  return rows;
}

export async function revokeApiToken(db: Queryable, userId: number, tokenId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1::bigint AND user_id = $2::bigint',
    [tokenId, userId],
  );
  return rowCount === 1;
}

interface PrincipalRow {
  userId: number;
  email: string;
  role: Principal['role'];
  unitId: number | null;
  credentialId: number;
  csrfToken?: string;
}

/**
 * Granularity of `api_tokens.last_used_at`: a request rewrites it only when the stored value is
 * at least this old, so a burst of reads with one token costs one row write, not one per request.
 */
const TOKEN_LAST_USE_GRANULARITY = '1 minute';

/**
 * The live user behind an API token. Its last use is touched only when stale (older than
 * TOKEN_LAST_USE_GRANULARITY, or never set), in the same statement: reads do not write every time.
 */
export async function principalByApiToken(db: Queryable, hash: Buffer, now: string): Promise<PrincipalRow | undefined> {
  const { rows } = await db.query<PrincipalRow>(
    `WITH p AS (
       SELECT u.id AS "userId", u.email, u.role, u.unit_id AS "unitId", t.id AS "credentialId", t.last_used_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1::bytea AND t.revoked_at IS NULL AND u.disabled_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > $2::timestamptz)),
     touched AS (
       UPDATE api_tokens t SET last_used_at = $2::timestamptz FROM p
        WHERE t.id = p."credentialId"
          AND (p.last_used_at IS NULL OR p.last_used_at <= $2::timestamptz - $3::interval))
     SELECT "userId", email, role, "unitId", "credentialId" FROM p`,
    [hash, now, TOKEN_LAST_USE_GRANULARITY],
  );
  return rows[0];
}

export async function principalBySession(db: Queryable, hash: Buffer, now: string): Promise<PrincipalRow | undefined> {
  const { rows } = await db.query<PrincipalRow>(
    `SELECT u.id AS "userId", u.email, u.role, u.unit_id AS "unitId", s.id AS "credentialId", s.csrf_token AS "csrfToken"
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1::bytea AND s.revoked_at IS NULL AND s.expires_at > $2::timestamptz AND u.disabled_at IS NULL`,
    [hash, now],
  );
  return rows[0];
}

export async function insertSignInLink(db: Queryable, userId: number, hash: Buffer, expiresAt: string): Promise<void> {
  await db.query('INSERT INTO sign_in_links (user_id, token_hash, expires_at) VALUES ($1::bigint, $2::bytea, $3::timestamptz)', [userId, hash, expiresAt]);
}

/**
 * A sign-in request in one statement, the same for every address: the link is stored only when
 * the address has an active account, and the recipient comes back only then. Unknown addresses
 * cost the same lookup, so the answer's timing does not depend on who has an account.
 */
export async function insertSignInLinkForEmail(db: Queryable, email: string, hash: Buffer, expiresAt: string): Promise<{ email: string; name: string } | undefined> {
  const { rows } = await db.query<{ email: string; name: string }>(
    `WITH u AS (SELECT id, email, name FROM users WHERE email = lower($1::text) AND disabled_at IS NULL),
          l AS (INSERT INTO sign_in_links (user_id, token_hash, expires_at) SELECT id, $2::bytea, $3::timestamptz FROM u RETURNING user_id)
     SELECT u.email, u.name FROM u JOIN l ON l.user_id = u.id`,
    [email, hash, expiresAt],
  );
  return rows[0];
}

/** Single use: the UPDATE marks it used and only a first, unexpired use returns the user. */
export async function consumeSignInLink(db: Queryable, hash: Buffer, now: string): Promise<number | undefined> {
  const { rows } = await db.query<{ userId: number }>(
    `UPDATE sign_in_links l SET used_at = $2::timestamptz FROM users u
      WHERE l.token_hash = $1::bytea AND l.used_at IS NULL AND l.expires_at > $2::timestamptz
        AND u.id = l.user_id AND u.disabled_at IS NULL
     RETURNING l.user_id AS "userId"`,
    [hash, now],
  );
  return rows[0]?.userId;
}

export async function insertSession(db: Queryable, userId: number, hash: Buffer, csrfToken: string, expiresAt: string): Promise<void> {
  await db.query(
    'INSERT INTO sessions (user_id, token_hash, csrf_token, expires_at) VALUES ($1::bigint, $2::bytea, $3::text, $4::timestamptz)',
    [userId, hash, csrfToken, expiresAt],
  );
}

export async function revokeSession(db: Queryable, sessionId: number, now: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = COALESCE(revoked_at, $2::timestamptz) WHERE id = $1::bigint', [sessionId, now]);
}

export async function selectActiveUserIdByEmail(db: Queryable, email: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE email = $1::text AND disabled_at IS NULL', [email]);
  return rows[0]?.id;
}
