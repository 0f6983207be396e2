import { useEffect, useState } from 'react';
import { api, ok } from '../api.ts';
import type { Me } from '../App.tsx';
import { pick, t } from '../i18n.ts';
import { ActivityView, type Filters } from './ActivityView.tsx';
import { Overview } from './Overview.tsx';
import { range } from './when.ts';
import './registrations.css';

/**
 * The registrations view. Its state lives in the URL (a reload or bookmark opens the same view):
 * `#registrations` is the overview "谁会来"; `#registrations/<activity id>?q=…&status=…` one activity's list.
 */
interface View { activityId: number | null; filters: Filters }
function viewFromHash(): View {
  const [path = '', query = ''] = decodeURIComponent(location.hash.slice(1)).split('?');
  const id = Number(path.split('/')[1]);
  const params = new URLSearchParams(query);
  const status = params.get('status');
  return {
    activityId: Number.isInteger(id) && id > 0 ? id : null,
    filters: { ...(params.get('q') ? { q: params.get('q')! } : {}), ...(status === 'confirmed' || status === 'waitlisted' || status === 'cancelled' ? { status } : {}) },
  };
}
function hashOf(view: View): string {
  if (view.activityId === null) return '#registrations';
  const q = new URLSearchParams();
  if (view.filters.q) q.set('q', view.filters.q);
  if (view.filters.status) q.set('status', view.filters.status);
  return `#registrations/${view.activityId}${q.size ? `?${q}` : ''}`;
}

type Choice = { id: number; label: string };

export default function RegistrationsPage({ me }: { me: Me }) {
  const [view, setView] = useState<View>(viewFromHash);
  const [choices, setChoices] = useState<Choice[]>([]);
  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    // The activities of my unit from 30 days back, to pick one (drafts take no registrations).
    const query: Record<string, string> = { from: new Date(Date.now() - 30 * 86_400_000).toISOString(), limit: '200' };
    if (me.unitId !== null) query.unitId = String(me.unitId);
    api.GET('/api/v1/activities', { params: { query } }).then(ok).then((page) => setChoices(page.items.filter((a) => a.status !== 'draft')
      .map((a) => ({ id: a.id, label: `${pick(a.title)} · ${range(a.startsAt, a.endsAt, a.timeZone, a.allDay)}` }))), () => undefined);
  }, [me.unitId]);
  useEffect(() => {
    // An activity opened from the overview that the list lacks (an admin's other unit's): add it.
    if (view.activityId === null || choices.length === 0 || choices.some((c) => c.id === view.activityId)) return;
    api.GET('/api/v1/activities/{id}', { params: { path: { id: String(view.activityId) } } }).then(ok).then((a) =>
      setChoices((c) => [...c, { id: a.id, label: `${pick(a.title)} · ${range(a.startsAt, a.endsAt, a.timeZone, a.allDay)}` }]), () => undefined);
  }, [view.activityId, choices.length]);

  /** A new view: the URL says it (replaceState for filters, a history entry for another activity). */
  const go = (next: View, push: boolean) => {
    if (push) history.pushState(null, '', hashOf(next));
    else history.replaceState(null, '', hashOf(next));
    setView(next);
  };
  return (
    <div className="registrations">
      <h2>{t('registrations.title')}</h2>
      <div className="field registrations-pick">
        <label htmlFor="registrations-activity">{t('registrations.activity')}</label>
        <select id="registrations-activity" name="activity" value={view.activityId ?? ''}
          onChange={(e) => go({ activityId: e.target.value ? Number(e.target.value) : null, filters: {} }, true)}>
          <option value="">{t('registrations.pick')}</option>
          {choices.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      </div>
      {view.activityId === null
        ? <Overview unitId={me.unitId} open={(id) => { go({ activityId: id, filters: {} }, true); document.getElementById('registrations-activity')?.focus(); }} />
        : <>
            <p><a href="#registrations" onClick={(e) => { e.preventDefault(); go({ activityId: null, filters: {} }, true); }}>← {t('registrations.back')}</a></p>
            <ActivityView key={view.activityId} activityId={view.activityId} filters={view.filters} onFilters={(filters) => go({ activityId: view.activityId, filters }, false)} />
          </>}
    </div>
  );
}
