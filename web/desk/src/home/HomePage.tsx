import { useEffect, useState, type ReactNode } from 'react';
import { Button, Card, Loading, Tag } from 'tdesign-react';
import { api, ApiProblem, ok } from '../api.ts';
import type { Me } from '../App.tsx';
import { dateTime, day, pick, t, time, tOr, zoneName, type Localized } from '../i18n.ts';
import type { paths } from '../../generated/api';
import type { WordKey } from '../words.ts';

type Home = paths['/api/v1/home']['get']['responses']['200']['content']['application/json'];
type Happening = Home['happeningToday'][number];
type Readiness = paths['/api/v1/readiness']['get']['responses']['200']['content']['application/json']['items'][number];

/** One section of the home: a titled card with a count, its rows or its empty sentence. */
function Section({ id, title, count, empty, tone, children }: { id: string; title: WordKey; count: number; empty: WordKey; tone?: 'warning' | 'danger'; children: ReactNode }) {
  return (
    <Card className={`home-card${count === 0 ? ' home-empty' : tone ? ` home-${tone}` : ''}`} bordered header={
      <h2 id={`${id}-title`} className="home-card-title">
        {t(title)} <Tag theme={count > 0 ? (tone ?? 'primary') : 'default'} variant="light" aria-hidden="true">{count}</Tag>
      </h2>
    }>
      <section aria-labelledby={`${id}-title`} id={id}>
        {count === 0 ? <p className="muted">{t(empty)}</p> : <ul className="home-list">{children}</ul>}
      </section>
    </Card>
  );
}

/** A row: what, when, and the one link that acts on it. */
function Row({ title, lines, action, href }: { title: string; lines: string[]; action: WordKey; href: string }) {
  return (
    <li className="home-row">
      <div className="home-row-text">
        <strong>{title}</strong>
        {lines.filter(Boolean).map((line, i) => <span key={i} className="muted">{line}</span>)}
      </div>
      <a className="home-action" href={href}>{t(action)}<span className="visually-hidden">：{title}</span></a>
    </li>
  );
}

function HappeningRow({ h, zone, withDay }: { h: Happening; zone: string; withDay: boolean }) {
  const when = h.allDay ? t('allDay') : `${withDay ? dateTime(h.startsAt, zone) : time(h.startsAt, zone)}–${time(h.endsAt, zone)}`;
  const lines = [
    `${when} · ${tOr(`kind.${h.kind}`, 'kind.exhibition')}${h.venueName ? ` · ${pick(h.venueName)}` : ''}`,
    `${t(`status.${h.status}` as WordKey)} · ${t('home.registered', { count: h.registered })}`,
  ];
  // Registrations are the organizing unit's; another unit's activity on our resources opens its page.
  return h.ours
    ? <Row title={pick(h.title)} lines={lines} action="home.action.registrations" href={`#registrations/${h.activityId}`} />
    : <Row title={pick(h.title)} lines={lines} action="home.action.open" href={`/activities/${h.activityId}`} />;
}

/** A readiness item's figures for its words (counts; lists and texts are not shown in the short form). */
function numbers(data: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(data).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

/** An admin belongs to no unit: the home asks which unit's to show (the first one at first). */
function UnitChoice({ value, onChange }: { value: number | null; onChange: (id: number) => void }) {
  const [units, setUnits] = useState<{ id: number; name: Localized }[]>([]);
  useEffect(() => {
    api.GET('/api/v1/units', { params: { query: {} } }).then(ok).then((page) => {
      setUnits(page.items);
      if (value === null && page.items[0]) onChange(page.items[0].id);
    }, () => undefined);
  }, []);
  return (
    <div className="field home-unit">
      <label htmlFor="home-unit">{t('imports.unit')}</label>
      <select id="home-unit" value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {units.map((u) => <option key={u.id} value={u.id}>{pick(u.name)}</option>)}
      </select>
    </div>
  );
}

export function HomePage({ me }: { me: Me }) {
  const [home, setHome] = useState<Home | null>(null);
  const [failed, setFailed] = useState<ApiProblem | null>(null);
  const [unitId, setUnitId] = useState<number | null>(me.unitId);
  const [visits, setVisits] = useState<Readiness[]>([]);
  useEffect(() => {
    if (unitId === null) return;
    let live = true;
    setHome(null);
    const query = me.unitId === unitId ? {} : { unitId: String(unitId) };
    // The visits not ready come from the readiness list; the home waits for both (one screen, drawn once).
    Promise.all([
      api.GET('/api/v1/home', { params: { query } }).then(ok),
      api.GET('/api/v1/readiness', { params: { query: { ...query, notReady: 'true' } } }).then(ok),
    ]).then(([data, readiness]) => {
      if (!live) return;
      setVisits(readiness.items.filter((v) => !v.ready));
      setHome(data);
    }, (error: unknown) => {
      if (live) setFailed(error instanceof ApiProblem ? error : new ApiProblem(0, null));
    });
    return () => { live = false; };
  }, [unitId]);
  const choice = me.unitId === null ? <UnitChoice value={unitId} onChange={setUnitId} /> : null;
  if (failed) {
    return <p role="alert" className="error">{failed.status === 403 ? t('error.forbidden') : t('error.generic')}</p>;
  }
  if (!home) return <>{choice}<Loading size="small" text={t('loading')} /></>;
  const zone = home.timeZone;
  const canWrite = me.role !== 'viewer';
  // Today and this week first; then what waits, the sections with something in them before the empty ones.
  const glance = [
    { count: home.happeningToday.length, node: (
      <Section key="home-today" id="home-today" title="home.today" count={home.happeningToday.length} empty="home.todayEmpty">
        {home.happeningToday.map((h) => <HappeningRow key={h.occurrenceId} h={h} zone={zone} withDay={false} />)}
      </Section>
    ) },
    { count: home.happeningThisWeek.length, node: (
      <Section key="home-week" id="home-week" title="home.week" count={home.happeningThisWeek.length} empty="home.weekEmpty">
        {home.happeningThisWeek.map((h) => <HappeningRow key={h.occurrenceId} h={h} zone={zone} withDay />)}
      </Section>
    ) },
  ];
  const todo = [
    { count: home.approvals.length, node: (
      <Section key="home-approvals" id="home-approvals" title="home.approvals" count={home.approvals.length} empty="home.approvalsEmpty" tone="warning">
        {home.approvals.map((a) => (
          <Row key={a.claimId} title={pick(a.title)} href={`#approvals/${a.claimId}`} action="home.action.approve" lines={[
            t('home.approval.line', { unit: pick(a.requestedBy), resource: pick(a.resourceName), quantity: a.quantity }),
            t('home.approval.when', { when: dateTime(a.startsAt, zone) }),
            a.holdExpiresAt ? t('home.hold.until', { when: dateTime(a.holdExpiresAt, zone) }) : '',
          ]} />
        ))}
      </Section>
    ) },
    { count: home.holdsLapsing.length, node: (
      <Section key="home-holds" id="home-holds" title="home.holds" count={home.holdsLapsing.length} empty="home.holdsEmpty" tone="warning">
        {home.holdsLapsing.map((h) => (
          <Row key={h.activityId} title={pick(h.title)} href={`/activities/${h.activityId}`} action="home.action.open" lines={[
            t('home.hold.until', { when: dateTime(h.holdExpiresAt, zone) }),
            h.pendingClaims > 0 ? t('home.hold.pending', { count: h.pendingClaims }) : '',
          ]} />
        ))}
      </Section>
    ) },
    { count: visits.length, node: (
      <Section key="home-readiness" id="home-readiness" title="home.readiness" count={visits.length} empty="home.readinessEmpty" tone="warning">
        {visits.map((v) => (
          <Row key={v.activityId} title={pick(v.title)} href={`/organizer#readiness/${v.activityId}`} action="home.action.readiness" lines={[
            t('home.readiness.when', { when: dateTime(v.startsAt, v.timeZone) }),
            v.items.filter((i) => !i.ok).map((i) => t(`readiness.short.${i.key}`, numbers(i.data))).join(t('home.readiness.sep')),
          ]} />
        ))}
      </Section>
    ) },
    { count: home.consentsMissing.length, node: (
      <Section key="home-consents" id="home-consents" title="home.consents" count={home.consentsMissing.length} empty="home.consentsEmpty" tone="warning">
        {home.consentsMissing.map((c) => (
          <Row key={c.activityId} title={pick(c.title)} href={`#registrations/${c.activityId}`} action="home.action.consents" lines={[
            t('home.consent.missing', { count: c.missing }), t('home.consent.when', { when: dateTime(c.startsAt, zone) }),
          ]} />
        ))}
      </Section>
    ) },
    { count: home.overdueLoans.length, node: (
      <Section key="home-overdue" id="home-overdue" title="home.overdue" count={home.overdueLoans.length} empty="home.overdueEmpty" tone="danger">
        {home.overdueLoans.map((l) => (
          <Row key={l.loanId} title={pick(l.resourceName)} href="#loans" action="home.action.loan" lines={[
            t('home.loan.holder', { name: l.holderName, count: l.itemsOut }), t('home.loan.due', { when: dateTime(l.dueBack, zone) }),
          ]} />
        ))}
      </Section>
    ) },
    { count: home.failedEmails.length, node: (
      <Section key="home-failed" id="home-failed" title="home.failed" count={home.failedEmails.length} empty="home.failedEmpty" tone="danger">
        {home.failedEmails.map((e) => (
          <Row key={e.deliveryId} title={tOr(`email.${e.kind}`, 'email.other')} href="/organizer#deliveries" action="home.action.retry" lines={[
            e.title ? pick(e.title) : t('home.failed.noActivity'), t('home.failed.when', { when: dateTime(e.failedAt, zone) }),
          ]} />
        ))}
      </Section>
    ) },
  ];
  return (
    <div className="home" data-ready="true">
      {choice}
      <div className="home-intro">
        <h2 className="home-title">{t('home.title', { unit: pick(home.unit.name) })}</h2>
        <p className="muted">{day(home.today)} · {t('zone.note', { zone: zoneName(zone) })}</p>
        {canWrite && <Button theme="primary" href="#book" tag="a">{t('home.action.book')}</Button>}
      </div>
      <div className="home-grid">
        {[...glance, ...todo.filter((x) => x.count > 0), ...todo.filter((x) => x.count === 0)].map((x) => x.node)}
      </div>
    </div>
  );
}
