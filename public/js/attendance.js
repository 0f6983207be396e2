// The organizer's attendance page for one occurrence, made for a phone at the door: scan (or type)
// a participant's check-in code, find a name, mark present / late / absent, or everyone else present.
import { ApiProblem, api, el, setCsrfToken } from './api.js';
import { applyI18n, formatRange, has, pick, t } from './i18n.js';
import './attendance-strings.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const occurrenceId = main.dataset.occurrence;
const STATUSES = ['present', 'late', 'absent'];

/** A problem in the page's words when it has them, else the server's detail. */
function problemText(error) {
  if (error instanceof ApiProblem && error.code && has(`problem.${error.code}`)) return t(`problem.${error.code}`);
  return t('error.generic', { detail: error instanceof Error ? error.message : String(error) });
}

function row(item, onMark) {
  const buttons = STATUSES.map((status) => el('button', {
    type: 'button', class: item.status === status ? `mark mark-${status}` : 'mark secondary', 'aria-pressed': String(item.status === status),
    'data-status': status, text: t(`attendance.${status}`), onclick: () => onMark(item, status),
  }));
  // The place for per-row warnings (consent_missing from the consent lookup, …).
  const flags = item.flags.map((f) => el('span', { class: 'badge status-failed flag', text: has(`attendance.flag.${f}`) ? t(`attendance.flag.${f}`) : f }));
  const details = [item.class, item.noShows > 0 ? t('attendance.noShows', { n: item.noShows }) : null].filter(Boolean).join(' · ');
  return el('li', { class: 'attendee', 'data-registration': String(item.registrationId), 'data-name': item.name.toLowerCase(), 'data-status': item.status ?? 'unmarked' },
    el('div', { class: 'attendee-name' }, el('strong', { text: item.name }), ' ', t(`role.${item.role}`), ' ', ...flags,
      details ? el('span', { class: 'muted', text: ` ${details}` }) : null),
    el('div', { class: 'buttons', role: 'group', 'aria-label': item.name }, buttons));
}

async function start() {
  const me = await api('/auth/session');
  if (!me.signedIn) {
    main.replaceChildren(el('h1', { text: t('attendance.title') }), el('p', { text: t('attendance.signIn') }), el('a', { class: 'button', href: '/organizer', text: t('attendance.toDesk') }));
    return;
  }
  setCsrfToken(me.csrfToken);
  let data = await api(`/occurrences/${occurrenceId}/attendance`);
  const counts = el('p', { id: 'attendance-counts', role: 'status' });
  const message = el('p', { id: 'attendance-message', role: 'status', 'aria-live': 'polite' });
  const list = el('ul', { id: 'attendance-list', class: 'attendance-list', 'aria-label': t('attendance.listTitle') });
  const search = el('input', { id: 'attendance-search', type: 'search', autocomplete: 'off' });
  const code = el('input', { id: 'check-in-code', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', required: true });

  const draw = () => {
    const c = data.counts;
    counts.textContent = t('attendance.counts', { present: c.present, late: c.late, absent: c.absent, unmarked: c.unmarked });
    const q = search.value.trim().toLowerCase();
    const shown = data.items.filter((i) => !q || i.name.toLowerCase().includes(q));
    list.replaceChildren(...shown.map((i) => row(i, mark)));
    if (data.items.length === 0) list.replaceChildren(el('li', { text: t('attendance.none') }));
    else if (shown.length === 0) list.replaceChildren(el('li', { text: t('attendance.noMatch') }));
  };
  const attempt = async (work) => {
    try {
      await work();
    } catch (error) {
      message.className = 'error';
      message.textContent = problemText(error);
    }
  };
  async function mark(item, status) {
    await attempt(async () => {
      data = await api(`/occurrences/${occurrenceId}/attendance`, { method: 'POST', body: { marks: [{ registrationId: item.registrationId, status }] } });
      message.className = 'ok';
      message.textContent = t('attendance.saved', { name: item.name, status: t(`attendance.${status}`) });
      draw();
    });
  }
  const scan = el('form', { id: 'scan-form', class: 'panel', novalidate: true },
    el('h2', { text: t('attendance.scanTitle') }),
    el('div', { class: 'field' }, el('label', { for: 'check-in-code', text: t('attendance.code') }), code),
    el('button', { type: 'submit', id: 'check-in', text: t('attendance.checkIn') }));
  scan.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(async () => {
      const result = await api(`/occurrences/${occurrenceId}/attendance/scan`, { method: 'POST', body: { code: code.value } });
      data = result.list;
      message.className = 'ok';
      message.textContent = t(result.alreadyMarked ? 'attendance.again' : 'attendance.checkedIn', { name: result.name, status: t(`attendance.${result.status}`) });
      code.value = '';
      draw();
    }).finally(() => code.focus());
  });
  const allPresent = el('button', { type: 'button', id: 'all-present', class: 'secondary', text: t('attendance.allPresent') });
  allPresent.addEventListener('click', () => attempt(async () => {
    data = await api(`/occurrences/${occurrenceId}/attendance/all-present`, { method: 'POST' });
    draw();
  }));
  search.addEventListener('input', draw);
  const o = data.occurrence;
  main.replaceChildren(
    el('h1', { text: `${t('attendance.title')} · ${pick(o.title)}` }),
    el('p', { class: 'zone-note', text: formatRange(o.startsAt, o.endsAt, o.timeZone, o.allDay) }),
    counts, message, scan,
    el('section', { class: 'panel', 'aria-labelledby': 'list-title' },
      el('h2', { id: 'list-title', text: t('attendance.listTitle') }),
      el('div', { class: 'field' }, el('label', { for: 'attendance-search', text: t('attendance.search') }), search),
      el('p', { class: 'buttons' }, allPresent,
        el('a', { class: 'button secondary', id: 'attendance-csv', href: `/api/v1/occurrences/${occurrenceId}/attendance.csv`, download: `occurrence-${occurrenceId}-attendance.csv`, text: t('attendance.csv') })),
      list));
  draw();
}

applyI18n();
start().catch((error) => {
  main.replaceChildren(el('p', { class: 'error', role: 'alert', text: problemText(error) }));
});
