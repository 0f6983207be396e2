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
});
