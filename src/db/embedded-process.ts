import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../shared/logger.ts';
import type { Account } from './embedded-access.ts';

// English server messages: readiness is read from the log.
const ENV = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };

function spawnAs(account: Account, program: string, args: string[]): ChildProcess {
  return spawn(program, args, { ...(account ?? {}), env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs initdb for a new cluster; the password goes through a file only the account can read, removed at once. */
export async function initCluster(programs: string, clusterDir: string, account: Account, user: string, password: string): Promise<void> {
  const pwfile = path.join(path.dirname(clusterDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (account) await chown(pwfile, account.uid, account.gid);
    const child = spawnAs(account, path.join(programs, 'bin', 'initdb'), [
      `--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${user}`, `--pwfile=${pwfile}`,
      '--encoding=UTF8', '--locale=C',
    ]);
    const { code, output } = await finished(child);
    if (code !== 0) throw new Error(`initdb failed in ${clusterDir}: ${lastLines(output)}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** A running postmaster; `output` is its log so far (for the error when it exits early). */
export interface Postmaster {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the postmaster and resolves once it accepts connections; rejects with its last log lines
 * when it exits first (port taken, lock file, shared memory still in use).
 */
export function startPostmaster(programs: string, clusterDir: string, port: number, account: Account, flags: string[], log?: Logger): Promise<Postmaster> {
  const child = spawnAs(account, path.join(programs, 'bin', 'postgres'), ['-D', clusterDir, '-p', String(port), ...flags]);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-8000);
      log?.debug({ module: 'embedded-pg' }, text.trim());
      if (text.includes('database system is ready to accept connections')) resolve({ child, stop: () => stopPostmaster(child) });
    };
    // Both pipes are read for the server's whole life: a full pipe would block its logging.
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => reject(new PostmasterExit(error.message)));
    child.once('exit', () => reject(new PostmasterExit(output)));
  });
}

export class PostmasterExit extends Error {
  /** The server stopped because an earlier one left its lock file or shared memory behind. */
  get leftovers(): boolean {
    return /lock file ".*" already exists|pre-existing shared memory block|could not create shared memory segment/.test(this.message);
  }

  get summary(): string {
    return lastLines(this.message);
  }
}

/** Fast shutdown (SIGINT): aborts open transactions, checkpoints, and exits. */
async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  await exited;
}

function finished(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: -1, output: error.message }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** The FATAL/ERROR lines of a PostgreSQL log, else its last line. */
function lastLines(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const serious = lines.filter((l) => /FATAL|ERROR|PANIC|error/.test(l));
  return (serious.length ? serious.slice(-2) : lines.slice(-1)).join(' ') || 'no output';
}
