import { appendFileSync } from 'node:fs';
import os from 'node:os';

/**
 * The regression guard's one table (`npm run bench`, `npm run bench -- quick`): every bench reports
 * its headline figures here, each with its goal. bench/run.ts runs each bench in its own process and
 * names a file in BENCH_SUMMARY_FILE; `summary()` appends the rows there as JSON lines and run.ts
 * prints them together at the end. A bench run on its own (`node bench/feeds.bench.ts`) prints its
 * rows as the same table instead. Printed, never asserted: a figure off its goal is marked, not fatal.
 */
export interface SummaryRow {
  /** What is measured, e.g. 'feed 304 / static 304 (whole app)'. */
  figure: string;
  value: number;
  /** Printed after the value: 'ms', 's', '%', 'KB' … */
  unit?: string | undefined;
  /** The goal as a comparison; absent: reported for its trend only. */
  goal?: { op: '>=' | '<=' | '<' | '>'; value: number } | undefined;
  /** A word on the figure (a baseline, a count), printed in the last column. */
  note?: string | undefined;
}

/** A row as run.ts collects it: which bench, the 1-minute load average when it was reported, quick or full. */
export interface CollectedRow extends SummaryRow {
  bench: string;
  load: number;
  quick: boolean;
}

/** `npm run bench -- quick` (BENCH_QUICK=1): benches use their smaller counts. */
export const quick = (): boolean => process.env.BENCH_QUICK === '1';

/** A count for the full run, or the smaller one in quick mode. */
export const scaled = (full: number, small: number): number => (quick() ? small : full);

function benchName(): string {
  return (process.argv[1] ?? 'bench').replace(/^.*\//, '').replace(/\.bench\.ts$/, '');
}

export function summary(rows: SummaryRow[]): void {
  const collected: CollectedRow[] = rows.map((r) => ({ ...r, bench: benchName(), load: os.loadavg()[0]!, quick: quick() }));
  const file = process.env.BENCH_SUMMARY_FILE;
  if (file) appendFileSync(file, collected.map((r) => `${JSON.stringify(r)}\n`).join(''));
  else process.stdout.write(`\n${summaryTable(collected)}\n`);
}

const met = (r: SummaryRow): boolean | null => {
  if (!r.goal || !Number.isFinite(r.value)) return r.goal ? false : null;
  const { op, value } = r.goal;
  return op === '>=' ? r.value >= value : op === '<=' ? r.value <= value : op === '<' ? r.value < value : r.value > value;
};

const shown = (value: number, unit = ''): string => {
  if (!Number.isFinite(value)) return String(value);
  const digits = Number.isInteger(value) || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit ? ` ${unit}` : ''}`;
};

/** The rows as one aligned text table: bench, figure, value, goal, met, load, note. */
export function summaryTable(rows: CollectedRow[]): string {
  const header = ['bench', 'figure', 'value', 'goal', 'met', 'load 1m', 'note'];
  const lines = rows.map((r) => {
    const ok = met(r);
    return [r.bench, r.figure, shown(r.value, r.unit), r.goal ? `${r.goal.op} ${shown(r.goal.value, r.unit)}` : '-', ok === null ? '-' : ok ? 'yes' : 'NO',
      r.load.toFixed(2), r.note ?? ''];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const missed = rows.filter((r) => met(r) === false).length;
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row), '',
    `${rows.length} figures, ${missed} off their goal${rows.some((r) => r.quick) ? ' (quick mode: smaller counts, figures are indicative)' : ''}`].join('\n');
}
