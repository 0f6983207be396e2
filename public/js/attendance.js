// The organizer's attendance page for one occurrence, made for a phone at the door: scan (or type)
// a participant's check-in code with the phone's camera, a scanner gun or by hand (the short code), find a name, mark present / late / absent, or everyone else present.
import { ApiProblem, api, el, setCsrfToken } from './api.js';
import { applyI18n, formatRange, has, lang, pick, t } from './i18n.js';
import { cameraScanner } from './attendance-camera.js';
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

/** A refused scan in the page's words, naming the session a code is for when the server says which. */
function scanProblemText(error) {
  const p = error instanceof ApiProblem ? error.problem : null;
  if (p?.code === 'check_in_wrong_occurrence' && p.codeStartsAt) {
    const day = new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: p.timeZone, month: 'long', day: 'numeric', weekday: 'short', ...(p.allDay ? {} : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) });
    return t('problem.check_in_wrong_occurrence_on', { when: day.format(new Date(p.codeStartsAt)) });
  }
  if (p?.code && has(`problem.${p.code}`)) return t(`problem.${p.code}`, { name: p.name ?? '' });
  return problemText(error);
}

/**
 * The door: a large green or red answer for each scan, the camera (started by a press, since a
 * browser asks for the camera only then) and the code field a scanner gun types into or a person
 * types a short code into. Both go through `check`, which answers { ok, title, detail }.
 */
function scanPanel(code, check) {
  const result = el('div', { id: 'scan-result', class: 'scan-result', role: 'status', 'aria-live': 'assertive', hidden: true });
  const video = /** @type {HTMLVideoElement} */ (el('video', { id: 'camera-view', class: 'camera-view', muted: true, playsinline: true, hidden: true, 'aria-label': t('attendance.cameraView') }));
  const note = el('p', { id: 'camera-note', class: 'muted', hidden: true });
  const toggle = el('button', { type: 'button', id: 'camera-toggle', class: 'camera-toggle', text: t('attendance.cameraStart') });
  const show = (answer) => {
    result.hidden = false;
    result.className = `scan-result ${answer.ok ? 'scan-ok' : 'scan-bad'}`;
    result.dataset.outcome = answer.ok ? 'ok' : 'refused';
    if (answer.decodedAt !== undefined) result.dataset.answerMs = String(Math.round(performance.now() - answer.decodedAt));
    else delete result.dataset.answerMs;
    result.replaceChildren(el('span', { class: 'scan-mark', 'aria-hidden': 'true', text: answer.ok ? '✓' : '✗' }),
      el('div', { class: 'scan-words' }, el('strong', { class: 'scan-title', text: answer.title }), el('span', { class: 'scan-detail', text: answer.detail })));
  };
  const camera = cameraScanner({
    video,
    onCode: async (text, decodedAt) => show(await check(text, decodedAt)),
    onState: (state) => {
      video.hidden = state !== 'on';
      toggle.textContent = t(state === 'on' ? 'attendance.cameraStop' : 'attendance.cameraStart');
      toggle.setAttribute('aria-pressed', String(state === 'on'));
      note.hidden = state === 'on' || state === 'off';
      note.textContent = state === 'starting' ? t('attendance.cameraStarting') : state === 'denied' ? t('attendance.cameraDenied') : state === 'unavailable' ? t('attendance.cameraUnavailable') : '';
    },
  });
  toggle.addEventListener('click', () => (camera.on ? camera.stop() : camera.start()));
  const form = el('form', { id: 'scan-form', novalidate: true },
    el('div', { class: 'field' }, el('label', { for: 'check-in-code', text: t('attendance.code') }), code),
    el('button', { type: 'submit', id: 'check-in', text: t('attendance.checkIn') }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!code.value.trim()) return void code.focus();
    void check(code.value).then((answer) => {
      show(answer);
      if (answer.ok) code.value = '';
      code.focus();
    });
  });
  return el('section', { class: 'panel scan-panel', 'aria-labelledby': 'scan-title' },
    el('h2', { id: 'scan-title', text: t('attendance.scanTitle') }), result,
    el('p', { class: 'buttons' }, toggle), note, video, form);
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
  const code = el('input', { id: 'check-in-code', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', enterkeyhint: 'go', spellcheck: 'false', required: true });

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
  const scan = scanPanel(code, async (typed, decodedAt) => {
    try {
      const result = await api(`/occurrences/${occurrenceId}/attendance/scan`, { method: 'POST', body: { code: typed } });
      data = result.list;
      draw();
      return { ok: true, title: result.name, detail: t(result.alreadyMarked ? 'attendance.alreadyIn' : 'attendance.admitted', { status: t(`attendance.${result.status}`) }), decodedAt };
    } catch (error) {
      const name = error instanceof ApiProblem ? error.problem?.name : undefined;
      return { ok: false, title: name || t('attendance.notAdmitted'), detail: scanProblemText(error), decodedAt };
    }
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
    counts, scan, message,
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
