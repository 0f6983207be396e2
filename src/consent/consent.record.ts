/**
 * What a guardian's consent is a consent to (issue 30 item 2, docs/privacy.md), PURE: the purpose,
 * what is collected, how long it is kept and who answers for it (the organizing unit's named
 * contact, `units.privacy_contact`), stated on the consent page, with the text's version and the
 * time. Each consent stores the version it was asked and answered under (`consents.text_version`);
 * a change to these words takes a new version, so answers given from then on name it, while
 * existing consents keep theirs.
 */
export const CONSENT_TEXT_VERSION = '2026-12';

export interface ConsentRecordProps {
  textVersion: string;
  retentionDays: number;
  unit: { 'zh-CN': string; en: string };
  privacyContact: string | null;
  requestedAt: string;
  answeredAt: string | null;
  /** requestedAt/answeredAt formatted by the caller in the activity's zone. */
  format: (iso: string) => string;
}

const words = {
  'zh-CN': {
    heading: '个人信息说明', purpose: '用途', purposeText: '仅用于本次活动：报名、联系监护人、当天签到和安全管理。',
    collected: '收集的信息', collectedText: '学生姓名、年级、班级、学生邮箱（如有）、监护人邮箱、同意答复、出勤记录。',
    retention: '保存期限', retentionText: '活动结束后 {days} 天内删除（匿名化）；统计数字不含个人信息。',
    responsible: '负责人', noContact: '（该单位尚未指定，请联系活动联系人）', version: '同意书版本', requested: '发出时间', answered: '答复时间',
  },
  en: {
    heading: 'About the personal data', purpose: 'Purpose', purposeText: 'This activity only: registering, contacting the guardian, checking in on the day and keeping pupils safe.',
    collected: 'What is collected', collectedText: "The pupil's name, grade, class, the pupil's email (if given), the guardian's email, this answer and attendance.",
    retention: 'How long it is kept', retentionText: 'Erased (anonymised) {days} days after the activity ends; the figures kept contain no personal data.',
    responsible: 'Responsible', noContact: '(not named yet by the unit: ask the activity contact)', version: 'Consent text version', requested: 'Asked', answered: 'Answered',
  },
} as const;

export function consentRecordFacts(p: ConsentRecordProps, language: 'zh-CN' | 'en'): { heading: string; facts: [string, string][] } {
  const w = words[language];
  return {
    heading: w.heading,
    facts: [
      [w.purpose, w.purposeText],
      [w.collected, w.collectedText],
      [w.retention, w.retentionText.replace('{days}', String(p.retentionDays))],
      [w.responsible, `${p.unit[language]} ${p.privacyContact ?? w.noContact}`],
      [w.version, p.textVersion],
      [w.requested, p.format(p.requestedAt)],
      ...(p.answeredAt ? [[w.answered, p.format(p.answeredAt)] as [string, string]] : []),
    ],
  };
}
