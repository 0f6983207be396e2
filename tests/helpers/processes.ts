import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freeLoopbackPort } from '../../src/db/embedded.ts';

/** A real `node src/cli.ts <command>` child process on loopback, its output kept for failures. */
export interface OrreryProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT for `serve`. */
  url: string;
  output(): string;
  waitFor(text: string, ms?: number): Promise<void>;
  /** SIGTERM and wait for the exit (no-op when it already exited). */
  stop(): Promise<void>;
}

export async function startOrrery(command: 'serve' | 'worker', env: Record<string, string>): Promise<OrreryProcess> {
  const port = command === 'serve' ? String(await freeLoopbackPort()) : '0';
  const child = spawn(process.execPath, ['src/cli.ts', command], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', LOG_FORMAT: 'json', HOST: '127.0.0.1', PORT: port, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = async (text: string, ms = 90_000) => {
    const started = Date.now();
    while (!output.includes(text)) {
      if (Date.now() - started > ms) throw new Error(`timed out waiting for "${text}":\n${output}`);
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command} exited:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return {
    child, url: `http://127.0.0.1:${port}`, output: () => output, waitFor,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
