import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, copyFile, link, lstat, mkdir, readdir, readFile, readlink, realpath, rename, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../shared/logger.ts';
import { StartupError } from '../shared/startup-error.ts';

const run = promisify(execFile);

/** The account PostgreSQL runs as: undefined = this process's own user. */
export type Account = { uid: number; gid: number } | undefined;

/**
 * PostgreSQL refuses to run as root. As root it runs as the `postgres` system user, created when
 * missing; anything else runs it as itself.
 */
export async function serverAccount(): Promise<Account> {
  if (process.getuid?.() !== 0) return undefined;
  const found = await lookup('postgres');
  if (found) return found;
  try {
    await run('groupadd', ['--system', '--force', 'postgres']);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (error) {
    throw new StartupError(`PostgreSQL does not run as root and no "postgres" system user could be created (${firstLine(error)}): create one (useradd --system postgres), run Orrery as a normal user, or set DATABASE_URL.`);
  }
  const created = await lookup('postgres');
  if (!created) throw new StartupError('PostgreSQL does not run as root and the "postgres" user just created cannot be found: create it by hand (useradd --system postgres) or set DATABASE_URL.');
  return created;
}

async function lookup(name: string): Promise<Account> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** Can the account do `test <flags> target` — e.g. `-x` enter a folder (every parent too) or run a program? Asked of the kernel, so ACLs count. */
async function allowed(account: Account, flags: string[], target: string): Promise<boolean> {
  if (!account) return true;
  return run('test', [...flags, target], { uid: account.uid, gid: account.gid }).then(() => true, () => false);
}

/** Root-owned folders (never writable by others) where copies for the postgres user may go. */
function sharedBases(): string[] {
  return ['/var/lib/orrery', path.join(os.tmpdir(), 'orrery-root')];
}

async function ensureSharedBase(base: string): Promise<void> {
  await mkdir(base, { recursive: true, mode: 0o755 });
  const info = await lstat(base);
  // In a shared temp folder another user could have made it first: only a root-owned, not group/other-writable folder is trusted.
  if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) throw new Error(`${base} is not a private root-owned folder`);
  if ((info.mode & 0o755) !== 0o755) await chmod(base, 0o755);
}

/**
 * The folder holding PostgreSQL's programs (bin/, lib/, share/) as the account can run them. The
 * copy in node_modules is used where the account can reach it; when a parent folder is private
 * (root's home is 0700), a hard-linked (else copied) mirror in a shared root-owned folder is.
 */
export async function reachablePrograms(account: Account, nativeDir: string, log?: Logger): Promise<string> {
  const program = (dir: string) => path.join(dir, 'bin', 'postgres');
  if (await allowed(account, ['-x'], program(nativeDir))) return nativeDir;
  const version = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')).version as string;
  for (const base of sharedBases()) {
    const target = path.join(base, `postgresql-${version}-${process.platform}-${process.arch}`);
    try {
      await ensureSharedBase(base);
      if (!existsSync(program(target))) await mirror(nativeDir, target);
      if (!(await allowed(account, ['-x'], program(target)))) continue;
      log?.info({ module: 'embedded-pg', programs: target }, `the postgres user cannot enter ${nativeDir}: running PostgreSQL from a root-owned copy in ${target}`);
      return target;
    } catch (error) {
      log?.debug({ module: 'embedded-pg', base, err: error }, 'no copy of the PostgreSQL programs here');
    }
  }
  throw new StartupError(`The postgres user cannot reach PostgreSQL's programs in ${nativeDir} (a parent folder is private) and no copy could be made in ${sharedBases().join(' or ')}: make /var/lib writable for root, clone Orrery into a folder other users can enter, or set DATABASE_URL.`);
}

/** Copies a folder tree into `target` atomically (a half-made copy is never used), hard-linking files where possible. */
async function mirror(source: string, target: string): Promise<void> {
  const staging = `${target}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await copyTree(source, staging);
  try {
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(target)) throw error; // another start made the same copy first: use that one
  }
}

async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { mode: 0o755 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isSymbolicLink()) await symlink(await readlink(a), b);
    else if (entry.isDirectory()) await copyTree(a, b);
    else {
      await link(a, b).catch(() => copyFile(a, b));
      await chmod(b, (await stat(a)).mode | 0o444);
    }
  }
}

/**
 * The cluster folder as the account can use it: `<dataDir>/pg` where the account can enter
 * dataDir (dataDir itself gets the traversal bit, o+x, if that is all it lacks). When a parent of
 * dataDir is private, the cluster lives in a shared root-owned folder instead, named after
 * dataDir, and `<dataDir>/pg` is a symbolic link to it, so the data still survives restarts.
 */
export async function reachableClusterDir(account: Account, dataDir: string, log?: Logger): Promise<string> {
  const wanted = path.join(dataDir, 'pg');
  if (!account) return wanted;
  const existing = await lstat(wanted).catch(() => undefined);
  if (existing?.isSymbolicLink()) return ownedBy(account, await realpath(wanted).catch(() => readlink(wanted)));
  const parentOk = await allowed(account, ['-x'], path.dirname(dataDir));
  if (parentOk) {
    if (!(await allowed(account, ['-x'], dataDir))) {
      await chmod(dataDir, (await stat(dataDir)).mode | 0o001);
      log?.info({ module: 'embedded-pg', dataDir }, `gave ${dataDir} the traversal bit (o+x) so the postgres user can enter it`);
    }
    return ownedBy(account, wanted);
  }
  if (existing) {
    throw new StartupError(`The postgres user cannot enter a parent folder of ${wanted}: move ORRERY_DATA_DIR to a folder other users can enter (or chmod o+x its parents), or set DATABASE_URL.`);
  }
  const real = await realpath(dataDir);
  const name = `cluster-${path.basename(real).replace(/[^\w.-]/g, '_')}-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
  for (const base of sharedBases()) {
    try {
      await ensureSharedBase(base);
      const target = await ownedBy(account, path.join(base, name));
      if (!(await allowed(account, ['-x', target, '-a', '-w'], target))) continue;
      await symlink(target, wanted);
      log?.info({ module: 'embedded-pg', cluster: target }, `the postgres user cannot enter ${dataDir}: its database lives in ${target} (linked from ${wanted})`);
      return target;
    } catch (error) {
      log?.debug({ module: 'embedded-pg', base, err: error }, 'no cluster folder here');
    }
  }
  throw new StartupError(`The postgres user cannot enter ${dataDir} and no folder for the database could be made in ${sharedBases().join(' or ')}: set ORRERY_DATA_DIR to a folder other users can enter, or set DATABASE_URL.`);
}

/** Makes the (empty or existing) cluster folder the account's, mode 0700 as PostgreSQL demands. */
async function ownedBy(account: Account, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (account) {
    const info = await stat(dir);
    if (info.uid !== account.uid) await chown(dir, account.uid, account.gid);
  }
  return dir;
}

function firstLine(error: unknown): string {
  const text = (error as { stderr?: string }).stderr || (error as Error).message || String(error);
  return text.trim().split('\n')[0] ?? '';
}
