// Registrations of one of my unit's activities: search and status filter, the CSV export, adding a
// participant by hand and writing to everyone registered (or waiting). The view lives in the URL:
// `#registrations/<activity id>?q=…&status=…` (setState from organizer.js).
import { ApiProblem, allPages, api, el, showFieldErrors } from './api.js';
import { extend, formatRange, pick, t } from './i18n.js';
import { debounce, field, formatInstant, options, statusBadge, table } from './organizer-common.js';
import './attendance-strings.js';
import { renderOverview } from './organizer-registrations-overview.js';

extend({
  'registrations.search': '搜索姓名或邮箱', 'registrations.filter': '状态', 'registrations.all': '全部', 'registrations.noMatch': '没有符合条件的报名。',
  'registrations.add': '手动添加报名者', 'registrations.addName': '姓名', 'registrations.addEmail': '电子邮箱', 'registrations.addRole': '身份',
  'registrations.addLanguage': '邮件语言', 'registrations.addSubmit': '添加', 'registrations.added': '已添加：{status}。确认邮件已排队发送。', 'registrations.alreadyAdded': '此邮箱已经报过名（{status}），未做更改，也未发送邮件。',
  'registrations.message': '给报名者发邮件', 'registrations.audience': '收件人', 'registrations.audienceRegistrants': '所有已确认的报名者',
  'registrations.audienceWaitlist': '候补名单', 'registrations.subject': '主题', 'registrations.body': '内容', 'registrations.send': '发送',
  'registrations.sent': '已排队 {count} 封邮件。',
}, {
  'registrations.search': 'Search name or email', 'registrations.filter': 'Status', 'registrations.all': 'All', 'registrations.noMatch': 'No registration matches.',
  'registrations.add': 'Add a participant by hand', 'registrations.addName': 'Name', 'registrations.addEmail': 'Email', 'registrations.addRole': 'Role',
  'registrations.addLanguage': 'Email language', 'registrations.addSubmit': 'Add', 'registrations.added': 'Added: {status}. The confirmation email is queued.', 'registrations.alreadyAdded': 'This email is already registered ({status}); nothing changed and no email was sent.',
  'registrations.message': 'Email the registrants', 'registrations.audience': 'To', 'registrations.audienceRegistrants': 'Everyone confirmed',
  'registrations.audienceWaitlist': 'The waitlist', 'registrations.subject': 'Subject', 'registrations.body': 'Message', 'registrations.send': 'Send',
  'registrations.sent': '{count} emails queued.',
});

const ROLES = ['student', 'teacher', 'guardian', 'staff'];

/** A form posting its fields as JSON; `done` says what happened. */
function postForm(id, title, path, fields, submit, done) {
  const status = el('p', { role: 'status', 'aria-live': 'polite', id: `${id}-status` });
  const form = el('form', { id, class: 'panel', novalidate: true }, el('h4', { text: title }), ...fields, el('button', { type: 'submit', text: submit }), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v).trim()]));
    try {
      const answer = await api(path, { method: 'POST', body });
      showFieldErrors(form, { errors: [] });
      status.textContent = done(answer);
      form.reset();
    } catch (error) {
      const count = error instanceof ApiProblem ? showFieldErrors(form, error) : 0;
      status.textContent = count > 0 ? t('error.fields') : t('error.generic', { detail: error instanceof Error ? error.message : String(error) });
    }
  });
  return form;
}

function addForm(activity, refresh) {
  const input = (name, type = 'text') => el('input', { id: `add-${name}`, name, type, required: true });
  return postForm('registrations-add', t('registrations.add'), `/activities/${activity.id}/participants`, [
    field('add-name', t('registrations.addName'), input('name')),
    field('add-email', t('registrations.addEmail'), input('email', 'email')),
    field('add-role', t('registrations.addRole'), el('select', { id: 'add-role', name: 'role' }, options(ROLES.map((r) => [r, t(`role.${r}`)])))),
    field('add-language', t('registrations.addLanguage'), el('select', { id: 'add-language', name: 'language' }, options([['zh-CN', '中文'], ['en', 'English']]))),
  ], t('registrations.addSubmit'), (r) => {
    refresh();
    return t(r.alreadyRegistered ? 'registrations.alreadyAdded' : 'registrations.added', { status: t(`status.${r.status}`) });
  });
}

function messageForm(activity) {
  return postForm('registrations-message', t('registrations.message'), `/activities/${activity.id}/messages`, [
    field('message-audience', t('registrations.audience'), el('select', { id: 'message-audience', name: 'audience' },
      options([['registrants', t('registrations.audienceRegistrants')], ['waitlist', t('registrations.audienceWaitlist')]]))),
    field('message-subject', t('registrations.subject'), el('input', { id: 'message-subject', name: 'subject', maxlength: '200', required: true })),
    field('message-body', t('registrations.body'), el('textarea', { id: 'message-body', name: 'body', rows: '5', maxlength: '5000', required: true })),
  ], t('registrations.send'), (r) => t('registrations.sent', { count: r.queued }));
}

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

async function showList(list, activity, filters, consents) {
  const consentCell = (r) => (consents.size ? [consents.has(r.id) ? el('span', { class: `badge consent-${consents.get(r.id)}`, text: t(`consent.${consents.get(r.id)}`) }) : '—'] : []);
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const items = await allPages(`/activities/${activity.id}/registrations${query.size ? `?${query}` : ''}`);
  list.replaceChildren(items.length === 0 ? el('p', { text: t(query.size ? 'registrations.noMatch' : 'registrations.none') }) : el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('registrations.title') }, table(t('registrations.title'),
    [t('registrations.name'), t('registrations.email'), t('registrations.role'), t('registrations.grade'), t('registrations.class'), t('registrations.status'), t('registrations.noShows'), t('registrations.at'), ...(consents.size ? [t('registrations.consent')] : [])],
    items.map((r) => [r.name, r.email, t(`role.${r.role}`), r.grade ?? '—', r.class ?? '—',
      el('span', {}, statusBadge(r.status), r.waitlistPosition ? ` #${r.waitlistPosition}` : ''), String(r.noShows ?? 0), formatInstant(r.createdAt, activity.timeZone), ...consentCell(r)]))));
}

async function showRegistrations(box, activity, filters, onFilters) {
  const [places, consents] = await Promise.all([api(`/activities/${activity.id}/places`), consentsOf(activity)]);
  const lacking = [...consents.values()].filter((s) => s === 'pending').length;
  const csv = el('a', { class: 'button', id: 'registrations-csv', href: `/api/v1/activities/${activity.id}/registrations.csv`, download: `activity-${activity.id}-registrations.csv`, text: t('registrations.csv') });
  const search = el('input', { id: 'registrations-search', type: 'search', name: 'q', value: filters.q ?? '', maxlength: '100' });
  const status = el('select', { id: 'registrations-status', name: 'status' }, el('option', { value: '', text: t('registrations.all') }),
    options(['confirmed', 'waitlisted', 'cancelled'].map((s) => [s, t(`status.${s}`)]), filters.status ?? ''));
  const list = el('div', { id: 'registrations-list', 'aria-live': 'polite' });
  const refresh = () => {
    const now = { q: search.value.trim(), status: status.value };
    onFilters(now);
    return showList(list, activity, now, consents);
  };
  search.addEventListener('input', debounce(refresh, 250));
  status.addEventListener('change', refresh);
  box.replaceChildren(
    el('h3', { text: pick(activity.title) }),
    el('p', { class: 'zone-note', text: formatRange(activity.startsAt, activity.endsAt, activity.timeZone, activity.allDay) }),
    el('p', {}, t('registrations.count', { confirmed: places.confirmed, waitlisted: places.waitlisted }), ' ', csv),
    await attendanceLinks(activity),
    lacking ? el('p', { id: 'registrations-lacking-consent', class: 'warning', text: t('registrations.lackingConsent', { count: lacking }) }) : '',
    el('div', { class: 'filters' }, field('registrations-search', t('registrations.search'), search), field('registrations-status', t('registrations.filter'), status)),
    list, addForm(activity, refresh), messageForm(activity));
  await showList(list, activity, filters, consents);
}

/**
 * @param {HTMLElement} panel
 * @param {any} me
 * @param {string} [state] `<activity id>?q=…&status=…` from the URL
 * @param {(state: string) => void} [setState]
 */
export async function render(panel, me, state = '', setState = (_state) => undefined) {
  const [activityPart, queryPart = ''] = state.split('?');
  const initial = Object.fromEntries(new URLSearchParams(queryPart));
  const query = new URLSearchParams({ from: new Date(Date.now() - 30 * 86_400_000).toISOString() });
  if (me.unitId) query.set('unitId', String(me.unitId));
  const activities = (await allPages(`/activities?${query}`)).filter((a) => a.status !== 'draft');
  const box = el('div', { id: 'registrations', 'aria-live': 'polite' });
  const select = el('select', { name: 'activity' }, el('option', { value: '', text: t('registrations.pick') }),
    options(activities.map((a) => [a.id, `${pick(a.title)} · ${formatRange(a.startsAt, a.endsAt, a.timeZone, a.allDay)}`]), activityPart));
  const show = (filters) => {
    const activity = activities.find((a) => String(a.id) === select.value);
    const remember = (f) => {
      const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
      setState(activity ? `${activity.id}${q.size ? `?${q}` : ''}` : '');
    };
    remember(filters);
    const failed = (error) => box.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error.message }) }));
    // No activity chosen: the overview of who is coming across them, each a click from its list.
    if (!activity) return void renderOverview(box, (id) => choose(id).catch(failed)).catch(failed);
    showRegistrations(box, activity, filters, remember).catch(failed);
  };
  /** Opens an activity from the overview (one the list above may not hold: an admin's other unit's). */
  const choose = async (id) => {
    if (!activities.some((a) => a.id === id)) {
      const activity = await api(`/activities/${id}`);
      activities.push(activity);
      select.append(...options([[activity.id, `${pick(activity.title)} · ${formatRange(activity.startsAt, activity.endsAt, activity.timeZone, activity.allDay)}`]]));
    }
    select.value = String(id);
    show({});
    select.focus();
  };
  select.addEventListener('change', () => show({}));
  panel.replaceChildren(el('h2', { text: t('registrations.title') }), field('registrations-activity', t('registrations.activity'), select), box);
  show(select.value ? initial : {});
}
