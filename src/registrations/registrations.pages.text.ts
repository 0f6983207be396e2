import type { Language } from '../shared/types.ts';

/** The participant pages' words in both languages (the pages pick one per request). */
export const pageText = {
  'zh-CN': {
    title: '我的报名', when: '时间', where: '地点', destination: '目的地', meeting: '集合', transport: '交通', contact: '当天联系人', meetAt: '{time}（{zone}）集合', sep: '，', who: '报名人', status: '状态',
    cancel: '取消报名', cancelled: '此报名已取消。',
    confirmCancelTitle: '确认取消报名', confirmCancel: '确定要取消“{title}”的报名吗？名额会让给候补的人，取消后无法恢复。',
    confirmCancelYes: '确定取消报名', keep: '保留报名，返回', stop: '不再接收提醒和主办方消息', stopped: '您将不再收到此活动的提醒。主办方群发的消息也不会再发给您。',
    missing: '链接无效。', back: '返回我的报名', others: '我的其他报名',
    feedTitle: '我的日历订阅', feedOffer: '把您报名的活动订阅到自己的日历：报名、变更和取消都会自动同步。',
    feedCreate: '生成我的日历订阅链接', feedIntro: '在日历应用中订阅此链接（请勿分享，它只属于您）：', feedUrl: '订阅链接',
    feedRevoked: '您的日历订阅已被停用。如需恢复，请联系活动组织者。',
    webcal: '用日历应用打开 (webcal)', google: '添加到 Google 日历', outlook: '添加到 Outlook',
    feedHelp: [
      'Apple 日历：点击 webcal 按钮，或在“文件 → 新建日历订阅”中粘贴链接。',
      'Google 日历：点击“添加到 Google 日历”，或在“其他日历 → 通过网址添加”中粘贴链接。',
      'Outlook：点击“添加到 Outlook”，或在“添加日历 → 从 Internet 订阅”中粘贴链接。',
    ],
    confirmed: '已确认', waitlisted: '候补，第 {n} 位', waitlistedNoPosition: '候补', cancelledStatus: '已取消', activityCancelled: '（活动已取消）',
    checkInTitle: '签到二维码', checkInIntro: '{when}：到场时请向工作人员出示此二维码。', checkInCode: '无法扫码时，请向工作人员报出签到码：', teacherHours: '我的培训学时与证书',
  },
  en: {
    title: 'My registration', when: 'When', where: 'Where', destination: 'Destination', meeting: 'Meeting point', transport: 'Transport', contact: 'Contact on the day', meetAt: 'meet at {time} ({zone})', sep: ', ', who: 'Registered', status: 'Status',
    cancel: 'Cancel my registration', cancelled: 'This registration is cancelled.',
    confirmCancelTitle: 'Cancel your registration?', confirmCancel: 'Do you want to cancel your registration for "{title}"? Your place goes to the waitlist and cannot be given back.',
    confirmCancelYes: 'Yes, cancel my registration', keep: 'Keep my registration', stop: 'Stop reminders and organizers’ messages', stopped: 'You will get no more reminders for this activity. Organizers’ messages to its registrants will not reach you either.',
    missing: 'This link is not valid.', back: 'Back to my registration', others: 'My other registrations',
    feedTitle: 'My calendar feed', feedOffer: 'Follow the activities you registered for in your own calendar: registrations, changes and cancellations appear by themselves.',
    feedCreate: 'Get my calendar feed link', feedIntro: 'Subscribe to this link in your calendar app (keep it to yourself: it is yours alone):', feedUrl: 'Feed link',
    feedRevoked: 'Your calendar feed was turned off. Ask the organizers if you want it back.',
    webcal: 'Open in calendar app (webcal)', google: 'Add to Google Calendar', outlook: 'Add to Outlook',
    feedHelp: [
      'Apple Calendar: press the webcal button, or paste the link under File → New Calendar Subscription.',
      'Google Calendar: press "Add to Google Calendar", or paste the link under Other calendars → From URL.',
      'Outlook: press "Add to Outlook", or paste the link under Add calendar → Subscribe from web.',
    ],
    confirmed: 'Confirmed', waitlisted: 'On the waitlist, number {n}', waitlistedNoPosition: 'On the waitlist', cancelledStatus: 'Cancelled', activityCancelled: ' (the activity is cancelled)',
    checkInTitle: 'Check-in code', checkInIntro: '{when}: show this QR code to the staff at the door.', checkInCode: 'If it cannot be scanned, read out the check-in code:', teacherHours: 'My training hours and certificates',
  },
} as const satisfies Record<Language, Record<string, string | readonly string[]>>;
export type PageText = (typeof pageText)[Language];

export function statusText(r: { status: string; waitlistPosition?: number | null; activityStatus?: string }, language: Language): string {
  const t = pageText[language];
  const base = r.status === 'confirmed' ? t.confirmed
    : r.status === 'waitlisted' ? (r.waitlistPosition ? t.waitlisted.replace('{n}', String(r.waitlistPosition)) : t.waitlistedNoPosition)
      : t.cancelledStatus;
  return r.activityStatus === 'cancelled' ? `${base}${t.activityCancelled}` : base;
}
