import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One owner of the activity aggregate (STYLE.md habit 18, issue 24): its status predicates are SQL
 * fragments of booking/status.queries.ts, and every write of activities, claims and occurrences is
 * SQL in booking/, reached by other features through booking's commands only.
 */

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const sources = () => files('src').filter((f) => f.endsWith('.ts')).map((f) => [f.split(path.sep).join('/'), readFileSync(f, 'utf8')] as const);

/** An activity's status compared with a literal: `a.status = 'confirmed'`, `activities.status IN ('requested', …)`, `FROM activities WHERE status <> 'draft'`. */
const COMPARED = String.raw`status\s*(=|<>|!=|(NOT\s+)?IN)\s*\(?\s*'(draft|requested|confirmed|cancelled)'`;
export const STATUS_LITERAL = new RegExp(String.raw`\b(a|act|activities)\.${COMPARED}|FROM\s+activities\s+WHERE\s+${COMPARED}`, 'i');
/** A statement writing one of the aggregate's tables. */
export const AGGREGATE_WRITE = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(activities|claims|occurrences)\b/i;

/** The exported functions of booking/*.queries.ts whose statement writes: only booking's commands may call them. */
function bookingWriters(): Map<string, Set<string>> {
  const writers = new Map<string, Set<string>>();
  for (const [f, text] of sources().filter(([f]) => /^src\/booking\/[^/]+\.queries\.ts$/.test(f))) {
    const parts = text.split(/(?=^export (?:async )?function )/m);
    const names = parts.filter((part) => WRITE.test(part)).map((part) => /^export (?:async )?function (\w+)/.exec(part)?.[1]).filter((n): n is string => !!n);
    writers.set(path.posix.basename(f), new Set(names));
  }
  return writers;
}
const WRITE = /\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/i;
/** `import { a, type B } from '../booking/x.queries.ts'` (or export … from, or import * as): the file and the names. */
const IMPORT = /(?:import|export)\s+(type\s+)?(\*\s+as\s+\w+|\{([^}]*)\})\s+from\s+'[./]*\/booking\/([\w.-]+\.queries\.ts)'/g;

/** What a file outside booking/ takes from booking's queries that writes the aggregate (a namespace import counts as all). */
export function writerImports(file: string, text: string, writers: Map<string, Set<string>>): string[] {
  return [...text.matchAll(IMPORT)].flatMap((m) => {
    const written = writers.get(m[4]!) ?? new Set<string>();
    if (m[1] || written.size === 0) return [];
    const names = m[3] === undefined ? [...written] : m[3].split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!).filter((n) => written.has(n));
    return names.map((n) => `${file}: ${n} from booking/${m[4]}`);
  });
}

/**
 * Statements that write an activity's status: `UPDATE activities [alias] SET … status = …` (an
 * assignment, not a comparison inside another one) or `INSERT INTO activities (… status …)`. Answers
 * each statement's line and its first line.
 */
const UPDATE_ACTIVITIES = /\bUPDATE\s+activities(?:\s+(?:AS\s+)?(?!SET\b)\w+)?\s+SET\b([\s\S]*?)(?=\bWHERE\b|\bFROM\b|\bRETURNING\b|`|'|$)/gi;
const INSERT_ACTIVITIES = /\bINSERT\s+INTO\s+activities\s*\(([^)]*)\)/gi;
export function statusWrites(text: string): Array<readonly [number, string]> {
  const at = (index: number) => [text.slice(0, index).split('\n').length, text.slice(index).split('\n')[0]!.trim()] as const;
  return [
    ...[...text.matchAll(UPDATE_ACTIVITIES)].filter((m) => /(^|,)\s*(\w+\.)?status\s*=/i.test(m[1]!)).map((m) => at(m.index!)),
    ...[...text.matchAll(INSERT_ACTIVITIES)].filter((m) => /\bstatus\b/i.test(m[1]!)).map((m) => at(m.index!)),
  ].sort((a, b) => a[0] - b[0]);
}

const lineHits = (text: string, pattern: RegExp) => text.split('\n').map((line, i) => [i + 1, line] as const).filter(([, line]) => pattern.test(line));

describe('architecture: booking owns the activity aggregate', () => {
  it('says activity-status predicates in SQL only through booking/status.queries.ts', () => {
    const literals = sources().filter(([f]) => f !== 'src/booking/status.queries.ts')
      .flatMap(([f, text]) => lineHits(text, STATUS_LITERAL).map(([n, line]) => `${f}:${n}: ${line.trim()}`));
    expect(literals).toEqual([]);
  });

  it('recognises status literals (the check itself)', () => {
    expect(STATUS_LITERAL.test("WHERE a.status = 'confirmed'")).toBe(true);
    expect(STATUS_LITERAL.test("a.status IN ('requested', 'confirmed')")).toBe(true);
    expect(STATUS_LITERAL.test("SELECT id FROM activities WHERE status = 'requested'")).toBe(true);
    expect(STATUS_LITERAL.test("WHERE r.status = 'confirmed'")).toBe(false);
    expect(STATUS_LITERAL.test('a.status = $4::text')).toBe(false);
    // Attendance rows are aliased `a` too; their statuses are not an activity's.
    expect(STATUS_LITERAL.test("AND a.status = 'absent'")).toBe(false);
  });

  it('writes activities, claims and occurrences only in booking/ (every other feature calls booking/commands.ts)', () => {
    const writes = sources().filter(([f]) => !f.startsWith('src/booking/'))
      .flatMap(([f, text]) => lineHits(text, AGGREGATE_WRITE).map(([n, line]) => `${f}:${n}: ${line.trim()}`));
    expect(writes).toEqual([]);
  });

  it("lets no feature call booking's writing queries: they are reached through its commands", () => {
    const writers = bookingWriters();
    // The check sees the writers (it would pass vacuously otherwise).
    expect(writers.get('claims.queries.ts')).toContain('insertClaim');
    expect(writers.get('activity.queries.ts')).toContain('updateActivity');
    expect(writers.get('claims.queries.ts')).not.toContain('selectClaims');
    const used = sources().filter(([f]) => !f.startsWith('src/booking/')).flatMap(([f, text]) => writerImports(f, text, writers));
    expect(used).toEqual([]);
  });

  it("writes an activity's status in one statement (status.queries.ts writeStatus), called only by booking/status.save.ts", () => {
    const writes = sources().flatMap(([f, text]) => statusWrites(text).map(([n, line]) => `${f}:${n}: ${line}`));
    const own = writes.filter((w) => w.startsWith('src/booking/status.queries.ts:'));
    // The check sees the one statement (it would pass vacuously otherwise).
    expect(own).toHaveLength(1);
    expect(writes.filter((w) => !own.includes(w))).toEqual([]);
    const callers = sources().filter(([f, text]) => f !== 'src/booking/status.queries.ts' && /\bwriteStatus\b/.test(text)).map(([f]) => f);
    expect(callers).toEqual(['src/booking/status.save.ts']);
  });

  it("recognises writes of an activity's status (the check itself)", () => {
    expect(statusWrites('`UPDATE activities SET status = $2::text WHERE id = $1`')).toHaveLength(1);
    expect(statusWrites("`UPDATE activities a SET title_zh = $3, status = 'cancelled' WHERE a.id = $1`")).toHaveLength(1);
    expect(statusWrites('`INSERT INTO activities (kind, status, title_zh) VALUES ($1, $2, $3)`')).toHaveLength(1);
    expect(statusWrites('`UPDATE activities SET sequence = sequence + CASE WHEN status <> $2 THEN 1 ELSE 0 END WHERE id = $1`')).toEqual([]);
    expect(statusWrites('`UPDATE activities SET title_zh = $2 WHERE status = $3`')).toEqual([]);
    expect(statusWrites('`UPDATE occurrences SET status = $2 WHERE id = $1`')).toEqual([]);
    expect(statusWrites('`INSERT INTO activities (kind, title_zh) VALUES ($1, $2)`')).toEqual([]);
  });

  it('recognises writes and imports of writers (the checks themselves)', () => {
    expect(AGGREGATE_WRITE.test('`UPDATE activities SET status = $2`')).toBe(true);
    expect(AGGREGATE_WRITE.test("'DELETE FROM claims WHERE id = $1'")).toBe(true);
    expect(AGGREGATE_WRITE.test('INSERT INTO occurrences (activity_id)')).toBe(true);
    expect(AGGREGATE_WRITE.test('INSERT INTO activity_classes (activity_id)')).toBe(false);
    const writers = new Map([['claims.queries.ts', new Set(['insertClaim'])]]);
    expect(writerImports('x.ts', "import { insertClaim, selectClaims } from '../booking/claims.queries.ts';", writers)).toEqual(['x.ts: insertClaim from booking/claims.queries.ts']);
    expect(writerImports('x.ts', "import * as cq from '../booking/claims.queries.ts';", writers)).toEqual(['x.ts: insertClaim from booking/claims.queries.ts']);
    expect(writerImports('x.ts', "import { selectClaims } from '../booking/claims.queries.ts';", writers)).toEqual([]);
    expect(writerImports('x.ts', "import type { Claim } from '../booking/claims.queries.ts';", writers)).toEqual([]);
  });
});
