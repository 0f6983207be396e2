// Approval queue: claims on my unit's resources that requested activities hold, with approve/decline.
// `#approvals/<claim id>` (the link in the approval-request email) opens that claim's card.
import { allPages, api, el } from './api.js';
import { extend, formatRange, pick, t } from './i18n.js';
import { formatInstant, showFailure } from './organizer-common.js';
import { DECISION_NOTE_MAX_LENGTH } from './generated/enums.js';

extend({
  'approvals.venue': '场地', 'approvals.noVenue': '无场地', 'approvals.buffers': '布置与撤场', 'approvals.bufferMinutes': '布置 {setup} 分钟，撤场 {teardown} 分钟',
  'approvals.span': '占用时间（含布置和撤场）', 'approvals.noteHint': '拒绝时，备注会作为原因通过邮件告知申请单位。',
  'approvals.linkedGone': '邮件中的申请（#{id}）已处理，或不在本单位的待审批队列中。', 'approvals.count': '{count} 项待审批',
  'prefs.title': '邮件通知', 'prefs.approval_request': '其他单位申请本单位的资源时通知我', 'prefs.approval_decision': '本单位的申请有审批结果时通知我',
  'prefs.hold_expiring': '本单位的申请保留即将到期（24 小时）时提醒我', 'prefs.saved': '已保存。',
}, {
  'approvals.venue': 'Venue', 'approvals.noVenue': 'No venue', 'approvals.buffers': 'Set-up and tear-down', 'approvals.bufferMinutes': 'set-up {setup} min, tear-down {teardown} min',
  'approvals.span': 'Held (with set-up and tear-down)', 'approvals.noteHint': 'When you decline, the note is emailed to the requesting unit as the reason.',
  'approvals.linkedGone': 'The request from the email (#{id}) has been decided, or is not in your unit\'s queue.', 'approvals.count': '{count} waiting',
  'prefs.title': 'Email notifications', 'prefs.approval_request': "Tell me when another unit asks for my unit's resources", 'prefs.approval_decision': "Tell me when my unit's requests are decided",
  'prefs.hold_expiring': "Remind me when my unit's request has 24 hours of hold left", 'prefs.saved': 'Saved.',
});

/** The number in the navigation's "approvals" tab. */
export function showCount(count) {
  const tab = document.getElementById('tab-approvals');
  if (!tab) return;
  /** @type {HTMLElement} */
  const badge = tab.querySelector('.count') ?? el('span', { class: 'badge count' });
  if (!badge.isConnected) tab.append(' ', badge);
  badge.textContent = String(count);
  badge.hidden = count === 0;
}

const shift = (iso, minutes) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

function facts(claim) {
  const when = `${formatRange(claim.startsAt, claim.endsAt, claim.timeZone, false)}${claim.recurrenceRule ? t('mine.recurring') : ''}`;
  const buffered = claim.setupMinutes || claim.teardownMinutes;
  return el('dl', { class: 'facts' },
    el('dt', { text: t('approvals.by') }), el('dd', { text: pick(claim.organizerUnitName) }),
    el('dt', { text: t('approvals.when') }), el('dd', { text: when }),
    el('dt', { text: t('approvals.venue') }), el('dd', { class: 'venue', text: claim.venueName ? pick(claim.venueName) : t('approvals.noVenue') }),
    el('dt', { text: t('approvals.resource') }), el('dd', { text: pick(claim.resourceName) }),
    el('dt', { text: t('approvals.quantity') }), el('dd', { text: t('approvals.of', { quantity: claim.quantity, pool: claim.poolQuantity }) }),
    el('dt', { text: t('approvals.buffers') }), el('dd', { class: 'buffers', text: t('approvals.bufferMinutes', { setup: claim.setupMinutes, teardown: claim.teardownMinutes }) }),
    buffered ? el('dt', { text: t('approvals.span') }) : null,
    buffered ? el('dd', { text: formatRange(shift(claim.startsAt, -claim.setupMinutes), shift(claim.endsAt, claim.teardownMinutes), claim.timeZone, false) }) : null,
    el('dt', { text: t('approvals.hold') }), el('dd', { text: formatInstant(claim.holdExpiresAt, claim.timeZone) }));
}

function claimCard(claim, onDecided) {
  const noteId = `approval-note-${claim.id}`;
  const status = el('p', { role: 'status', 'aria-live': 'polite' });
  const failure = el('div', { class: 'conflict', role: 'alert', hidden: true });
  const note = el('input', { type: 'text', id: noteId, name: 'note', maxlength: String(DECISION_NOTE_MAX_LENGTH), 'aria-describedby': `${noteId}-hint` });
  const form = el('form', { class: 'panel approval', id: `approval-${claim.id}`, novalidate: true, 'aria-labelledby': `approval-title-${claim.id}` },
    el('h3', { id: `approval-title-${claim.id}`, tabindex: '-1' }, el('a', { href: `/activities/${claim.activityId}`, text: pick(claim.activityTitle) })),
    facts(claim),
    el('div', { class: 'field' }, el('label', { for: noteId, text: t('approvals.note') }), note, el('p', { class: 'hint', id: `${noteId}-hint`, text: t('approvals.noteHint') })),
    el('div', { class: 'buttons' }), failure, status);
  for (const decision of ['approve', 'decline']) {
    const button = el('button', { type: 'button', class: decision === 'decline' ? 'danger' : '', id: `${decision}-${claim.id}`, text: t(`approvals.${decision}`) });
    button.addEventListener('click', async () => {
      failure.hidden = true;
      const text = note.value.trim();
      try {
        const body = text ? (decision === 'decline' ? { reason: text } : { note: text }) : {};
        const activity = await api(`/activities/${claim.activityId}/claims/${claim.id}/${decision}`, { method: 'POST', body });
        status.textContent = decision === 'approve' ? t('approvals.approved', { status: t(`status.${activity.status}`) }) : t('approvals.declined');
        for (const b of form.querySelectorAll('button')) b.disabled = true;
        onDecided();
      } catch (error) {
        showFailure(form, failure, error, claim.timeZone, []);
      }
    });
    form.querySelector('.buttons').append(button);
  }
  return form;
}

/** The signed-in user's own choice of approval emails (PATCH /me/notification-preferences). */
async function preferences() {
  const current = await api('/me/notification-preferences');
  const saved = el('p', { role: 'status', 'aria-live': 'polite', id: 'prefs-status' });
  const box = el('fieldset', { class: 'panel', id: 'notification-preferences' }, el('legend', { text: t('prefs.title') }));
  for (const kind of ['approval_request', 'approval_decision', 'hold_expiring']) {
    const input = el('input', { type: 'checkbox', id: `pref-${kind}`, name: kind, checked: current[kind] });
    input.addEventListener('change', async () => {
      await api('/me/notification-preferences', { method: 'PATCH', body: { [kind]: input.checked } });
      saved.textContent = t('prefs.saved');
    });
    box.append(el('div', { class: 'check' }, input, el('label', { for: `pref-${kind}`, text: t(`prefs.${kind}`) })));
  }
  box.append(saved);
  return box;
}

export async function render(panel, _me, linked = '') {
  const claims = await allPages('/approvals');
  const count = el('p', { id: 'approvals-count', role: 'status' });
  const update = () => {
    const open = panel.querySelectorAll('form.approval button:not([disabled])').length / 2;
    count.textContent = open === 0 ? t('approvals.none') : t('approvals.count', { count: open });
    showCount(open);
  };
  const gone = linked && !claims.some((c) => String(c.id) === linked)
    ? el('p', { class: 'notice', role: 'status', id: 'approvals-linked-gone', text: t('approvals.linkedGone', { id: linked }) }) : null;
  panel.replaceChildren(...[el('h2', { text: t('approvals.title') }), gone, count].filter(Boolean), ...claims.map((c) => claimCard(c, update)), await preferences());
  update();
  const card = linked ? panel.querySelector(`#approval-${CSS.escape(linked)}`) : null;
  if (card) {
    card.classList.add('linked');
    card.scrollIntoView({ block: 'start' });
    card.querySelector('h3')?.focus();
  }
}
