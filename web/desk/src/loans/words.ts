/** The loans view's words (web/desk/src/words.ts spreads them in), zh-CN first. */
export const zhCN = {
  'loans.title': '借用与保管', 'loans.intro': '本单位每件设备现在在哪里、谁借走了、何时归还。逐件借出（可关联已确认的活动），归还时记下状况。',
  'loans.unit': '单位', 'loans.noPools': '本单位没有设备。', 'loans.noItems': '此设备尚未逐件登记。',
  'loans.item': '物品', 'loans.status': '状态', 'loans.condition': '状况', 'loans.home': '存放地点', 'loans.holder': '借用人', 'loans.due': '应还时间',
  'loans.home.here': '在库', 'loans.overdue': '已逾期', 'loans.pick': '选择 {label}', 'loans.quantity': '可预约数量：{quantity}',
  'loans.checkOut': '借出所选物品', 'loans.for': '用于', 'loans.standalone': '单独借出（不属于任何活动）', 'loans.holderName': '借用人姓名',
  'loans.holderEmail': '借用人邮箱', 'loans.dueBack': '归还时间', 'loans.dueHelp': '按“年-月-日 时:分”填写或从日历中选择，回车确认。', 'loans.note': '备注',
  'loans.open': '未归还的借用', 'loans.none': '没有未归还的借用。', 'loans.checkIn': '归还所选物品', 'loans.returnNote': '归还时的状况',
  'loans.since': '借出于 {when}', 'loans.dueAt': '应还 {when}', 'loans.checkedOut': '已借出。', 'loans.checkedIn': '已归还。', 'loans.saved': '已保存。',
  'loans.pickItems': '请先选择物品。', 'loans.required': '请填写这一项。', 'loans.badEmail': '请填写有效的电子邮箱。', 'loans.fields': '请检查标出的字段。',
  'loans.statusOf': '{label} 的状态', 'loans.empty': '—', 'loans.claim': '{title} · {when} · ×{quantity}',
  'itemStatus.in_service': '可用', 'itemStatus.damaged': '损坏', 'itemStatus.in_repair': '维修中', 'itemStatus.lost': '遗失',
  'loans.problem.item_needed': '已有预约需要这件物品。', 'loans.problem.item_on_loan': '物品已借出。', 'loans.problem.item_out_of_service': '物品不可用。',
  'loans.problem.claim_quantity_exceeded': '超出活动申请的数量。', 'loans.problem.claim_not_booked': '活动尚未确认。',
};

export const en: Partial<Record<keyof typeof zhCN, string>> = {
  'loans.title': 'Loans and custody', 'loans.intro': "Where each item of your unit's equipment is, who holds it and until when. Check items out (for a confirmed activity, or standalone) and back in with their condition.",
  'loans.unit': 'Unit', 'loans.noPools': 'This unit has no equipment.', 'loans.noItems': 'No items of this pool are listed one by one yet.',
  'loans.item': 'Item', 'loans.status': 'Status', 'loans.condition': 'Condition', 'loans.home': 'Home location', 'loans.holder': 'Held by', 'loans.due': 'Due back',
  'loans.home.here': 'At home', 'loans.overdue': 'Overdue', 'loans.pick': 'Select {label}', 'loans.quantity': 'Bookable: {quantity}',
  'loans.checkOut': 'Check out the selected items', 'loans.for': 'For', 'loans.standalone': 'Standalone (no activity)', 'loans.holderName': 'Holder’s name',
  'loans.holderEmail': 'Holder’s email', 'loans.dueBack': 'Due back', 'loans.dueHelp': 'Type “year-month-day hour:minute” or pick from the calendar; Enter confirms.', 'loans.note': 'Note',
  'loans.open': 'Open loans', 'loans.none': 'No open loans.', 'loans.checkIn': 'Check in the selected items', 'loans.returnNote': 'Condition on return',
  'loans.since': 'out since {when}', 'loans.dueAt': 'due {when}', 'loans.checkedOut': 'Checked out.', 'loans.checkedIn': 'Checked in.', 'loans.saved': 'Saved.',
  'loans.pickItems': 'Select items first.', 'loans.required': 'Fill this in.', 'loans.badEmail': 'Enter a valid email address.', 'loans.fields': 'Check the marked fields.',
  'loans.statusOf': 'Status of {label}', 'loans.empty': '—', 'loans.claim': '{title} · {when} · ×{quantity}',
  'itemStatus.in_service': 'In service', 'itemStatus.damaged': 'Damaged', 'itemStatus.in_repair': 'In repair', 'itemStatus.lost': 'Lost',
  'loans.problem.item_needed': 'A booking needs this item.', 'loans.problem.item_on_loan': 'The item is on loan already.', 'loans.problem.item_out_of_service': 'The item is out of service.',
  'loans.problem.claim_quantity_exceeded': 'More than the activity claimed.', 'loans.problem.claim_not_booked': 'The activity is not confirmed.',
};
