// Bilingual UI: zh-CN by default, English by switch (remembered in localStorage or ?lang=en).
import { ACTIVITY_KINDS, EMAIL_KIND_WORDS } from './generated/enums.js';
import { formatRangeIn, zoneNameIn } from './format-range.js';

const dict = {
  'zh-CN': {
    'nav.programme': '科普活动', 'page.activity': '活动', 'nav.organizer': '组织者', 'nav.reports': '报告', 'nav.main': '主导航', 'nav.api': '接口文档', loading: '加载中…', 'lang.other': 'English',
    'programme.title': '院校合作科普活动', 'programme.intro': '北京市科学技术研究院与北京学校的联合科普活动。',
    'filter.kind': '活动类型', 'filter.unit': '单位', 'filter.venue': '场地', 'filter.grade': '年级', 'filter.any': '全部',
    'filter.legend': '筛选', 'view.month': '月', 'view.week': '周', 'view.list': '列表', 'view.timeHint': '时间', 'view.eventHint': '活动',
    'filter.active': '筛选（{n}）', 'programme.legend': '颜色图例',
    'zone.note': '时间均为{zone}',
    'subscribe.title': '订阅到日历', 'subscribe.intro': '订阅后，日历会自动更新当前筛选的活动。',
    'subscribe.copy': '复制链接', 'subscribe.copied': '已复制', 'subscribe.copyWebcal': '复制 webcal 链接', 'subscribe.webcal': '用日历应用打开 (webcal)',
    'subscribe.google': '添加到 Google 日历', 'subscribe.outlook': '添加到 Outlook',
    'subscribe.help.google': 'Google 日历：点击“添加到 Google 日历”，或在“其他日历 → 通过网址添加”中粘贴链接。',
    'subscribe.help.outlook': 'Outlook：点击“添加到 Outlook”，或在“添加日历 → 从 Internet 订阅”中粘贴链接。',
    'subscribe.help.apple': 'Apple 日历：点击 webcal 按钮，或在“文件 → 新建日历订阅”中粘贴链接。',
    'subscribe.unavailable': '暂时无法生成订阅链接。',
    'activity.when': '时间', 'activity.where': '地点', 'activity.seats': '剩余名额', 'activity.audience': '年级',
    'activity.full': '已满，报名将进入候补名单', 'activity.unlimited': '不限', 'activity.back': '返回活动列表',
    'activity.status.cancelled': '已取消', 'activity.grades': '{grades} 年级',
    'register.title': '报名', 'register.name': '姓名', 'register.email': '电子邮箱', 'register.role': '身份',
    'register.grade': '年级', 'register.class': '班级', 'register.language': '邮件语言', 'register.submit': '提交报名',
    'register.done': '报名成功！确认邮件已发送。', 'register.waitlisted': '已加入候补名单，第 {position} 位。有空位时会通知你。',
    'register.existing': '你已经报过名了，无需再次报名。', 'register.existingWaitlisted': '你已经报过名了，目前在候补名单第 {position} 位。',
    'register.occurrence': '场次', 'register.guardianEmail': '家长电子邮箱（离校活动需家长同意）',
    'register.consentSent': '报名成功！我们已给家长发送同意书邮件，家长同意后即可成行。',
    'field.guardianEmail': '请填写家长的电子邮箱（不能与学生的邮箱相同）。', 'field.occurrenceId': '请选择一个尚未开始的场次。',
    'activity.sessions': '场次与名额', 'activity.calendar': '加入我的日历', 'activity.ics': '下载日历文件 (.ics)',
    'activity.google': '添加到 Google 日历', 'activity.outlook': '添加到 Outlook 日历',
    'role.student': '学生', 'role.teacher': '教师', 'role.guardian': '家长', 'role.staff': '工作人员',
    'error.generic': '出错了：{detail}', 'error.notFound': '没有找到这个活动。', 'error.fields': '请检查标出的字段。',
    'activity.waitlist': '{count} 人', 'register.waitlistTitle': '候补', 'activity.seatsOf': '{left} / {capacity}',
    'field.invalid': '此项填写有误，请检查。', 'field.name': '请填写姓名（不超过 200 字）。', 'field.email': '请填写有效的电子邮箱地址。',
    'field.role': '请选择身份。', 'field.grade': '请选择 1–12 年级。', 'field.class': '班级不超过 50 字，且不含换行。', 'field.language': '请选择邮件语言。',
    'field.title.zh-CN': '请填写中文标题（不超过 200 字）。', 'field.title.en': '请填写英文标题（不超过 200 字）。',
    'field.date': '请检查日期。', 'field.startsAt': '请检查开始时间。', 'field.endsAt': '请检查结束时间：须晚于开始时间。', 'field.lastDay': '请检查最后一天。',
    'field.capacity': '名额须为 0 或正整数。', 'field.audienceGrades': '年级须为 1–12 的数字，用逗号分隔。', 'field.quantity': '数量须为正整数，且不超过资源总数。',
    'field.setupMinutes': '准备时间须为 0 或正整数（分钟）。', 'field.teardownMinutes': '收尾时间须为 0 或正整数（分钟）。', 'field.resourceId': '请选择资源。',
    'field.venueId': '请选择场地。', 'field.recurrenceRule': '请检查重复规则。', 'field.interval': '请填写 2–52 之间的周数。', 'field.count': '请填写 1–500 之间的次数。', 'field.until': '请检查截止日期。',
    'kind.exhibition': '展览进校园', 'kind.teacher_training': '教师培训', 'kind.summer_camp': '夏令营',
    'kind.field_visit': '实践参观', 'kind.research_study': '研学', 'kind.club_session': '社团活动',
    'kind.talent_training': '科技人才培养', 'kind.science_show': '科普演出',
  },
  en: {
    'nav.programme': 'Programme', 'page.activity': 'Activity', 'nav.organizer': 'Organizers', 'nav.reports': 'Reports', 'nav.main': 'Main', 'nav.api': 'API', loading: 'Loading…', 'lang.other': '中文',
    'programme.title': 'Academy–school science programme', 'programme.intro': 'Joint science-education activities of BJAST and Beijing School.',
    'filter.kind': 'Kind', 'filter.unit': 'Unit', 'filter.venue': 'Venue', 'filter.grade': 'Grade', 'filter.any': 'All',
    'filter.legend': 'Filters', 'view.month': 'Month', 'view.week': 'Week', 'view.list': 'List', 'view.timeHint': 'Time', 'view.eventHint': 'Event',
    'filter.active': 'Filters ({n})', 'programme.legend': 'Colour legend',
    'zone.note': 'Times are in {zone}',
    'subscribe.title': 'Subscribe in your calendar', 'subscribe.intro': 'Your calendar app keeps the filtered programme up to date by itself.',
    'subscribe.copy': 'Copy link', 'subscribe.copied': 'Copied', 'subscribe.copyWebcal': 'Copy webcal link', 'subscribe.webcal': 'Open in calendar app (webcal)',
    'subscribe.google': 'Add to Google Calendar', 'subscribe.outlook': 'Add to Outlook',
    'subscribe.help.google': 'Google Calendar: press "Add to Google Calendar", or paste the link under Other calendars → From URL.',
    'subscribe.help.outlook': 'Outlook: press "Add to Outlook", or paste the link under Add calendar → Subscribe from web.',
    'subscribe.help.apple': 'Apple Calendar: press the webcal button, or paste the link under File → New Calendar Subscription.',
    'subscribe.unavailable': 'Subscription links are not available right now.',
    'activity.when': 'When', 'activity.where': 'Where', 'activity.seats': 'Seats left', 'activity.audience': 'Grades',
    'activity.full': 'Full: new registrations join the waitlist', 'activity.unlimited': 'No limit', 'activity.back': 'Back to the programme',
    'activity.status.cancelled': 'Cancelled', 'activity.grades': 'Grade {grades}',
    'register.title': 'Register', 'register.name': 'Name', 'register.email': 'Email', 'register.role': 'I am a',
    'register.grade': 'Grade', 'register.class': 'Class', 'register.language': 'Email language', 'register.submit': 'Register',
    'register.done': 'You are registered. A confirmation email is on its way.', 'register.waitlisted': 'You are on the waitlist at position {position}. We will email you when a place frees.',
    'register.existing': 'You are already registered; there is no need to register again.', 'register.existingWaitlisted': 'You are already registered, on the waitlist at position {position}.',
    'register.occurrence': 'Session', 'register.guardianEmail': "Guardian's email (a guardian consents to trips away from school)",
    'register.consentSent': 'You are registered. We emailed your guardian for consent.',
    'field.guardianEmail': "Enter a guardian's email address (not the student's own).", 'field.occurrenceId': 'Choose a session that has not begun.',
    'activity.sessions': 'Sessions and places', 'activity.calendar': 'Add to my calendar', 'activity.ics': 'Download calendar file (.ics)',
    'activity.google': 'Add to Google Calendar', 'activity.outlook': 'Add to Outlook calendar',
    'role.student': 'Student', 'role.teacher': 'Teacher', 'role.guardian': 'Guardian', 'role.staff': 'Staff',
    'error.generic': 'Something went wrong: {detail}', 'error.notFound': 'This activity does not exist.', 'error.fields': 'Check the marked fields.',
    'activity.waitlist': '{count} waiting', 'register.waitlistTitle': 'Waitlist', 'activity.seatsOf': '{left} of {capacity}',
    'field.invalid': 'This value is not valid; please check it.', 'field.name': 'Enter your name (at most 200 characters).', 'field.email': 'Enter a valid email address.',
    'field.role': 'Choose who you are.', 'field.grade': 'Choose a grade from 1 to 12.', 'field.class': 'At most 50 characters, without line breaks.', 'field.language': 'Choose the email language.',
    'field.title.zh-CN': 'Enter the Chinese title (at most 200 characters).', 'field.title.en': 'Enter the English title (at most 200 characters).',
    'field.date': 'Check the date.', 'field.startsAt': 'Check the start time.', 'field.endsAt': 'Check the end time: it must be after the start.', 'field.lastDay': 'Check the last day.',
    'field.capacity': 'Places must be 0 or a whole number.', 'field.audienceGrades': 'Grades are numbers from 1 to 12, separated by commas.', 'field.quantity': 'The quantity must be a whole number, at most what the resource has.',
    'field.setupMinutes': 'Set-up must be 0 or a whole number of minutes.', 'field.teardownMinutes': 'Tear-down must be 0 or a whole number of minutes.', 'field.resourceId': 'Choose a resource.',
    'field.venueId': 'Choose a venue.', 'field.recurrenceRule': 'Check the repetition.', 'field.interval': 'Enter a number of weeks from 2 to 52.', 'field.count': 'Enter a number of times from 1 to 500.', 'field.until': 'Check the last date.',
    'kind.exhibition': 'Exhibition at school', 'kind.teacher_training': 'Teacher training', 'kind.summer_camp': 'Summer camp',
    'kind.field_visit': 'Field visit', 'kind.research_study': 'Research study', 'kind.club_session': 'Club session',
    'kind.talent_training': 'Talent training', 'kind.science_show': 'Science show',
  },
};

/** Both dictionaries, for the unit test that keeps them in step. */
export const DICTIONARIES = dict;

/** Adds a page's words to the dictionary (organizer panels bring their own). */
export function extend(zh, en) {
  Object.assign(dict['zh-CN'], zh);
  Object.assign(dict.en, en);
}

/** The activity kinds, from the server's schema (generated/enums.js). */
export const KINDS = ACTIVITY_KINDS;

export function lang() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh-CN') localStorage.setItem('orrery.lang', fromUrl);
  return localStorage.getItem('orrery.lang') === 'en' ? 'en' : 'zh-CN';
}

export function has(key) {
  return key in dict[lang()] || key in dict['zh-CN'];
}

/** The page's words for a wrong field, by its form name ("claims.0.quantity" → field.quantity). */
export function fieldMessage(name) {
  const key = `field.${String(name).replace(/^.*\.\d+\./, '')}`;
  return has(key) ? t(key) : t('field.invalid');
}

export function t(key, vars = {}) {
  const text = dict[lang()][key] ?? dict['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

/** Picks the text for the current language from a {"zh-CN": …, en: …} pair. */
export function pick(localized) {
  return localized?.[lang()] || localized?.['zh-CN'] || localized?.en || '';
}

/** An email kind's name in the page's language, as its feature registered it (EmailFamily.words); the code for an unknown kind. */
export function emailKindName(kind) {
  return pick(EMAIL_KIND_WORDS[kind]) || kind;
}

export function applyI18n(root = document) {
  document.documentElement.lang = lang();
  // The page's title in the reader's language only (the shell names its key; issue 25 item 7).
  const titleKey = document.documentElement.dataset.title;
  if (titleKey) document.title = `${t(titleKey)} · Orrery`;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n ?? '');
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(/** @type {HTMLElement} */ (el).dataset.i18nLabel ?? ''));
  const button = document.getElementById('lang-switch');
  if (button) {
    // The visible word is the whole name (axe: label-content-name-mismatch), in its own language.
    button.textContent = t('lang.other');
    button.lang = lang() === 'en' ? 'zh-CN' : 'en';
    button.onclick = () => {
      localStorage.setItem('orrery.lang', lang() === 'en' ? 'zh-CN' : 'en');
      const url = new URL(location.href);
      url.searchParams.delete('lang');
      location.replace(url);
    };
  }
}

/** Zones by the names people use, in the page's language (format-range.js): never the IANA id (issue 25 item 7). */
export function zoneName(zone) {
  return zoneNameIn(lang(), zone);
}

/** "2027年3月2日周二 09:00–11:00 (北京时间)": always in the activity's zone, always naming it (format-range.js, shared with the participant page). */
export function formatRange(startIso, endIso, zone, allDay) {
  return formatRangeIn(lang(), startIso, endIso, zone, allDay);
}

// Organizer pages.
Object.assign(dict['zh-CN'], {
  'signin.title': '组织者登录', 'signin.intro': '输入你的邮箱，我们会发送一次性登录链接。', 'signin.email': '电子邮箱',
  'userRole.organizer': '组织者', 'userRole.admin': '管理员', 'userRole.viewer': '只读用户', 'signin.submit': '发送登录链接', 'signin.sent': '如果该邮箱有账号，登录链接已发送，请查收邮件。',
  'organizer.title': '组织者工作台', 'organizer.signedInAs': '已登录：{email}（{role}）', 'organizer.signOut': '退出登录',
  'tab.book': '预约活动', 'tab.activities': '我的活动', 'tab.approvals': '待审批', 'tab.timeline': '资源时间轴', 'tab.registrations': '报名', 'tab.deliveries': '邮件记录', 'tab.planner': '学期规划', 'tab.loans': '借用与保管',
  'tab.readiness': '出行准备',
});
Object.assign(dict.en, {
  'signin.title': 'Organizer sign-in', 'signin.intro': 'Enter your email and we will send you a one-time sign-in link.', 'signin.email': 'Email',
  'userRole.organizer': 'organizer', 'userRole.admin': 'administrator', 'userRole.viewer': 'read-only', 'signin.submit': 'Send sign-in link', 'signin.sent': 'If this address has an account, a sign-in link is on its way.',
  'organizer.title': 'Organizer desk', 'organizer.signedInAs': 'Signed in as {email} ({role})', 'organizer.signOut': 'Sign out',
  'tab.book': 'Book', 'tab.activities': 'My activities', 'tab.approvals': 'Approvals', 'tab.timeline': 'Resource timeline', 'tab.registrations': 'Registrations', 'tab.deliveries': 'Email log', 'tab.planner': 'Term planner', 'tab.loans': 'Loans',
  'tab.readiness': 'Visit readiness',
});
