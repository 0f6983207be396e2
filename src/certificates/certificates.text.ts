import type { Language } from '../shared/types.ts';

/** The certificate pages' words in both languages. */
export const certificateText = {
  'zh-CN': {
    title: '证书验证', valid: '此证书有效。', name: '姓名', activity: '培训', days: '日期', hours: '学时', date: '日期', sessions: '出席次数',
    unknown: '没有这个证书。请检查网址。', superseded: '此证书已被新证书取代（出勤或学时有变更），不再有效。请向持有人索取最新证书。',
    teacherTitle: '我的培训学时', total: '本学年共 {hours} 学时', year: '{from} 至 {to} 学年', certificate: '证书', download: '下载证书 PDF',
    verify: '验证', none: '尚无证书', noTraining: '本学年还没有教师培训。',
    kept: '证书（姓名、培训、日期和学时，供他人验证）自签发之日起保存 {days} 天（约 {years} 年），之后删除，验证将不再可用。', yourData: '查看或删除我的个人信息',
  },
  en: {
    title: 'Certificate verification', valid: 'This certificate is valid.', name: 'Name', activity: 'Training', days: 'Dates', hours: 'Credit hours', date: 'Date', sessions: 'Sessions attended',
    unknown: 'There is no such certificate. Check the address.', superseded: 'This certificate was superseded by a newer one (attendance or hours changed) and is no longer valid. Ask its holder for the current one.',
    teacherTitle: 'My training hours', total: '{hours} credit hours this school year', year: 'School year {from} to {to}', certificate: 'Certificate', download: 'Download certificate PDF',
    verify: 'Verify', none: 'No certificate yet', noTraining: 'No teacher training this school year yet.',
    kept: 'A certificate (your name, the training, its dates and hours, for anyone to verify) is kept for {days} days (about {years} years) after it was issued, then deleted; verification then stops.', yourData: 'See or erase my personal data',
  },
} as const satisfies Record<Language, Record<string, string>>;
