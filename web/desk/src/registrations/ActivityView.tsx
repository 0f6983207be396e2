import { useEffect, useRef, useState } from 'react';
import { Alert, Loading, Table, Tag, type PrimaryTableCol } from 'tdesign-react';
import { api, ok } from '../api.ts';
import { pick, t, tOr, zoneName } from '../i18n.ts';
import type { paths } from '../../generated/api';
import { useReachableTables } from '../table-scroll.ts';
import { AddForm, MessageForm } from './forms.tsx';
import { instant, range } from './when.ts';

type Registration = paths['/api/v1/activities/{id}/registrations']['get']['responses']['200']['content']['application/json']['items'][number];
type Activity = paths['/api/v1/activities/{id}']['get']['responses']['200']['content']['application/json'];
type Occurrence = paths['/api/v1/activities/{id}/occurrences']['get']['responses']['200']['content']['application/json']['items'][number];
type Status = NonNullable<NonNullable<paths['/api/v1/activities/{id}/registrations']['get']['parameters']['query']>['status']>;
export interface Filters { q?: string; status?: Status }

async function allRegistrations(id: number, filters: Filters): Promise<Registration[]> {
  const items: Registration[] = [];
  let cursor: number | null = null;
  do {
    const query: Record<string, string> = { limit: '200', ...(filters.q ? { q: filters.q } : {}), ...(filters.status ? { status: filters.status } : {}), ...(cursor === null ? {} : { cursor: String(cursor) }) };
    const page: { items: Registration[]; nextCursor: number | null } = ok(await api.GET('/api/v1/activities/{id}/registrations', { params: { path: { id: String(id) }, query } }));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

const STATUS_THEME = { confirmed: 'success', waitlisted: 'warning', cancelled: 'default' } as const;
const CONSENT_THEME = { given: 'success', pending: 'warning', declined: 'danger', withdrawn: 'danger' } as const;

/** One activity's registrants: search and status (kept in the URL), the table, CSV, check-in links, adding, writing. */
export function ActivityView({ activityId, filters, onFilters }: { activityId: number; filters: Filters; onFilters: (f: Filters) => void }) {
  const [activity, setActivity] = useState<Activity | null>(null);
  const [places, setPlaces] = useState<{ confirmed: number; waitlisted: number } | null>(null);
  const [consents, setConsents] = useState<Map<number, string>>(new Map());
  const [sessions, setSessions] = useState<Occurrence[]>([]);
  const [rows, setRows] = useState<Registration[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [q, setQ] = useState(filters.q ?? '');
  const [tick, setTick] = useState(0);
  const timer = useRef<number | undefined>(undefined);
  const id = String(activityId);

  useEffect(() => {
    setActivity(null);
    const path = { params: { path: { id } } };
    Promise.all([
      api.GET('/api/v1/activities/{id}', path).then(ok),
      api.GET('/api/v1/activities/{id}/consents', path).then(ok),
      api.GET('/api/v1/activities/{id}/occurrences', path).then(ok),
    ]).then(([a, c, o]) => {
      setActivity(a);
      setConsents(new Map(c.items.map((x) => [x.registrationId, x.status])));
      setSessions(o.items.filter((x) => x.status === 'scheduled'));
    }, (error: unknown) => setFailed((error as { status?: number }).status === 404 ? t('registrations.notFound') : t('error.generic')));
  }, [activityId]);
  useEffect(() => {
    let live = true;
    api.GET('/api/v1/activities/{id}/places', { params: { path: { id } } }).then(ok).then((p) => live && setPlaces(p), () => undefined);
    allRegistrations(activityId, filters).then((r) => live && setRows(r), () => live && setFailed(t('error.generic')));
    return () => { live = false; };
  }, [activityId, filters.q, filters.status, tick]);

  useReachableTables('#registrations-list', t('registrations.title'), [rows]);
  if (failed) return <div role="alert"><Alert theme="error" message={failed} /></div>;
  if (!activity) return <Loading size="small" text={t('loading')} />;
  const zone = activity.timeZone;
  const lacking = [...consents.values()].filter((s) => s === 'pending').length;
  const search = (value: string) => {
    setQ(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => onFilters({ ...filters, q: value.trim() || undefined }), 250);
  };
  const columns: PrimaryTableCol<Registration>[] = [
    { colKey: 'name', title: t('registrations.name'), sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    { colKey: 'email', title: t('registrations.email') },
    { colKey: 'role', title: t('registrations.role'), cell: ({ row }) => tOr(`role.${row.role}`, 'role.student') },
    { colKey: 'grade', title: t('registrations.grade'), cell: ({ row }) => (row.grade === null ? t('registrations.empty') : t('registrations.gradeN', { grade: row.grade })) },
    { colKey: 'class', title: t('registrations.class'), cell: ({ row }) => row.class ?? t('registrations.empty') },
    { colKey: 'status', title: t('registrations.status'), sorter: (a, b) => a.status.localeCompare(b.status) || (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0), cell: ({ row }) => (
      <Tag theme={STATUS_THEME[row.status]} variant="light">{tOr(`status.${row.status}`, 'status.confirmed')}{row.waitlistPosition ? ` · ${t('registrations.waitPosition', { position: row.waitlistPosition })}` : ''}</Tag>
    ) },
    { colKey: 'noShows', title: t('registrations.noShows'), sorter: (a, b) => a.noShows - b.noShows },
    { colKey: 'createdAt', title: t('registrations.at'), sorter: (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt), cell: ({ row }) => instant(row.createdAt, zone) },
    ...(consents.size ? [{ colKey: 'consent', title: t('registrations.consent'), cell: ({ row }: { row: Registration }) => {
      const c = consents.get(row.id);
      return c ? <Tag theme={CONSENT_THEME[c as keyof typeof CONSENT_THEME] ?? 'default'} variant="light">{tOr(`consent.${c}`, 'consent.pending')}</Tag> : t('registrations.empty');
    } }] : []),
  ];
  return (
    <section id="registrations" aria-labelledby="registrations-activity-title">
      <h3 id="registrations-activity-title">{pick(activity.title)}</h3>
      <p className="muted">{range(activity.startsAt, activity.endsAt, zone, activity.allDay)} · {t('zone.note', { zone: zoneName(zone) })}</p>
      <p className="registrations-count">
        {places ? t('registrations.count', { confirmed: places.confirmed, waitlisted: places.waitlisted }) : ''}{' '}
        <a className="t-button t-button--variant-outline t-button--theme-primary" id="registrations-csv" href={`/api/v1/activities/${activity.id}/registrations.csv`} download={`activity-${activity.id}-registrations.csv`}>{t('registrations.csv')}</a>
      </p>
      {sessions.length > 0 && (
        <p className="buttons" id="attendance-links"><span>{t('registrations.attendance')}</span>
          {sessions.slice(0, 12).map((o) => <a key={o.id} className="attendance-link" href={`/organizer/attendance/${o.id}`}>{range(o.startsAt, o.endsAt, zone, activity.allDay)}</a>)}
        </p>
      )}
      {lacking > 0 && <p id="registrations-lacking-consent" className="warning">{t('registrations.lackingConsent', { count: lacking })}</p>}
      <div className="filters">
        <div className="field">
          <label htmlFor="registrations-search">{t('registrations.search')}</label>
          <input id="registrations-search" name="q" type="search" value={q} maxLength={100} onChange={(e) => search(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="registrations-status">{t('registrations.filter')}</label>
          <select id="registrations-status" name="status" value={filters.status ?? ''} onChange={(e) => onFilters({ ...filters, status: (e.target.value || undefined) as Status | undefined })}>
            <option value="">{t('registrations.all')}</option>
            {(['confirmed', 'waitlisted', 'cancelled'] as const).map((s) => <option key={s} value={s}>{tOr(`status.${s}`, 'status.confirmed')}</option>)}
          </select>
        </div>
      </div>
      <div id="registrations-list" aria-live="polite">
        {rows === null ? <Loading size="small" text={t('loading')} />
          : rows.length === 0 ? <p>{t(filters.q || filters.status ? 'registrations.noMatch' : 'registrations.none')}</p>
          : <Table<Registration> rowKey="id" data={rows} columns={columns} size="small" bordered tableLayout="auto"
              rowAttributes={({ row }) => ({ 'data-registration': String(row.id) })} />}
      </div>
      <div className="registrations-forms">
        <AddForm activityId={activity.id} onAdded={() => setTick((n) => n + 1)} />
        <MessageForm activityId={activity.id} />
      </div>
    </section>
  );
}
