import { useEffect, useState } from 'react';
import { Alert, Loading, Progress, Tag } from 'tdesign-react';
import { api, ok } from '../api.ts';
import { pick, t, tOr, zoneName } from '../i18n.ts';
import type { paths } from '../../generated/api';
import { range } from './when.ts';

type Item = paths['/api/v1/registration-overview']['get']['responses']['200']['content']['application/json']['items'][number];
/** How far ahead the overview looks (the activities with a session in the next 90 days). */
const DAYS = 90;

/** One activity: its kind's colour on the left edge, places as a bar, what needs doing in words. */
function OverviewCard({ item, open }: { item: Item; open: (id: number) => void }) {
  const full = item.capacity !== null && item.confirmed >= item.capacity;
  const title = pick(item.title);
  return (
    <li className={`overview-card kind-${item.kind}`} data-activity-id={item.activityId}>
      <h4><a href={`#registrations/${item.activityId}`} onClick={(e) => { e.preventDefault(); open(item.activityId); }}>{title}</a></h4>
      <p className="overview-kind">
        <span className="kind-swatch" aria-hidden="true" /> {tOr(`kind.${item.kind}`, 'kind.exhibition')}
        {item.status === 'requested' && <> <Tag theme="warning" variant="light">{t('overview.requested')}</Tag></>}
      </p>
      <p>
        <span className="overview-label">{t('overview.next')}</span>
        {range(item.nextStartsAt, item.nextEndsAt, item.timeZone, item.allDay)}（{zoneName(item.timeZone)}）
        {item.sessionsLeft > 1 ? ` · ${t('overview.sessions', { count: item.sessionsLeft })}` : ''}
      </p>
      <p className="overview-places">
        {item.capacity === null ? t('overview.placesOpen', { confirmed: item.confirmed }) : t('overview.places', { confirmed: item.confirmed, capacity: item.capacity })}
        {full && <> <Tag theme="danger" variant="light">{t('overview.full')}</Tag></>}
        {item.waitlisted > 0 && <> <Tag theme="warning" variant="light">{t('overview.waitlist', { count: item.waitlisted })}</Tag></>}
      </p>
      {/* The words above say the figures; the bar only shows them at a glance. */}
      {item.capacity ? <div aria-hidden="true"><Progress percentage={Math.min(100, Math.round((item.confirmed / item.capacity) * 100))} label={false} size="small" /></div> : null}
      {item.consentsMissing > 0 && <p className="overview-consents warning">{t('overview.consents', { count: item.consentsMissing })}</p>}
    </li>
  );
}

/** The registrations view's first screen (issue 25 item 11): who is coming across my unit's activities. */
export function Overview({ open, unitId }: { open: (id: number) => void; unitId: number | null }) {
  const [items, setItems] = useState<Item[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const query: Record<string, string> = { days: String(DAYS) };
    if (unitId !== null) query.unitId = String(unitId);
    api.GET('/api/v1/registration-overview', { params: { query } }).then(ok).then((page) => setItems(page.items), () => setFailed(true));
  }, [unitId]);
  if (failed) return <div role="alert"><Alert theme="error" message={t('error.generic')} /></div>;
  if (!items) return <Loading size="small" text={t('loading')} />;
  const sum = (key: 'confirmed' | 'waitlisted' | 'consentsMissing') => items.reduce((n, i) => n + i[key], 0);
  const consents = sum('consentsMissing');
  return (
    <section id="registrations-overview" aria-labelledby="overview-title">
      <h3 id="overview-title">{t('overview.title')}</h3>
      {items.length === 0
        ? <p>{t('overview.none', { days: DAYS })}</p>
        : <p className="overview-summary">{t('overview.summary', { days: DAYS, activities: items.length, confirmed: sum('confirmed'), waitlisted: sum('waitlisted') })}</p>}
      {consents > 0 && <p className="overview-consents warning">{t('overview.consentsSummary', { count: consents })}</p>}
      <ul className="overview-cards">{items.map((i) => <OverviewCard key={i.activityId} item={i} open={open} />)}</ul>
    </section>
  );
}
