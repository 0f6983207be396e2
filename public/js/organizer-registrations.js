// Registrations of one of my unit's activities, with the CSV export.
import { allPages, api, el } from './api.js';
import { formatRange, pick, t } from './i18n.js';
import { field, formatInstant, options, statusBadge, table } from './organizer-common.js';
import './attendance-strings.js';

/** Links to each scheduled occurrence's attendance page (made for the phone at the door). */
async function attendanceLinks(activity) {
  const { items } = await api(`/activities/${activity.id}/occurrences`);
  const scheduled = items.filter((o) => o.status === 'scheduled');
  return el('p', { class: 'buttons', id: 'attendance-links' }, el('span', { text: t('registrations.attendance') }),
    scheduled.map((o) => el('a', { class: 'button secondary', href: `/organizer/attendance/${o.id}`, text: formatRange(o.startsAt, o.endsAt, activity.timeZone, activity.allDay) })));
}

/** Guardian consent by registration id (docs/consent.md): empty when the activity needs none. */
async function consentsOf(activity) {
  const { items } = await api(`/activities/${activity.id}/consents`);
  return new Map(items.map((c) => [c.registrationId, c.status]));
}

async function showRegistrations(box, activity) {
  const items = await allPages(`/activities/${activity.id}/registrations`);
  const consents = await consentsOf(activity);
  const lacking = [...consents.values()].filter((s) => s === 'pending').length;
  const consentCell = (r) => (consents.size ? [consents.has(r.id) ? el('span', { class: `badge consent-${consents.get(r.id)}`, text: t(`consent.${consents.get(r.id)}`) }) : '—'] : []);
  const count = (status) => items.filter((r) => r.status === status).length;
  const csv = el('a', { class: 'button', id: 'registrations-csv', href: `/api/v1/activities/${activity.id}/registrations.csv`, download: `activity-${activity.id}-registrations.csv`, text: t('registrations.csv') });
  box.replaceChildren(
    el('h3', { text: pick(activity.title) }),
    el('p', { class: 'zone-note', text: formatRange(activity.startsAt, activity.endsAt, activity.timeZone, activity.allDay) }),
    el('p', {}, t('registrations.count', { confirmed: count('confirmed'), waitlisted: count('waitlisted') }), ' ', csv),
    await attendanceLinks(activity),
    lacking ? el('p', { id: 'registrations-lacking-consent', class: 'warning', text: t('registrations.lackingConsent', { count: lacking }) }) : '',
    items.length === 0 ? el('p', { text: t('registrations.none') }) : el('div', { class: 'table-wrap' }, table(t('registrations.title'),
      [t('registrations.name'), t('registrations.email'), t('registrations.role'), t('registrations.grade'), t('registrations.class'), t('registrations.status'), t('registrations.noShows'), t('registrations.at'), ...(consents.size ? [t('registrations.consent')] : [])],
      items.map((r) => [r.name, r.email, t(`role.${r.role}`), r.grade ?? '—', r.class ?? '—',
        el('span', {}, statusBadge(r.status), r.waitlistPosition ? ` #${r.waitlistPosition}` : ''), String(r.noShows ?? 0), formatInstant(r.createdAt, activity.timeZone), ...consentCell(r)]))));
}

export async function render(panel, me) {
  const query = new URLSearchParams({ from: new Date(Date.now() - 30 * 86_400_000).toISOString() });
  if (me.unitId) query.set('unitId', String(me.unitId));
  const activities = (await allPages(`/activities?${query}`)).filter((a) => a.status !== 'draft');
  const box = el('div', { id: 'registrations', 'aria-live': 'polite' });
  const select = el('select', { name: 'activity' }, el('option', { value: '', text: t('registrations.pick') }),
    options(activities.map((a) => [a.id, `${pick(a.title)} · ${formatRange(a.startsAt, a.endsAt, a.timeZone, a.allDay)}`])));
  select.addEventListener('change', () => {
    const activity = activities.find((a) => String(a.id) === select.value);
    if (!activity) return void box.replaceChildren();
    showRegistrations(box, activity).catch((error) => box.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error.message }) })));
  });
  panel.replaceChildren(el('h2', { text: t('registrations.title') }), field('registrations-activity', t('registrations.activity'), select), box);
}
