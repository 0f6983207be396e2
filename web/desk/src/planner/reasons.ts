// A plan's reasons and outcomes in the reader's words: the server sends a code and its data
// (src/planner/model/diagnose.ts); nothing the server wrote in English is shown on a Chinese page.
import { day, lang, pick, t, type Localized } from '../i18n.ts';
import type { WordKey } from '../words.ts';

export interface Named { id: number; name: Localized }
export interface Ctx { resources: (Named & { kind: string; quantity: number })[]; classes: Named[] }

/** Each name once, joined in the reader's way ("天象厅、天文望远镜"). */
export const joined = (names: string[]): string => [...new Set(names)].join(t('planner.join'));
export const nameOf = (list: Named[], id: unknown): string => pick(list.find((x) => x.id === id)?.name) || t('planner.everyone');
export const classNames = (ctx: Ctx, ids: number[]): string => joined(ids.map((id) => nameOf(ctx.classes, id)));
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const weekday = (d: unknown): string => (DAYS.includes(d as (typeof DAYS)[number]) ? t(`planner.day.${d as (typeof DAYS)[number]}`) : '');
/** A local date (YYYY-MM-DD) in the reader's words; other values as they are (never undefined). */
const date = (d: unknown): string => (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? day(d) : String(d ?? ''));
const named = (n: unknown): string => (n && typeof n === 'object' ? pick(n as Localized) : String(n ?? ''));

export interface Words { message: string; fits: string }
type Data = Record<string, unknown>;

/** A reason's code and data in the reader's language, or null for a code this desk does not know. */
export function codeText(ctx: Ctx, code: string, d: Data): Words | null {
  const resource = () => nameOf(ctx.resources, d.resourceId);
  const cls = () => nameOf(ctx.classes, d.classId);
  const w = (message: WordKey, fits: WordKey, vars: Record<string, string | number> = {}): Words => ({ message: t(message, vars), fits: t(fits, vars) });
  switch (code) {
    case 'closed': return w('planner.why.closed', 'planner.fix.opens', { resource: resource(), day: weekday(d.weekday), from: String(d.from), to: String(d.to) });
    case 'calendar_entry': return w('planner.why.calendar', 'planner.fix.calendar', { name: named(d.name), date: date(d.date) });
    case 'class_window': return w('planner.why.classWindow', 'planner.fix.classWindow', { class: cls() });
    case 'class_entry': return w('planner.why.classEntry', 'planner.fix.classEntry', { class: cls(), name: named(d.name), date: date(d.date) });
    case 'capacity': return { message: t('planner.why.capacity', { resource: resource() }), fits: t('planner.fix.capacity', { resource: resource(), quantity: Number(d.quantity), date: date(d.date) }) };
    case 'resource_busy': return { message: t('planner.why.capacity', { resource: resource() }), fits: t('planner.fix.busy', { resource: resource(), date: date(d.date), from: String(d.from), to: String(d.to) }) };
    case 'class_busy': return w('planner.why.classBusy', 'planner.fix.classFree', { class: cls(), date: date(d.date) });
    case 'min_gap': return w('planner.why.minGap', 'planner.fix.gap', { days: Number(d.days) });
    case 'max_gap': return w('planner.why.maxGap', 'planner.fix.gap', { days: Number(d.days) });
    case 'same_day': return w('planner.why.sameDay', 'planner.fix.sameDay');
    case 'window': return w('planner.why.window', 'planner.fix.widerWindow');
    case 'past': return w('planner.why.past', 'planner.fix.past', { earliest: date(d.earliest) });
    case 'no_window': return {
      message: t('planner.why.noWindow', { days: joined(((d.weekdays as unknown[]) ?? []).map(weekday)), from: String(d.from), to: String(d.to), fromDate: date(d.fromDate), toDate: date(d.toDate) }),
      fits: t('planner.fix.window', { from: date(d.startsOn), to: date(d.endsOn) }),
    };
    case 'several': {
      const parts = ((d.parts as { code: string; data: Data }[]) ?? []).map((p) => codeText(ctx, p.code, p.data ?? {})).filter((p): p is Words => p !== null);
      return { message: t('planner.why.several', { list: parts.map((p) => p.message).join(t('planner.list')) }), fits: parts.map((p) => p.fits).join(t('planner.and')) };
    }
    default: return null;
  }
}

/** A reason in the reader's words; a plan stored before reasons had codes is worded from its relaxation. */
export function reasonText(ctx: Ctx, r: { code?: string; data?: Data; message: string; fits: string; relaxation: Data | null }): Words {
  const coded = r.code ? codeText(ctx, r.code, r.data ?? {}) : null;
  if (coded) return coded;
  const x = r.relaxation;
  const byKind: Record<string, string> = { opening_hours: 'closed', class_free: 'class_busy' };
  const fromRelaxation = x ? codeText(ctx, byKind[String(x.kind)] ?? String(x.kind), x) : null;
  if (fromRelaxation) return fromRelaxation;
  // Nothing to word it from: the English words only on an English page, a plain sentence on a Chinese one.
  return lang() === 'en' ? { message: r.message, fits: r.fits } : { message: t('planner.why.window'), fits: t('planner.fix.widerWindow') };
}

/** Why an accepted item was kept or refused, by its code. */
export function outcomeNote(a: { outcome: string; code: string | null }): string {
  if (a.outcome === 'kept') return t('planner.keptNote');
  if (a.code === 'past') return t('planner.refused.past');
  if (a.code === 'class_conflict') return t('planner.refused.classConflict');
  return a.outcome === 'refused' ? t('planner.error') : '';
}

/** How close the plan is to the best one, in plain words (never the solver's gap). */
export function quality(gap: unknown): string {
  if (typeof gap !== 'number') return '';
  if (gap <= 1e-6) return t('planner.best');
  if (gap < 0.01) return t('planner.nearBest');
  return t('planner.shortOfBest', { percent: Math.ceil(gap * 100) });
}

/** The job's phase in words ("rechecking" is never shown as such). */
export function phaseText(phase: string | undefined): string {
  return ['queued', 'loading', 'solving', 'rechecking', 'done', 'failed'].includes(phase ?? '') ? t(`planner.phase.${phase}` as WordKey) : t('planner.phase.working');
}
