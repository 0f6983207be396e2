import type { ReportSection } from './reports.schema.ts';

/**
 * PURE: the words for the codes a report row carries (activity, resource and email kinds, roles,
 * cancellation reasons, the idle flag), for the exports: a CSV, workbook or PDF is handed on to
 * people, so it says "实践参观", not "field_visit". The page words the same codes from its
 * dictionaries (public/js/i18n.js, organizer-strings.js, reports.js); these are the same words. Email kinds
 * are the exception: their words are their feature's (EmailFamily.words), here and on the page alike.
 * A code without words here is printed as it is (a new kind shows up rather than vanishing).
 */
type Lang = 'zh-CN' | 'en';
type Words = Record<string, [zh: string, en: string]>;

const ACTIVITY_KINDS: Words = {
  exhibition: ['展览进校园', 'Exhibition at school'], teacher_training: ['教师培训', 'Teacher training'], summer_camp: ['夏令营', 'Summer camp'],
  field_visit: ['实践参观', 'Field visit'], research_study: ['研学', 'Research study'], club_session: ['社团活动', 'Club session'],
  talent_training: ['科技人才培养', 'Talent training'], science_show: ['科普演出', 'Science show'],
};
const RESOURCE_KINDS: Words = { venue: ['场地', 'Venue'], staff: ['人员', 'Staff'], equipment: ['设备', 'Equipment'] };
/**
 * Each email kind's name, as the feature that sends it registered it (notifications/kinds.ts
 * EmailFamily.words, handed in by the composition root through reports.mount.ts): no list here.
 */
export type EmailKindWords = Readonly<Record<string, { 'zh-CN': string; en: string }>>;
const ROLES: Words = { student: ['学生', 'Student'], teacher: ['教师', 'Teacher'], guardian: ['家长', 'Guardian'], staff: ['工作人员', 'Staff'] };
const REASONS: Words = { occurrence_cancelled: ['单场取消', 'Occurrence cancelled'], activity_cancelled: ['整个活动取消', 'Whole activity cancelled'] };

function wordsOf(section: ReportSection, key: string, emailKinds: EmailKindWords): Words | null {
  if (key === 'kind' && section === 'email') return Object.fromEntries(Object.entries(emailKinds).map(([k, w]) => [k, [w['zh-CN'], w.en]]));
  if (key === 'kind') return section === 'utilisation' ? RESOURCE_KINDS : ACTIVITY_KINDS;
  if (key === 'role') return ROLES;
  if (key === 'reason') return REASONS;
  return null;
}

/** A cell as a reader of `lang` reads it: codes worded, the idle flag as 是 / Yes (empty when false). */
export function wordCell(section: ReportSection, key: string, value: unknown, lang: Lang, emailKinds: EmailKindWords = {}): unknown {
  if (typeof value === 'boolean') return value ? (lang === 'en' ? 'Yes' : '是') : '';
  const words = typeof value === 'string' ? wordsOf(section, key, emailKinds)?.[value] : undefined;
  return words ? words[lang === 'en' ? 1 : 0] : value;
}
