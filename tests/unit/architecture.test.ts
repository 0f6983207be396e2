import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync, type Node } from '@swc/core';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/** The dependency rules of .dependency-cruiser.cjs, the folder graph and where SQL may live. */

const rules = (await import(path.resolve('.dependency-cruiser.cjs'))).default;
let cruised: ICruiseResult | undefined;
async function result(): Promise<ICruiseResult> {
  if (!cruised) {
    const { output } = await cruise(['src'], { ...rules.options, validate: true, ruleSet: { forbidden: rules.forbidden } });
    cruised = output as ICruiseResult;
  }
  return cruised;
}

/** src/<folder>/… belongs to <folder>; a file directly in src/ (app.ts, config.ts, …) is its own node. */
const area = (file: string): string | null => (file.startsWith('src/') ? file.split('/')[1]! : null);

function folderCycles(edges: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const visit = (start: string, node: string, trail: string[]) => {
    for (const next of edges.get(node) ?? []) {
      if (next === start) cycles.push([...trail, start]);
      else if (!trail.includes(next) && next > start) visit(start, next, [...trail, next]);
    }
  };
  for (const start of [...edges.keys()].sort()) visit(start, start, [start]);
  return cycles;
}

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** A statement keyword at the start of a template string (or of one of its lines after a CTE). */
const SQL = /`\s*(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS\s*\(|CREATE\s|ALTER\s|DROP\s|TRUNCATE\s|LOCK\s+TABLE)|['"](SELECT\s[^'"]*\sFROM\s|INSERT INTO |UPDATE \w+ SET |DELETE FROM )/;

const MAX_FILE_LINES = 300;
/** A function's own lines, without the functions nested in it (a service factory is its methods). */
const MAX_FUNCTION_LINES = 65;
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'MethodProperty']);

function longFunctions(file: string, source: string): string[] {
  const ast = parseSync(source, { syntax: 'typescript' });
  const bytes = Buffer.from(source);
  const lineOf = (pos: number) => bytes.subarray(0, pos - ast.span.start).toString().split('\n').length;
  const found: string[] = [];
  /** Lines of the functions directly below `node`. */
  const visit = (node: unknown): number => {
    if (!node || typeof node !== 'object') return 0;
    if (Array.isArray(node)) return node.reduce((sum: number, n) => sum + visit(n), 0);
    const n = node as Node & { span?: { start: number; end: number } };
    const inner = Object.entries(n).reduce((sum, [key, value]) => (key === 'span' ? sum : sum + visit(value)), 0);
    if (!FUNCTIONS.has(n.type) || !n.span) return inner;
    const lines = lineOf(n.span.end) - lineOf(n.span.start) + 1;
    if (lines - inner > MAX_FUNCTION_LINES) found.push(`${file}:${lineOf(n.span.start)} (${lines - inner} lines)`);
    return lines;
  };
  visit(ast.body);
  return found;
}

describe('architecture', () => {
  it('keeps the dependency rules of .dependency-cruiser.cjs (run npx depcruise src --config .dependency-cruiser.cjs for details)', async () => {
    const violations = (await result()).summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(violations).toEqual([]);
  }, 60_000);

  it('has no cycle between folders of src/', async () => {
    const edges = new Map<string, Set<string>>();
    for (const m of (await result()).modules) {
      const from = area(m.source);
      for (const d of m.dependencies) {
        const to = area(d.resolved);
        if (from && to && from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    expect(edges.size).toBeGreaterThan(10);
    expect(folderCycles(edges).map((c) => c.join(' -> '))).toEqual([]);
  }, 60_000);

  it('gives every folder of src/ a README.md and a layer in .dependency-cruiser.cjs', () => {
    const folders = readdirSync('src', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !files(path.join('src', f)).includes(path.join('src', f, 'README.md')))).toEqual([]);
    expect(folders.filter((f) => !rules.forbidden.some((r: { name: string }) => r.name === `layers-${f}`))).toEqual([]);
  });

  it('finds folder cycles (the checker itself)', () => {
    const edges = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(folderCycles(edges)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('writes SQL only in *.queries.ts files and src/db/', () => {
    const stray = files('src')
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.queries.ts') && !f.startsWith(`src${path.sep}db${path.sep}`))
      .filter((f) => SQL.test(readFileSync(f, 'utf8')));
    expect(stray).toEqual([]);
  });

  it(`keeps source files under ${MAX_FILE_LINES} lines and functions under ${MAX_FUNCTION_LINES}`, () => {
    const sources = files('src').filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(f, 'utf8')] as const);
    expect(sources.filter(([, text]) => text.split('\n').length > MAX_FILE_LINES).map(([f]) => f)).toEqual([]);
    expect(sources.flatMap(([f, text]) => longFunctions(f, text))).toEqual([]);
    expect(longFunctions('example.ts', `function f() {\n${'  x();\n'.repeat(70)}}`)).toEqual(['example.ts:1 (72 lines)']);
  });

  it('recognises SQL in template strings (the check itself)', () => {
    expect(SQL.test('q(`SELECT id FROM x`)')).toBe(true);
    expect(SQL.test("q('DELETE FROM claims WHERE id = $1')")).toBe(true);
    expect(SQL.test('`\n    UPDATE activities SET x = 1`')).toBe(true);
    expect(SQL.test('`Select a venue`')).toBe(false);
  });
});
