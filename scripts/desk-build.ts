import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';

/**
 * `npm run desk:build`, also run by `npm install` (prepare): generates the desk's API types
 * (scripts/desk-api.ts), builds web/desk with Vite into dist/desk (what `npm start` serves at /desk),
 * and prints the first screen's JavaScript and CSS gzipped against the 300 KB budget (docs/desk.md).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const desk = path.join(root, 'web/desk');
const outDir = path.join(root, 'dist/desk');
export const FIRST_SCREEN_BUDGET_KB = 300;

interface ManifestChunk { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] }

/** The entry and everything it imports statically: what the browser loads before the first screen (the desk's, or the roster page's). */
export async function firstScreen(dir = outDir, entry = 'index.html'): Promise<{ js: number; css: number; files: string[] }> {
  const manifest = JSON.parse(await readFile(path.join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const seen = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(entry);
  const gz = async (file: string) => gzipSync(await readFile(path.join(dir, file))).length;
  let js = 0;
  for (const f of seen) js += await gz(f);
  let cssBytes = 0;
  for (const f of css) cssBytes += await gz(f);
  return { js, css: cssBytes, files: [...seen, ...css] };
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/desk-api.ts')], { stdio: 'inherit' });
  const requireDesk = createRequire(path.join(desk, 'package.json'));
  const { build } = (await import(requireDesk.resolve('vite'))) as { build: (options: { configFile: string; logLevel: string }) => Promise<unknown> };
  await build({ configFile: path.join(desk, 'vite.config.ts'), logLevel: process.env.CI ? 'warn' : 'info' });
  const first = await firstScreen();
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(`desk: first screen ${kb(first.js)} KB JS + ${kb(first.css)} KB CSS gzipped (budget ${FIRST_SCREEN_BUDGET_KB} KB JS); other tabs load on demand`);
  const roster = await firstScreen(outDir, 'roster.html');
  console.log(`desk: the roster page ${kb(roster.js)} KB JS + ${kb(roster.css)} KB CSS gzipped (kept by its service worker for offline use)`);
  if (first.js > FIRST_SCREEN_BUDGET_KB * 1024) console.warn(`desk: the first screen's JavaScript is over its ${FIRST_SCREEN_BUDGET_KB} KB budget`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
