// Loans and custody: where each item of the unit's pools is now, who holds it and until when, what is
// overdue; check items out (for a booked activity's claim, or standalone) and back in with a note.
import { dateInput, timeInput } from './local-inputs.js';
import { allPages, api, el } from './api.js';
import { extend, pick, t, zoneName } from './i18n.js';
import { field, formatInstant, options, plusDays, showFailure, table, today, zonedIso } from './organizer-common.js';
import { ITEM_STATUSES } from './generated/enums.js';

extend({
  'loans.title': '借用与保管', 'loans.unit': '单位', 'loans.noPools': '本单位没有设备。', 'loans.noItems': '此设备尚未逐件登记。',
  'loans.item': '物品', 'loans.status': '状态', 'loans.condition': '状况', 'loans.home': '存放地点', 'loans.holder': '借用人', 'loans.due': '应还时间',
  'loans.home.here': '在库', 'loans.overdue': '已逾期', 'loans.pick': '选择 {label}', 'loans.quantity': '可预约数量：{quantity}',
  'loans.checkOut': '借出所选物品', 'loans.for': '用于', 'loans.standalone': '单独借出（不属于任何活动）', 'loans.holderName': '借用人姓名',
  'loans.holderEmail': '借用人邮箱', 'loans.dueDate': '归还日期', 'loans.dueTime': '归还时间', 'loans.note': '备注',
  'loans.open': '未归还的借用', 'loans.none': '没有未归还的借用。', 'loans.checkIn': '归还所选物品', 'loans.returnNote': '归还时的状况',
  'loans.since': '借出于 {when}', 'loans.checkedOut': '已借出。', 'loans.checkedIn': '已归还。', 'loans.saved': '已保存。', 'loans.pickItems': '请先选择物品。',
  'itemStatus.in_service': '可用', 'itemStatus.damaged': '损坏', 'itemStatus.in_repair': '维修中', 'itemStatus.lost': '遗失',
  'problem.item_needed': '已有预约需要这件物品：', 'problem.item_on_loan': '物品已借出：', 'problem.item_out_of_service': '物品不可用：',
  'problem.claim_quantity_exceeded': '超出活动申请的数量：', 'problem.claim_not_booked': '活动尚未确认：',
}, {
  'loans.title': 'Loans and custody', 'loans.unit': 'Unit', 'loans.noPools': 'This unit has no equipment.', 'loans.noItems': 'No items of this pool are listed one by one yet.',
  'loans.item': 'Item', 'loans.status': 'Status', 'loans.condition': 'Condition', 'loans.home': 'Home location', 'loans.holder': 'Held by', 'loans.due': 'Due back',
  'loans.home.here': 'At home', 'loans.overdue': 'Overdue', 'loans.pick': 'Select {label}', 'loans.quantity': 'Bookable: {quantity}',
  'loans.checkOut': 'Check out the selected items', 'loans.for': 'For', 'loans.standalone': 'Standalone (no activity)', 'loans.holderName': 'Holder’s name',
  'loans.holderEmail': 'Holder’s email', 'loans.dueDate': 'Due date', 'loans.dueTime': 'Due time', 'loans.note': 'Note',
  'loans.open': 'Open loans', 'loans.none': 'No open loans.', 'loans.checkIn': 'Check in the selected items', 'loans.returnNote': 'Condition on return',
  'loans.since': 'out since {when}', 'loans.checkedOut': 'Checked out.', 'loans.checkedIn': 'Checked in.', 'loans.saved': 'Saved.', 'loans.pickItems': 'Select items first.',
  'itemStatus.in_service': 'In service', 'itemStatus.damaged': 'Damaged', 'itemStatus.in_repair': 'In repair', 'itemStatus.lost': 'Lost',
  'problem.item_needed': 'Bookings need this item:', 'problem.item_on_loan': 'Already on loan:', 'problem.item_out_of_service': 'Out of service:',
  'problem.claim_quantity_exceeded': 'More than the activity claimed:', 'problem.claim_not_booked': 'The activity is not confirmed:',
});

/** An item's label in the page's language (its en form when the page is English and it has one). */
const itemLabel = (item) => pick({ 'zh-CN': item.label, en: item.labelEn });

/** Claims on this pool of activities booked in the next 90 days, as [claimId, label] options. */
async function claimOptions(pool, zone) {
  const from = `${today(zone)}T00:00:00Z`;
  const to = `${plusDays(today(zone), 90)}T00:00:00Z`;
  const schedule = await api(`/resources/${pool.resourceId}/schedule?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  const ids = [...new Set(schedule.bookings.filter((b) => b.status === 'confirmed').map((b) => b.activityId))];
  const activities = (await Promise.all(ids.map((id) => api(`/activities/${id}`).catch(() => null)))).filter(Boolean);
  return activities.flatMap((a) => a.claims.filter((c) => c.resourceId === pool.resourceId)
    .map((c) => [String(c.id), `${pick(a.title)} · ${formatInstant(a.startsAt, zone)} · ×${c.quantity}`]));
}

function statusSelect(item, status, redraw) {
  const select = el('select', { name: `status-${item.id}`, 'aria-label': `${t('loans.status')}: ${itemLabel(item)}` },
    options(ITEM_STATUSES.map((s) => [s, t(`itemStatus.${s}`)]), item.status));
  select.addEventListener('change', async () => {
    try {
      await api(`/items/${item.id}`, { method: 'PATCH', body: { status: select.value } });
      await redraw(t('loans.saved'));
    } catch (error) {
      select.value = item.status;
      showFailure(select.form ?? el('form'), status, error, 'UTC', []);
    }
  });
  return select;
}

function itemsTable(pool, zone, status, redraw) {
  return table(pick(pool.name), ['', t('loans.item'), t('loans.status'), t('loans.condition'), t('loans.home'), t('loans.holder'), t('loans.due')],
    pool.items.map((item) => [
      item.onLoan || item.status !== 'in_service' ? '' : el('input', { type: 'checkbox', name: 'itemIds', value: String(item.id), id: `item-${item.id}`, 'aria-label': t('loans.pick', { label: itemLabel(item) }) }),
      itemLabel(item), statusSelect(item, status, redraw), item.condition || '—', pick({ 'zh-CN': item.homeLocation, en: item.homeLocationEn }) || '—',
      item.onLoan ? `${item.onLoan.holderName} <${item.onLoan.holderEmail}>` : t('loans.home.here'),
      item.onLoan ? el('span', {}, formatInstant(item.onLoan.dueBack, zone), item.onLoan.overdue ? el('span', { class: 'badge status-failed', text: ` ${t('loans.overdue')}` }) : null) : '—',
    ]),
    (i) => ({ 'data-item': String(pool.items[i].id), class: pool.items[i].onLoan?.overdue ? 'failed' : '' }));
}

function checkOutForm(pool, zone, claims, redraw) {
  const id = pool.resourceId;
  const status = el('div', { role: 'status', 'aria-live': 'polite' });
  const form = el('form', { id: `checkout-${id}`, novalidate: true },
    el('div', { class: 'table-wrap' }, itemsTable(pool, zone, status, redraw)),
    field(`claim-${id}`, t('loans.for'), el('select', { name: 'claimId' }, el('option', { value: '', text: t('loans.standalone') }), options(claims))),
    field(`holder-name-${id}`, t('loans.holderName'), el('input', { name: 'holderName', autocomplete: 'name', required: true })),
    field(`holder-email-${id}`, t('loans.holderEmail'), el('input', { name: 'holderEmail', type: 'email', autocomplete: 'email', required: true })),
    field(`due-date-${id}`, t('loans.dueDate'), dateInput({ name: 'dueDate', required: true }, plusDays(today(zone), 7))),
    field(`due-time-${id}`, t('loans.dueTime'), timeInput({ name: 'dueTime', required: true }, '17:00')),
    field(`note-${id}`, t('loans.note'), el('input', { name: 'note' })),
    el('button', { type: 'submit', text: t('loans.checkOut') }), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const itemIds = data.getAll('itemIds').map(Number);
    if (itemIds.length === 0) {
      status.replaceChildren(el('p', { text: t('loans.pickItems') }));
      return;
    }
    const claimId = String(data.get('claimId') || '');
    const body = {
      itemIds, holderName: String(data.get('holderName')), holderEmail: String(data.get('holderEmail')),
      dueBack: zonedIso(String(data.get('dueDate')), String(data.get('dueTime')), zone) ?? '', note: String(data.get('note') ?? ''),
      ...(claimId ? { claimId: Number(claimId) } : {}),
    };
    try {
      await api('/loans', { method: 'POST', body });
      await redraw(t('loans.checkedOut'));
    } catch (error) {
      showFailure(form, status, error, zone, []);
    }
  });
  return form;
}

function checkInForm(loan, zone, redraw) {
  const status = el('div', { role: 'status', 'aria-live': 'polite' });
  const out = loan.items.filter((i) => !i.returnedAt);
  const form = el('form', { id: `checkin-${loan.id}`, class: loan.overdue ? 'panel overdue' : 'panel', novalidate: true },
    el('h4', {}, `${loan.holderName} <${loan.holderEmail}> · ${t('loans.since', { when: formatInstant(loan.outSince, zone) })} · ${t('loans.due')}: ${formatInstant(loan.dueBack, zone)}`,
      loan.overdue ? el('span', { class: 'badge status-failed', text: ` ${t('loans.overdue')}` }) : null),
    el('ul', { class: 'plain' }, out.map((i) => el('li', {},
      el('input', { type: 'checkbox', name: 'itemIds', value: String(i.itemId), id: `return-${loan.id}-${i.itemId}`, checked: true }),
      el('label', { for: `return-${loan.id}-${i.itemId}`, text: ` ${itemLabel(i)}` })))),
    field(`return-note-${loan.id}`, t('loans.returnNote'), el('input', { name: 'note' })),
    el('button', { type: 'submit', text: t('loans.checkIn') }), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const itemIds = data.getAll('itemIds').map(Number);
    if (itemIds.length === 0) {
      status.replaceChildren(el('p', { text: t('loans.pickItems') }));
      return;
    }
    try {
      await api(`/loans/${loan.id}/check-in`, { method: 'POST', body: { itemIds, note: String(data.get('note') ?? '') } });
      await redraw(t('loans.checkedIn'));
    } catch (error) {
      showFailure(form, status, error, zone, []);
    }
  });
  return form;
}

async function show(box, unitId, zone, message) {
  const custody = await api(`/units/${unitId}/custody`);
  const redraw = (text) => show(box, unitId, zone, text);
  const pools = await Promise.all(custody.pools.map(async (pool) => el('section', { class: 'pool', 'data-pool': String(pool.resourceId) },
    el('h3', {}, `${pick(pool.name)} · ${t('loans.quantity', { quantity: pool.poolQuantity })}`),
    pool.items.length ? checkOutForm(pool, zone, await claimOptions(pool, zone), redraw) : el('p', { text: t('loans.noItems') }))));
  // Open loans first (overdue ones lead: the server orders them by due time), then every pool's items.
  box.replaceChildren(
    el('p', { role: 'status', id: 'loans-status', 'aria-live': 'polite', text: message ?? '' }),
    el('h3', { text: t('loans.open') }),
    ...(custody.openLoans.length ? custody.openLoans.map((loan) => checkInForm(loan, zone, redraw)) : [el('p', { text: t('loans.none') })]),
    ...(pools.length ? pools : [el('p', { text: t('loans.noPools') })]));
}

export async function render(panel, me) {
  const units = me.unitId ? [await api(`/units/${me.unitId}`)] : await allPages('/units');
  const box = el('div', { id: 'loans' });
  const select = el('select', { name: 'unit' }, options(units.map((u) => [u.id, pick(u.name)]), me.unitId ?? units[0]?.id));
  const zoneOf = () => units.find((u) => String(u.id) === select.value)?.timeZone ?? 'Asia/Shanghai';
  const redraw = () => show(box, Number(select.value), zoneOf()).catch((error) => box.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error.message }) })));
  select.addEventListener('change', redraw);
  panel.replaceChildren(el('h2', { text: t('loans.title') }), units.length > 1 ? field('loans-unit', t('loans.unit'), select) : '', box,
    el('p', { class: 'zone-note', text: t('timeline.zone', { zone: zoneName(zoneOf()) }) }));
  if (units.length) await redraw();
}
