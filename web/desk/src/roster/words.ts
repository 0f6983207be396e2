import { lang } from '../i18n.ts';

/** The roster page's words, zh-CN first (a phone page: short). */
export const zhCN = {
  'title': '出行名单', 'loading': '加载中…', 'lang.other': 'English',
  'online': '在线', 'offline': '离线', 'queued': '待同步 {count} 条', 'synced': '已全部同步',
  'saved': '名单已保存在本机，可离线使用', 'savedAt': '名单更新于 {time}',
  'none': '这一天没有外出活动。', 'signIn': '请先登录，再打开出行名单。', 'signInLink': '去登录',
  'noCopy': '本机没有这一天的名单：请联网后打开一次。',
  'expired': '这一天的名单已过期，已从本机清除。',
  'visit': '活动', 'step': '环节',
  'step.check_in': '签到', 'step.left_school': '离校', 'step.arrived': '到达', 'step.left_venue': '离开场馆', 'step.back_at_school': '返校',
  'count': '{step}：{count} / {total} 人', 'missing': '未到 {count} 人', 'allHere': '全部到齐',
  'scan': '扫码或输入签到码', 'scanHelp': '扫描二维码，或输入 7 位签到码', 'enter': '确认', 'camera': '打开相机', 'cameraOff': '关闭相机',
  'camera.denied': '无法使用相机：请允许使用相机，或输入签到码。', 'camera.unavailable': '这台设备无法扫码：请输入签到码。',
  'ok': '{name}：{step}已记录', 'again': '{name}：已经记录过', 'notOnRoster': '不在本次名单中（其他活动或其他日期的签到码）', 'badCode': '不是有效的签到码',
  'consentFlag': '未获家长同意', 'consentMarked': '{name}：未获家长同意，已记录待核对',
  'role.student': '学生', 'role.teacher': '教师', 'role.guardian': '家长', 'role.staff': '工作人员',
  'headCount': '完成清点（{count} / {total}）', 'headCountDone': '{step}清点已记录：{count} / {total} 人',
  'contact': '联系人：{name} {phone}', 'meeting': '集合：{place} {time}', 'destination': '目的地：{place}',
  'sync.conflict': '{name}：另一台设备也标记了{step}，以较早的时间为准', 'sync.refused': '{name}：{reason}',
  'sync.revoked': '这台设备的登录已失效：离线期间的记录未被接受，已交给组织者核对。请重新登录。',
  'reason.consent_missing': '未获家长同意（已记录待核对）', 'reason.check_in_cancelled': '报名已取消', 'reason.check_in_waitlisted': '仍在候补',
  'reason.roster_other_activity': '其他活动的签到码', 'reason.roster_other_day': '其他日期的签到码', 'reason.not_on_visit': '已不在本次名单',
  'reason.check_in_code_unknown': '没有这个签到码', 'reason.check_in_code_invalid': '不是有效的签到码', 'reason.device_session_revoked': '登录已失效',
  'erase': '活动结束：从本机清除名单', 'eraseTitle': '清除本机名单？', 'eraseBody': '名单和本机记录将从这台设备删除。还有 {count} 条未同步的记录。', 'eraseBodySynced': '名单将从这台设备删除，所有记录都已同步。',
  'erased': '名单已从本机清除。', 'cancel': '取消', 'confirm': '清除',
  'signOut': '退出登录', 'retry': '立即同步', 'error': '出错了，请稍后重试。', 'zone': '时间均为北京时间',
};
type Key = keyof typeof zhCN;
export const en: Record<Key, string> = {
  'title': 'Visit roster', 'loading': 'Loading…', 'lang.other': '中文',
  'online': 'Online', 'offline': 'Offline', 'queued': '{count} to sync', 'synced': 'All synced',
  'saved': 'Roster saved on this device: works offline', 'savedAt': 'Roster updated {time}',
  'none': 'No visits leave the school on this day.', 'signIn': 'Sign in first, then open the roster.', 'signInLink': 'Sign in',
  'noCopy': 'This device has no roster for this day: open it once while online.',
  'expired': "This day's roster has expired and was erased from this device.",
  'visit': 'Visit', 'step': 'Step',
  'step.check_in': 'Check-in', 'step.left_school': 'Left school', 'step.arrived': 'Arrived', 'step.left_venue': 'Left venue', 'step.back_at_school': 'Back at school',
  'count': '{step}: {count} of {total}', 'missing': 'Missing: {count}', 'allHere': 'Everyone is here',
  'scan': 'Scan or type a check-in code', 'scanHelp': 'Scan the QR code or type the 7-character code', 'enter': 'Enter', 'camera': 'Start camera', 'cameraOff': 'Stop camera',
  'camera.denied': 'The camera is not allowed: allow it, or type the code.', 'camera.unavailable': 'This device cannot scan: type the code.',
  'ok': '{name}: {step} recorded', 'again': '{name}: already recorded', 'notOnRoster': 'Not on this roster (another visit or another day)', 'badCode': 'Not a valid check-in code',
  'consentFlag': 'No guardian consent', 'consentMarked': '{name}: no guardian consent; recorded for review',
  'role.student': 'Pupil', 'role.teacher': 'Teacher', 'role.guardian': 'Guardian', 'role.staff': 'Staff',
  'headCount': 'Finish count ({count} of {total})', 'headCountDone': '{step} count recorded: {count} of {total}',
  'contact': 'Contact: {name} {phone}', 'meeting': 'Meet: {place} {time}', 'destination': 'Destination: {place}',
  'sync.conflict': '{name}: another device also marked {step}; the earlier time counts', 'sync.refused': '{name}: {reason}',
  'sync.revoked': "This device's sign-in was ended: marks made offline were not accepted and are kept for the organizer to review. Sign in again.",
  'reason.consent_missing': 'no guardian consent (kept for review)', 'reason.check_in_cancelled': 'registration cancelled', 'reason.check_in_waitlisted': 'still on the waitlist',
  'reason.roster_other_activity': "another visit's code", 'reason.roster_other_day': "another day's code", 'reason.not_on_visit': 'no longer on this visit',
  'reason.check_in_code_unknown': 'no such code', 'reason.check_in_code_invalid': 'not a valid code', 'reason.device_session_revoked': 'sign-in ended',
  'erase': 'Visit over: erase the roster from this device', 'eraseTitle': 'Erase the roster from this device?', 'eraseBody': 'The roster and the marks on this device will be deleted. {count} marks are not synced yet.', 'eraseBodySynced': 'The roster will be deleted from this device; every mark is synced.',
  'erased': 'The roster was erased from this device.', 'cancel': 'Cancel', 'confirm': 'Erase',
  'signOut': 'Sign out', 'retry': 'Sync now', 'error': 'Something went wrong; try again later.', 'zone': 'Times are Beijing time',
};
export type RosterWord = Key;

export function w(key: Key, vars: Record<string, string | number> = {}): string {
  const text = lang() === 'en' ? en[key] : zhCN[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}
export function wOr(key: string, fallback: Key, vars: Record<string, string | number> = {}): string {
  return key in zhCN ? w(key as Key, vars) : w(fallback, vars);
}
