// Words of the attendance page, in both languages.
import { extend } from './i18n.js';

extend({
  'attendance.title': '考勤', 'attendance.signIn': '请先在组织者工作台登录。', 'attendance.toDesk': '前往组织者工作台',
  'attendance.counts': '出席 {present} · 迟到 {late} · 缺席 {absent} · 未签到 {unmarked}',
  'attendance.scanTitle': '扫码签到', 'attendance.code': '签到码（扫码枪或手动输入）', 'attendance.checkIn': '签到',
  'attendance.checkedIn': '{name} 已签到（{status}）。', 'attendance.again': '{name} 之前已签到，未作更改。',
  'attendance.search': '按姓名查找', 'attendance.allPresent': '其余全部标为出席', 'attendance.csv': '导出 CSV',
  'attendance.none': '还没有人报名。', 'attendance.noMatch': '没有匹配的姓名。', 'attendance.noShows': '缺席 {n} 次',
  'attendance.present': '出席', 'attendance.late': '迟到', 'attendance.absent': '缺席', 'attendance.unmarked': '未签到',
  'attendance.saved': '已保存：{name} {status}', 'attendance.listTitle': '报名名单',
  'attendance.flag.consent_missing': '缺少家长同意书',
  'problem.check_in_code_invalid': '签到码无效（输错、被改动或不是本系统的）。',
  'problem.check_in_wrong_occurrence': '这是另一场次的签到码，不是本场次的。',
  'problem.not_registered': '此人未报名本活动。', 'problem.attendance_not_open': '考勤从活动当天开始。',
  'problem.occurrence_cancelled': '本场次已取消。',
  'registrations.attendance': '考勤：', 'registrations.noShows': '缺席次数',
}, {
  'attendance.title': 'Attendance', 'attendance.signIn': 'Sign in at the organizer desk first.', 'attendance.toDesk': 'Go to the organizer desk',
  'attendance.counts': 'Present {present} · Late {late} · Absent {absent} · Not marked {unmarked}',
  'attendance.scanTitle': 'Scan check-in', 'attendance.code': 'Check-in code (scanner or typed)', 'attendance.checkIn': 'Check in',
  'attendance.checkedIn': '{name} checked in ({status}).', 'attendance.again': '{name} was already checked in; nothing changed.',
  'attendance.search': 'Find by name', 'attendance.allPresent': 'Mark everyone else present', 'attendance.csv': 'Export CSV',
  'attendance.none': 'Nobody has registered yet.', 'attendance.noMatch': 'No name matches.', 'attendance.noShows': 'Absent {n}×',
  'attendance.present': 'Present', 'attendance.late': 'Late', 'attendance.absent': 'Absent', 'attendance.unmarked': 'Not marked',
  'attendance.saved': 'Saved: {name} {status}', 'attendance.listTitle': 'Registrants',
  'attendance.flag.consent_missing': 'Consent form missing',
  'problem.check_in_code_invalid': 'This check-in code is not valid (mistyped, altered or not from Orrery).',
  'problem.check_in_wrong_occurrence': 'This code is for another session, not this one.',
  'problem.not_registered': 'This person is not registered for this activity.', 'problem.attendance_not_open': 'Attendance opens on the day of the session.',
  'problem.occurrence_cancelled': 'This session is cancelled.',
  'registrations.attendance': 'Attendance:', 'registrations.noShows': 'No-shows',
});
