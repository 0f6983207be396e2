// Approval queue: claims on my unit's resources that requested activities hold, with approve/decline.
import { allPages, api, el } from './api.js';
import { formatRange, pick, t } from './i18n.js';
import { formatInstant, showFailure } from './organizer-common.js';
import { DECISION_NOTE_MAX_LENGTH } from './generated/enums.js';

function claimCard(claim, onDecided) {
  const noteId = `approval-note-${claim.id}`;
  const status = el('p', { role: 'status', 'aria-live': 'polite' });
  const failure = el('div', { class: 'conflict', role: 'alert', hidden: true });
  const note = el('input', { type: 'text', id: noteId, name: 'note', maxlength: String(DECISION_NOTE_MAX_LENGTH) });
  const form = el('form', { class: 'panel approval', id: `approval-${claim.id}`, novalidate: true, 'aria-labelledby': `approval-title-${claim.id}` },
    el('h3', { id: `approval-title-${claim.id}` }, el('a', { href: `/activities/${claim.activityId}`, text: pick(claim.activityTitle) })),
    el('dl', { class: 'facts' },
      el('dt', { text: t('approvals.by') }), el('dd', { text: pick(claim.organizerUnitName) }),
      el('dt', { text: t('approvals.when') }), el('dd', { text: `${formatRange(claim.startsAt, claim.endsAt, claim.timeZone, false)}${claim.recurrenceRule ? t('mine.recurring') : ''}` }),
      el('dt', { text: t('approvals.resource') }), el('dd', { text: pick(claim.resourceName) }),
      el('dt', { text: t('approvals.quantity') }), el('dd', { text: t('approvals.of', { quantity: claim.quantity, pool: claim.poolQuantity }) }),
      el('dt', { text: t('approvals.hold') }), el('dd', { text: formatInstant(claim.holdExpiresAt, claim.timeZone) })),
    el('div', { class: 'field' }, el('label', { for: noteId, text: t('approvals.note') }), note),
    el('div', { class: 'buttons' }), failure, status);
  for (const decision of ['approve', 'decline']) {
    const button = el('button', { type: 'button', class: decision === 'decline' ? 'danger' : '', id: `${decision}-${claim.id}`, text: t(`approvals.${decision}`) });
    button.addEventListener('click', async () => {
      failure.hidden = true;
      try {
        const activity = await api(`/activities/${claim.activityId}/claims/${claim.id}/${decision}`, { method: 'POST', body: note.value.trim() ? { note: note.value.trim() } : {} });
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

export async function render(panel, _me) {
  const claims = await allPages('/approvals');
  const count = el('p', { id: 'approvals-count', role: 'status' });
  const update = () => {
    const open = panel.querySelectorAll('form.approval button:not([disabled])').length / 2;
    count.textContent = open === 0 ? t('approvals.none') : `${open}`;
  };
  panel.replaceChildren(el('h2', { text: t('approvals.title') }), count, ...claims.map((c) => claimCard(c, update)));
  update();
}
