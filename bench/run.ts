import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { summaryTable, type CollectedRow } from './lib/summary.ts';

/**
 * Runs every bench/*.bench.ts (or those named on the command line) one after another, each in its
 * own process, then prints one summary table of every figure with its goal and the load average
 * beside it (bench/lib/summary.ts). `quick` runs only the benches whose figures have goals, with
 * smaller counts (≈ 3 minutes): a developer sees a regression before it lands.
 */
const args = process.argv.slice(2);
const isQuick = args.includes('quick');
const names = args.filter((a) => a !== 'quick');
// The benches whose figures carry goals (the issue-23 table); reports and instances print figures only.
const RATIO_BEARING = ['booking', 'feeds', 'planner', 'reminders'];
// Smaller counts for quick mode; a value already in the environment wins.
const QUICK_ENV: Record<string, string> = { BENCH_QUICK: '1', BENCH_SECONDS: '1', BENCH_ROUNDS: '3', BENCH_REMINDERS: '2000' };

const files = (await readdir(new URL('.', import.meta.url))).filter((f) => f.endsWith('.bench.ts')).sort();
const wanted = names.length ? names : isQuick ? RATIO_BEARING : [];
const chosen = wanted.length ? files.filter((f) => wanted.some((n) => f.includes(n))) : files;
const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-bench-summary-'));
const summaryFile = path.join(dir, 'rows.jsonl');
const env = { ...(isQuick ? QUICK_ENV : {}), ...process.env, BENCH_SUMMARY_FILE: summaryFile };
const loadBefore = os.loadavg();
const started = performance.now();
const failed: string[] = [];
for (const file of chosen) {
  process.stdout.write(`\n=== ${file}${isQuick ? ' (quick)' : ''}\n`);
  const result = spawnSync(process.execPath, [new URL(file, import.meta.url).pathname], { stdio: 'inherit', env });
  if (result.status !== 0) failed.push(file);
}
const rows: CollectedRow[] = (await readFile(summaryFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as CollectedRow);
await rm(dir, { recursive: true, force: true });
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
process.stdout.write(`\n=== summary${isQuick ? ' (quick)' : ''}: ${chosen.length} benches in ${((performance.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} cores; `
  + `load average 1/5/15 min before ${load(loadBefore)}, after ${load(os.loadavg())}\n\n`);
process.stdout.write(`${summaryTable(rows)}\n`);
if (failed.length) process.stdout.write(`failed: ${failed.join(', ')}\n`);
process.exit(failed.length ? 1 : 0);
