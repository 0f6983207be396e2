// Readiness of visits that leave the school (docs/field-visits.md): the list of my unit's visits, not
// ready first, and one visit's checklist (`#readiness/<activity id>`): each item worded with who must
// act, the roster's flags with "exclude", the head count, the ratio, and "mark ready". The server
// computes the checklist (src/readiness/readiness.rules.ts); this page only words its figures.
import { ApiProblem, api, el, showFieldErrors } from './api.js';
import { extend, formatRange, pick, t } from './i18n.js';
import { field, formatInstant, table } from './organizer-common.js';

extend({
  'readiness.title': '出行准备', 'readiness.none': '未来 60 天内没有离校活动。', 'readiness.pick': '查看', 'readiness.back': '返回列表',
  'readiness.ready': '已就绪', 'readiness.notReady': '未就绪：{what}', 'readiness.markedReady': '已于 {at} 标记为就绪', 'readiness.broken': '标记就绪后发生变化，已通知相关人员',
  'readiness.markReady': '标记为就绪', 'readiness.refused': '还不能标记为就绪：{what}', 'readiness.sep': '；', 'readiness.who': '负责：{who}',
  'readiness.actor.school': '学校组织者', 'readiness.actor.unit': '接待单位', 'readiness.actor.guardians': '家长',
  'readiness.ok': '已完成', 'readiness.todo': '待完成',
  'readiness.item.trip': '行程信息', 'readiness.item.adults': '随行成人', 'readiness.item.consents': '家长同意', 'readiness.item.approvals': '接待单位审批',
  'readiness.item.transport': '交通', 'readiness.item.guide': '讲解员', 'readiness.item.head_count': '最终人数',
  'readiness.tripMissing': '未填写：{fields}', 'readiness.field.destination': '目的地', 'readiness.field.meetingPoint': '集合地点', 'readiness.field.meetingAt': '集合时间',
  'readiness.field.contact': '联系人', 'readiness.field.contactPhone': '联系电话',
  'readiness.adultsOk': '{adults} 名成人，{pupils} 名学生（每 {ratio} 名学生 1 名成人）', 'readiness.adultsMore': '还需 {more} 名成人（{adults} 名成人，{pupils} 名学生，每 {ratio} 名学生 1 名成人）',
  'readiness.short.adults': '还需 {more} 名成人', 'readiness.short.consents': '{missing} 人未获家长同意', 'readiness.short.approvals': '{pending} 项待审批',
  'readiness.short.trip': '行程信息不全', 'readiness.short.transport': '未安排交通', 'readiness.short.guide': '未预约讲解员', 'readiness.short.head_count': '最终人数未确认',
  'readiness.consentsOk': '{pupils} 名学生均已获家长同意', 'readiness.consentsMissing': '{missing} 名学生尚无家长同意（共 {pupils} 名）',
  'readiness.approvalsOk': '其他单位的资源均已批准', 'readiness.approvalsMissing': '{pending} 项资源待审批',
  'readiness.transportOk': '已安排', 'readiness.transportMissing': '请在预约表单中填写交通方式', 'readiness.guideOk': '已预约', 'readiness.guideMissing': '请预约讲解员（工作人员）',
  'readiness.headCountNone': '尚未确认；应于 {due} 前确认，当前 {current} 人', 'readiness.headCountOk': '已确认 {confirmed} 人', 'readiness.headCountChanged': '已确认 {confirmed} 人，现为 {current} 人，请重新确认',
  'readiness.confirm': '确认最终人数', 'readiness.headCount': '最终人数', 'readiness.ratio': '每名成人最多带学生数', 'readiness.ratioSave': '保存比例', 'readiness.ratioHint': '留空则按单位规定（小学 6 人、中学 10 人）',
  'readiness.roster': '需关注的学生', 'readiness.rosterNone': '没有需要关注的学生。', 'readiness.name': '姓名', 'readiness.class': '班级', 'readiness.flag': '情况', 'readiness.action': '操作',
  'readiness.flag.consent_pending': '家长尚未同意', 'readiness.flag.consent_withdrawn': '家长已撤回同意', 'readiness.flag.consent_declined': '家长不同意', 'readiness.exclude': '不参加此次活动',
  'readiness.when': '时间', 'readiness.state': '状态', 'readiness.visit': '活动',
  'readiness.unmark': '取消就绪标记', 'readiness.rosterLink': '打开当天的出行名单（可离线使用）',
}, {
  'readiness.title': 'Visit readiness', 'readiness.none': 'No visit leaves the school in the next 60 days.', 'readiness.pick': 'Open', 'readiness.back': 'Back to the list',
  'readiness.ready': 'Ready', 'readiness.notReady': 'Not ready: {what}', 'readiness.markedReady': 'Marked ready on {at}', 'readiness.broken': 'Changed after it was marked ready; the organizers were told',
  'readiness.markReady': 'Mark ready', 'readiness.refused': 'Cannot be marked ready yet: {what}', 'readiness.sep': '; ', 'readiness.who': 'Who: {who}',
  'readiness.actor.school': "the school's organizer", 'readiness.actor.unit': 'the receiving unit', 'readiness.actor.guardians': 'guardians',
  'readiness.ok': 'Done', 'readiness.todo': 'To do',
  'readiness.item.trip': 'Trip details', 'readiness.item.adults': 'Accompanying adults', 'readiness.item.consents': 'Guardian consent', 'readiness.item.approvals': 'Approvals',
  'readiness.item.transport': 'Transport', 'readiness.item.guide': 'Guide', 'readiness.item.head_count': 'Final head count',
  'readiness.tripMissing': 'Missing: {fields}', 'readiness.field.destination': 'destination', 'readiness.field.meetingPoint': 'meeting point', 'readiness.field.meetingAt': 'meeting time',
  'readiness.field.contact': 'contact', 'readiness.field.contactPhone': "contact's phone",
  'readiness.adultsOk': '{adults} adults for {pupils} pupils (1 adult per {ratio})', 'readiness.adultsMore': 'needs {more} more adult(s) ({adults} adults for {pupils} pupils, 1 adult per {ratio})',
  'readiness.short.adults': 'needs {more} more adult(s)', 'readiness.short.consents': '{missing} without consent', 'readiness.short.approvals': '{pending} approvals pending',
  'readiness.short.trip': 'trip details missing', 'readiness.short.transport': 'no transport', 'readiness.short.guide': 'no guide', 'readiness.short.head_count': 'head count not confirmed',
  'readiness.consentsOk': 'All {pupils} pupils have consent', 'readiness.consentsMissing': '{missing} of {pupils} pupils without a guardian\u2019s consent',
  'readiness.approvalsOk': "Every other unit's resource is approved", 'readiness.approvalsMissing': '{pending} claims awaiting approval',
  'readiness.transportOk': 'Arranged', 'readiness.transportMissing': 'Give the transport in the booking form', 'readiness.guideOk': 'Booked', 'readiness.guideMissing': 'Book a guide (staff)',
  'readiness.headCountNone': 'Not confirmed; due by {due}, {current} now', 'readiness.headCountOk': 'Confirmed: {confirmed}', 'readiness.headCountChanged': 'Confirmed as {confirmed}, now {current}: confirm again',
  'readiness.confirm': 'Confirm the head count', 'readiness.headCount': 'Final head count', 'readiness.ratio': 'Pupils per adult at most', 'readiness.ratioSave': 'Save the ratio', 'readiness.ratioHint': "Empty: the units' rule (6 primary, 10 secondary)",
  'readiness.roster': 'Pupils to look at', 'readiness.rosterNone': 'No pupil needs attention.', 'readiness.name': 'Name', 'readiness.class': 'Class', 'readiness.flag': 'Why', 'readiness.action': 'Action',
  'readiness.flag.consent_pending': 'No consent yet', 'readiness.flag.consent_withdrawn': 'Consent withdrawn', 'readiness.flag.consent_declined': 'Consent declined', 'readiness.exclude': 'Not going',
  'readiness.when': 'When', 'readiness.state': 'State', 'readiness.visit': 'Visit',
  'readiness.unmark': 'Take the ready mark off', 'readiness.rosterLink': "Open the day's roster (works offline)",
});

/** The visit's day in its own zone (YYYY-MM-DD): the roster page's `date`. */
function dayOf(iso, zone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(iso));
}

/** One item's line in the reader's language, from the figures the server gave. */
function itemText(item, zone) {
  const d = item.data;
  switch (item.key) {
    case 'trip': return item.ok ? t('readiness.ok') : t('readiness.tripMissing', { fields: d.missing.map((f) => t(`readiness.field.${f}`)).join(t('readiness.sep')) });
    case 'adults': return t(item.ok ? 'readiness.adultsOk' : 'readiness.adultsMore', d);
    case 'consents': return t(item.ok ? 'readiness.consentsOk' : 'readiness.consentsMissing', d);
    case 'approvals': return t(item.ok ? 'readiness.approvalsOk' : 'readiness.approvalsMissing', d);
    case 'transport': return t(item.ok ? 'readiness.transportOk' : 'readiness.transportMissing');
    case 'guide': return t(item.ok ? 'readiness.guideOk' : 'readiness.guideMissing');
    case 'head_count': return d.confirmed === null ? t('readiness.headCountNone', { due: formatInstant(d.dueAt, zone), current: d.current })
      : t(item.ok ? 'readiness.headCountOk' : 'readiness.headCountChanged', d);
    default: return '';
  }
}

/** "Not ready: needs 1 more adult; 3 without consent" — the summary the list and the page show. */
export function summary(view) {
  if (view.ready) return t('readiness.ready');
  const what = view.items.filter((i) => !i.ok).map((i) => t(`readiness.short.${i.key}`, i.data)).join(t('readiness.sep'));
  return t('readiness.notReady', { what });
}

function actionForm(id, label, fields, submit, send) {
  const status = el('p', { role: 'status', 'aria-live': 'polite', id: `${id}-status` });
  const form = el('form', { id, class: 'inline-form', novalidate: true }, ...fields, el('button', { type: 'submit', text: submit }), status);
  form.setAttribute('aria-label', label);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await send(new FormData(form));
    } catch (error) {
      const count = error instanceof ApiProblem ? showFieldErrors(form, error) : 0;
      status.textContent = count > 0 ? t('error.fields') : problemText(error);
    }
  });
  return form;
}

function problemText(error) {
  if (error instanceof ApiProblem && error.problem?.code === 'not_ready') {
    return t('readiness.refused', { what: error.problem.items.map((i) => t(`readiness.short.${i.key}`, i.data)).join(t('readiness.sep')) });
  }
  return t('error.generic', { detail: error instanceof Error ? error.message : String(error) });
}

/** The open visit redraws itself every 30 s, so a withdrawn consent shows on the roster within a minute. */
const REFRESH_MS = 30_000;
let refreshTimer = 0;

async function showVisit(box, id, back) {
  clearTimeout(refreshTimer);
  const view = await api(`/activities/${id}/readiness`);
  const activity = await api(`/activities/${id}`);
  const redraw = () => showVisit(box, id, back);
  const post = async (path, body) => {
    await api(`/activities/${id}/readiness/${path}`, { method: 'POST', ...(body ? { body } : {}) });
    await redraw();
  };
  const items = el('ul', { class: 'checklist', id: 'readiness-items' }, view.items.map((i) => el('li', { class: i.ok ? 'ok' : 'todo', 'data-item': i.key },
    el('span', { class: `badge ${i.ok ? 'status-confirmed' : 'status-requested'}`, text: t(i.ok ? 'readiness.ok' : 'readiness.todo') }), ' ',
    el('strong', { text: t(`readiness.item.${i.key}`) }), ' ', el('span', { text: itemText(i, view.timeZone) }),
    i.ok ? '' : el('span', { class: 'hint' }, ' · ', t('readiness.who', { who: t(`readiness.actor.${i.actor}`) })))));
  const roster = view.flagged.length === 0 ? el('p', { id: 'readiness-roster', text: t('readiness.rosterNone') })
    : el('div', { class: 'table-wrap', id: 'readiness-roster', tabindex: '0', role: 'region', 'aria-label': t('readiness.roster') }, table(t('readiness.roster'),
      [t('readiness.name'), t('readiness.class'), t('readiness.flag'), t('readiness.action')],
      view.flagged.map((p) => {
        const exclude = el('button', { type: 'button', class: 'secondary', text: t('readiness.exclude') });
        exclude.addEventListener('click', () => void post(`pupils/${p.registrationId}/exclude`).catch((e) => alertIn(box, e)));
        return [p.name, p.class ?? '', el('span', { class: `flag ${p.reason}`, 'data-registration': String(p.registrationId), text: t(`readiness.flag.${p.reason}`) }), p.reason === 'consent_pending' ? exclude : ''];
      }), (i) => ({ 'data-reason': view.flagged[i].reason })));
  const ready = el('button', { type: 'button', id: 'readiness-mark', text: t('readiness.markReady') });
  const readyStatus = el('p', { role: 'status', 'aria-live': 'polite', id: 'readiness-mark-status' });
  ready.addEventListener('click', async () => {
    try {
      await post('ready');
    } catch (error) {
      readyStatus.textContent = problemText(error);
    }
  });
  const unmark = el('button', { type: 'button', class: 'secondary', id: 'readiness-unmark', text: t('readiness.unmark') });
  unmark.addEventListener('click', async () => {
    try {
      await post('unready');
    } catch (error) {
      readyStatus.textContent = problemText(error);
    }
  });
  const rosterLink = el('a', { id: 'readiness-roster-link', href: `/desk/roster.html?date=${dayOf(activity.startsAt, activity.timeZone)}`, text: t('readiness.rosterLink') });
  const headCount = actionForm('readiness-head-count', t('readiness.confirm'), [field('readiness-head-count-input', t('readiness.headCount'), el('input', { name: 'headCount', type: 'number', min: '0', value: String(view.going) }))],
    t('readiness.confirm'), (data) => post('head-count', { headCount: Number(data.get('headCount')) }));
  const ratio = actionForm('readiness-ratio', t('readiness.ratio'), [field('readiness-ratio-input', t('readiness.ratio'), el('input', { name: 'pupilsPerAdult', type: 'number', min: '1', max: '100', value: activity.pupilsPerAdult ?? '' }), t('readiness.ratioHint'))],
    t('readiness.ratioSave'), async (data) => {
      const value = String(data.get('pupilsPerAdult') ?? '').trim();
      await api(`/activities/${id}`, { method: 'PATCH', body: { pupilsPerAdult: value === '' ? null : Number(value) } });
      await redraw();
    });
  const backLink = el('button', { type: 'button', class: 'secondary', id: 'readiness-back', text: t('readiness.back') });
  backLink.addEventListener('click', back);
  box.replaceChildren(
    el('h3', { text: pick(view.title) }),
    el('p', { class: 'zone-note', text: formatRange(activity.startsAt, activity.endsAt, activity.timeZone, activity.allDay) }),
    el('p', { id: 'readiness-summary', class: view.ready ? 'success' : 'warning', role: 'status', text: summary(view) }),
    view.readyAt ? el('p', { id: 'readiness-marked', text: t('readiness.markedReady', { at: formatInstant(view.readyAt, view.timeZone) }) }) : '',
    view.brokenAt ? el('p', { class: 'warning', id: 'readiness-broken', text: t('readiness.broken') }) : '',
    items, el('div', { class: 'buttons' }, view.readyAt ? unmark : ready, backLink), readyStatus,
    el('p', {}, rosterLink),
    el('h4', { text: t('readiness.roster') }), roster, headCount, ratio);
  box.dataset.visit = String(id);
  refreshTimer = window.setTimeout(() => {
    if (box.isConnected && box.dataset.visit === String(id)) void redraw().catch(() => undefined);
  }, REFRESH_MS);
}

function alertIn(box, error) {
  box.prepend(el('p', { class: 'error', role: 'alert', text: problemText(error) }));
}

/**
 * @param {HTMLElement} panel
 * @param {any} _me
 * @param {string} [state] `<activity id>` from the URL
 * @param {(state: string) => void} [setState]
 */
export async function render(panel, _me, state = '', setState = (_state) => undefined) {
  const box = el('div', { id: 'readiness', 'aria-live': 'polite' });
  const list = async () => {
    clearTimeout(refreshTimer);
    delete box.dataset.visit;
    setState('');
    const { items } = await api('/readiness?days=60');
    box.replaceChildren(items.length === 0 ? el('p', { text: t('readiness.none') }) : el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('readiness.title') },
      table(t('readiness.title'), [t('readiness.visit'), t('readiness.when'), t('readiness.state'), ''], items.map((v) => {
        const open = el('button', { type: 'button', class: 'secondary', 'data-activity': String(v.activityId), text: t('readiness.pick') });
        open.addEventListener('click', () => void visit(v.activityId));
        return [pick(v.title), formatInstant(v.startsAt, v.timeZone), summary(v), open];
      }))));
  };
  const visit = async (id) => {
    setState(String(id));
    await showVisit(box, id, () => void list()).catch((error) => box.replaceChildren(el('p', { class: 'error', role: 'alert', text: problemText(error) })));
  };
  panel.replaceChildren(el('h2', { text: t('readiness.title') }), box);
  if (/^\d+$/.test(state)) await visit(Number(state));
  else await list();
}
