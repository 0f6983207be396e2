import { readdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';

/** Runs every bench/*.bench.ts (or those named on the command line) one after another. */
const names = process.argv.slice(2);
const files = (await readdir(new URL('.', import.meta.url))).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = names.length ? files.filter((f) => names.some((n) => f.includes(n))) : files;
let failed = 0;
for (const file of chosen) {
  process.stdout.write(`\n=== ${file}\n`);
  const result = spawnSync(process.execPath, [new URL(file, import.meta.url).pathname], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
