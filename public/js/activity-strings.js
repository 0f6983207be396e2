// Words of the activity page's success panel and sessions, in both languages (issue 25 items 3 and 4).
import { extend } from './i18n.js';

extend({
  'done.title': '报名成功', 'done.waitlistTitle': '已加入候补名单',
  'done.manage': '管理我的报名', 'done.qr': '查看签到二维码', 'done.ics': '加入我的日历 (.ics)',
  'done.help': '在“我的报名”页面可以查看签到二维码、改期或取消报名；确认邮件里也有同一个链接。',
  'done.waitlistHelp': '在“我的报名”页面可以随时查看候补位置或取消报名；确认邮件里也有同一个链接。',
  'done.another': '为其他人报名',
  'activity.upcoming': '近期场次与名额', 'activity.noUpcoming': '没有即将开始的场次。', 'activity.seatsLeftOf': '剩余 {left} / {capacity} 个名额',
}, {
  'done.title': 'You are registered', 'done.waitlistTitle': 'You are on the waitlist',
  'done.manage': 'Manage my registration', 'done.qr': 'Show my check-in QR code', 'done.ics': 'Add to my calendar (.ics)',
  'done.help': 'Your registration page shows your check-in QR code and lets you change session or cancel; the confirmation email has the same link.',
  'done.waitlistHelp': 'Your registration page shows your place on the waitlist and lets you cancel; the confirmation email has the same link.',
  'done.another': 'Register someone else',
  'activity.upcoming': 'Upcoming sessions and places', 'activity.noUpcoming': 'No upcoming sessions.', 'activity.seatsLeftOf': '{left} of {capacity} places left',
});
