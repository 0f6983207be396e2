// The term planner (issue 25 item 1, moved from public/js/organizer-planner*.js): the term chosen by
// its name, its commitments (list, add, remove), and below, its plan (PlanView.tsx).
import { useEffect, useState } from 'react';
import { Button, Table, type PrimaryTableCol } from 'tdesign-react';
import { api, ok } from '../api.ts';
import type { Me } from '../App.tsx';
import { day, pick, t } from '../i18n.ts';
import type { paths } from '../../generated/api';
import { CommitmentForm } from './CommitmentForm.tsx';
import { PlanView, type Commitment, type PlanCtx } from './PlanView.tsx';
import { classNames, type Ctx } from './reasons.ts';

type Term = paths['/api/v1/calendar-entries']['get']['responses']['200']['content']['application/json']['items'][number];
const SEASONS = ['spring', 'summer', 'autumn', 'fall', 'winter'] as const;
type Season = (typeof SEASONS)[number];

/** Every page of a paged list (the lists page by id; 200 at a time). */
async function allPages<T>(get: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: number | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await get(cursor);
    items.push(...page.items);
    cursor = page.nextCursor === null ? undefined : String(page.nextCursor);
  } while (cursor);
  return items;
}

/** "autumn-2026" named "2026 秋季学期" / "Autumn term 2026"; null for a code of another form. */
function seasonName(code: string): string | null {
  const m = /^([a-z]+)-(\d{4})$/.exec(code);
  return m && (SEASONS as readonly string[]).includes(m[1]!) ? t('planner.termName', { year: m[2]!, season: t(`planner.season.${m[1] as Season}`) }) : null;
}

/** The terms to choose from by name (no code to type): the calendar's terms and those with commitments, newest first. */
export function termChoices(terms: Term[], commitments: Commitment[], current: string): [string, string][] {
  const named = new Map<string, string>();
  for (const e of terms) {
    const year = e.startsAt.slice(0, 4);
    const season = SEASONS.find((s) => e.name.en.toLowerCase().includes(s));
    const code = season ? `${season === 'fall' ? 'autumn' : season}-${year}` : `term-${e.id}`;
    named.set(code, seasonName(code) ?? `${year} ${pick(e.name)}`);
  }
  const counts = new Map<string, number>();
  for (const c of commitments) counts.set(c.term, (counts.get(c.term) ?? 0) + 1);
  for (const code of [...counts.keys(), ...(current ? [current] : [])]) {
    if (!named.has(code)) named.set(code, seasonName(code) ?? t('planner.otherTerm', { count: counts.get(code) ?? 0 }));
  }
  return [...named].sort((a, b) => b[0].slice(-4).localeCompare(a[0].slice(-4)) || a[1].localeCompare(b[1]));
}

const termFromHash = (): string => decodeURIComponent(location.hash.slice(1).split('/')[1] ?? '');

function howOften(c: Commitment): string {
  const times = c.count === 1 ? t('planner.once') : c.count ? t('planner.times', { count: c.count }) : c.cadence ? t(`planner.cadence.${c.cadence}`) : '';
  const length = c.allDayDays ? t('planner.days', { days: c.allDayDays }) : t('planner.minutes', { minutes: c.durationMinutes ?? 0 });
  return `${times}${c.perClass && c.classIds.length > 1 ? t('planner.perClass') : ''} · ${length}`;
}

function forWhom(ctx: Ctx, c: Commitment): string {
  if (c.classIds.length === 0) return t('planner.everyone');
  if (c.classIds.length > 3) return t('planner.classesMany', { first: classNames(ctx, c.classIds.slice(0, 2)), count: c.classIds.length });
  return classNames(ctx, c.classIds);
}

function CommitmentTable({ ctx, commitments, onRemove }: { ctx: Ctx; commitments: Commitment[]; onRemove: (c: Commitment) => void }) {
  if (commitments.length === 0) return <p id="commitments-none">{t('planner.noCommitments')}</p>;
  const columns: PrimaryTableCol<Commitment>[] = [
    { colKey: 'title', title: t('planner.what'), sorter: (a, b) => pick(a.title).localeCompare(pick(b.title)), cell: ({ row }) => `${pick(row.title)}（${t(`kind.${row.kind}`)}）` },
    { colKey: 'classIds', title: t('planner.forWhom'), cell: ({ row }) => forWhom(ctx, row) },
    { colKey: 'count', title: t('planner.howOften'), cell: ({ row }) => howOften(row) },
    { colKey: 'window', title: t('planner.window'), sorter: (a, b) => a.window.startsOn.localeCompare(b.window.startsOn), cell: ({ row }) =>
      `${day(row.window.startsOn)} – ${day(row.window.endsOn)}，${row.window.weekdays.map((d) => t(`planner.day.${d}`)).join(t('planner.join'))} ${row.window.from}–${row.window.to}` },
    { colKey: 'actions', title: t('planner.form.actions'), width: 90, cell: ({ row }) => (
      <Button size="small" variant="outline" aria-label={t('planner.removeOne', { title: pick(row.title) })} onClick={() => onRemove(row)}>{t('planner.remove')}</Button>
    ) },
  ];
  return (
    <div className="table-scroll" role="region" aria-label={t('planner.commitments')} tabIndex={0}>
      <Table<Commitment> rowKey="id" data={commitments} columns={columns} size="small" bordered tableLayout="auto" className="commitments"
        rowAttributes={({ row }) => ({ 'data-commitment': String(row.id) })} />
    </div>
  );
}

export default function PlannerPage({ me }: { me: Me }) {
  const [base, setBase] = useState<{ ctx: Ctx; terms: Term[]; all: Commitment[] } | null>(null);
  const [term, setTerm] = useState(termFromHash);
  const [commitments, setCommitments] = useState<Commitment[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const limit = '200';
    Promise.all([
      allPages((cursor) => api.GET('/api/v1/resources', { params: { query: { limit, ...(cursor ? { cursor } : {}) } } }).then(ok)),
      allPages((cursor) => api.GET('/api/v1/classes', { params: { query: { limit, ...(cursor ? { cursor } : {}) } } }).then(ok)),
      api.GET('/api/v1/commitments', { params: { query: {} } }).then(ok),
      allPages((cursor) => api.GET('/api/v1/calendar-entries', { params: { query: { kind: 'term', limit, ...(cursor ? { cursor } : {}) } } }).then(ok)),
    ]).then(([resources, classes, all, terms]) => {
      setBase({ ctx: { resources, classes }, terms, all });
      // No term in the link: the newest term that has commitments.
      setTerm((current) => current || ([...all].sort((a, b) => b.id - a.id)[0]?.term ?? ''));
    }, () => setFailed(true));
  }, []);
  useEffect(() => {
    if (!term) return;
    if (termFromHash() !== term) history.replaceState(null, '', `#planner/${encodeURIComponent(term)}`);
    void refresh();
  }, [term]);
  const refresh = async () => {
    setCommitments(ok(await api.GET('/api/v1/commitments', { params: { query: { term } } })));
  };
  const remove = async (c: Commitment) => {
    await api.DELETE('/api/v1/commitments/{id}', { params: { path: { id: String(c.id) } } });
    await refresh();
  };
  if (failed) return <p role="alert" className="error">{t('planner.error')}</p>;
  if (!base) return <p className="muted">{t('planner.loading')}</p>;
  const ctx: PlanCtx | null = term && commitments ? { ...base.ctx, term, commitments } : null;
  return (
    <div className="planner">
      <h2>{t('planner.title')}</h2>
      <p className="muted">{t('planner.intro')}</p>
      <div className="field planner-term">
        <label htmlFor="planner-term">{t('planner.term')}</label>
        <select id="planner-term" value={term} aria-describedby="planner-term-hint" onChange={(e) => e.target.value && setTerm(e.target.value)}>
          {!term && <option value="">{t('planner.noTerm')}</option>}
          {termChoices(base.terms, base.all, term).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
        </select>
        <span id="planner-term-hint" className="muted">{t('planner.termHint')}</span>
      </div>
      {ctx && (
        <>
          <h3>{t('planner.commitments')}</h3>
          <div id="commitments-list"><CommitmentTable ctx={ctx} commitments={ctx.commitments} onRemove={(c) => void remove(c)} /></div>
          <CommitmentForm ctx={ctx} term={term} unitId={me.unitId} onAdded={refresh} />
          <PlanView key={`${term}-${ctx.commitments.length}`} ctx={ctx} />
        </>
      )}
    </div>
  );
}
