import { readFile, realpath, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { StartupError } from '../shared/startup-error.ts';

/** What PostgreSQL's `postmaster.pid` says: line 1 the postmaster's pid, line 4 its port. */
export function parsePidFile(text: string): { pid: number; port: number } | undefined {
  const lines = text.split('\n');
  const pid = Number(lines[0]?.trim());
  const port = Number(lines[3]?.trim());
  return Number.isInteger(pid) && pid > 0 && Number.isInteger(port) && port > 0 ? { pid, port } : undefined;
}

/** `/proc/<pid>/stat` → its command name and state (R, S, D, Z zombie, X dead, …). The name may hold spaces and parentheses. */
export function parseProcStat(text: string): { comm: string; state: string } | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  return { comm: text.slice(open + 1, close), state: text.slice(close + 1).trim().charAt(0) };
}

export type PostmasterLiveness = 'live' | 'gone' | 'zombie' | 'other-process' | 'unreachable';

/**
 * Is the postmaster a pid file names really serving this cluster? Only a process that exists, is not
 * a zombie, is a postgres started on this cluster folder, and answers on its port counts: after a
 * `kill -9` the pid may stay a zombie (an init that does not reap), or be reused by anything.
 */
export async function postmasterLiveness(clusterDir: string, pid: number, port: number): Promise<PostmasterLiveness> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').then(parseProcStat, () => undefined);
  if (stat === undefined) {
    if (!(await procAvailable())) return legacyLiveness(pid, port);
    return 'gone';
  }
  if (stat.state === 'Z' || stat.state === 'X') return 'zombie';
  if (stat.comm !== 'postgres' || !(await startedOn(pid, clusterDir))) return 'other-process';
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await portAnswers(port)) return 'live';
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return 'unreachable';
}

/**
 * The port of a live server on this cluster, or undefined. A pid file naming a process that is gone,
 * a zombie, or not this cluster's postgres is stale: it is removed so the next start succeeds.
 * A postgres of this cluster that is alive but does not answer is reported, not guessed around.
 */
export async function runningServerPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const named = parsePidFile(text);
  const liveness = named ? await postmasterLiveness(clusterDir, named.pid, named.port) : 'gone';
  if (liveness === 'live') return named!.port;
  if (liveness === 'unreachable') {
    throw new StartupError(`A PostgreSQL (pid ${named!.pid}) holds ${clusterDir} but does not answer on port ${named!.port}: stop it (kill ${named!.pid}) and start again`);
  }
  await rm(pidFile, { force: true });
  return undefined;
}

async function startedOn(pid: number, clusterDir: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline === undefined) return false;
  const args = cmdline.split('\0');
  const real = await realpath(clusterDir).catch(() => clusterDir);
  return args.includes(clusterDir) || args.includes(real);
}

let procChecked: boolean | undefined;
async function procAvailable(): Promise<boolean> {
  procChecked ??= await readFile('/proc/self/stat', 'utf8').then(() => true, () => false);
  return procChecked;
}

/** Without /proc (macOS): signal 0 tells whether the pid exists; the port tells whether it serves. */
async function legacyLiveness(pid: number, port: number): Promise<PostmasterLiveness> {
  try {
    process.kill(pid, 0);
  } catch {
    return 'gone';
  }
  return (await portAnswers(port)) ? 'live' : 'other-process';
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
