// The registrations tab's first screen (issue 25 item 11): who is coming across my unit's activities
// with a session in the next 90 days — places taken, the waitlist, the next session and the consents
// still missing — one card per activity, each opening its list. GET /registration-overview.
import { api, el } from './api.js';
import { extend, formatRange, pick, t } from './i18n.js';

extend({
  'overview.title': '谁会来', 'overview.summary': '未来 {days} 天有 {activities} 项活动：{confirmed} 人已确认，{waitlisted} 人候补。',
  'overview.consentsSummary': '{count} 份家长同意书尚未回复。', 'overview.none': '未来 {days} 天没有需要报名的活动。',
  'overview.next': '下一场：', 'overview.places': '已确认 {confirmed} / 名额 {capacity}', 'overview.placesOpen': '已确认 {confirmed}（不限名额）',
  'overview.waitlist': '候补 {count} 人', 'overview.full': '已满', 'overview.consents': '{count} 份同意书未回', 'overview.sessions': '还有 {count} 场',
  'overview.open': '查看名单', 'overview.requested': '待审批',
}, {
  'overview.title': 'Who is coming', 'overview.summary': 'In the next {days} days, {activities} activities: {confirmed} confirmed, {waitlisted} on the waitlist.',
  'overview.consentsSummary': '{count} guardian consents not answered yet.', 'overview.none': 'No activity takes registrations in the next {days} days.',
  'overview.next': 'Next session: ', 'overview.places': '{confirmed} of {capacity} places taken', 'overview.placesOpen': '{confirmed} confirmed (no limit)',
  'overview.waitlist': '{count} on the waitlist', 'overview.full': 'Full', 'overview.consents': '{count} consents missing', 'overview.sessions': '{count} sessions left',
  'overview.open': 'See the list', 'overview.requested': 'Awaiting approval',
});

const DAYS = 90;

/** One activity: its kind's colour on the left edge, places as a bar, what needs doing in words. */
function card(item, choose) {
  const full = item.capacity !== null && item.confirmed >= item.capacity;
  const open = el('button', { type: 'button', class: 'link-button', text: pick(item.title) });
  open.addEventListener('click', () => choose(item.activityId));
  return el('li', { class: `overview-card kind-${item.kind}`, 'data-activity-id': String(item.activityId) },
    el('h4', {}, open),
    el('p', { class: 'overview-kind' }, el('span', { class: 'kind-swatch', 'aria-hidden': 'true' }), ` ${t(`kind.${item.kind}`)}`,
      item.status === 'requested' ? el('span', { class: 'badge status-requested', text: t('overview.requested') }) : ''),
    el('p', {}, el('span', { class: 'overview-label', text: t('overview.next') }), formatRange(item.nextStartsAt, item.nextEndsAt, item.timeZone, item.allDay),
      item.sessionsLeft > 1 ? ` · ${t('overview.sessions', { count: item.sessionsLeft })}` : ''),
    el('p', { class: 'overview-places' },
      item.capacity === null ? t('overview.placesOpen', { confirmed: item.confirmed }) : t('overview.places', { confirmed: item.confirmed, capacity: item.capacity }),
      full ? el('span', { class: 'badge status-full', text: t('overview.full') }) : '',
      item.waitlisted ? el('span', { class: 'badge status-waitlisted', text: t('overview.waitlist', { count: item.waitlisted }) }) : ''),
    // The words above say the figures; the bar only shows them at a glance.
    item.capacity ? el('progress', { class: 'overview-bar', max: String(item.capacity), value: String(Math.min(item.confirmed, item.capacity)), 'aria-hidden': 'true' }) : '',
    item.consentsMissing ? el('p', { class: 'warning overview-consents', text: t('overview.consents', { count: item.consentsMissing }) }) : '');
}

/**
 * Draws the overview into `box`; `choose(activityId)` opens that activity's list.
 * @param {HTMLElement} box
 * @param {(activityId: number) => void} choose
 */
export async function renderOverview(box, choose) {
  const { items } = await api(`/registration-overview?days=${DAYS}`);
  const sum = (key) => items.reduce((n, i) => n + i[key], 0);
  const consents = sum('consentsMissing');
  box.replaceChildren(el('section', { id: 'registrations-overview', 'aria-labelledby': 'overview-title' },
    el('h3', { id: 'overview-title', text: t('overview.title') }),
    items.length === 0 ? el('p', { text: t('overview.none', { days: DAYS }) }) : el('p', { class: 'overview-summary', text: t('overview.summary', { days: DAYS, activities: items.length, confirmed: sum('confirmed'), waitlisted: sum('waitlisted') }) }),
    consents ? el('p', { class: 'warning overview-consents', text: t('overview.consentsSummary', { count: consents }) }) : '',
    el('ul', { class: 'overview-cards' }, items.map((i) => card(i, choose)))));
}
