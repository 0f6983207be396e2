import type { ReportSection, ReportTable } from './reports.schema.ts';

/**
 * PURE: the tables of each report section with their bilingual titles and columns. The rows come
 * from the queries; a column listed here and missing from a row is shown empty (never "null").
 *
 * A reader sees names, never ids: the ids a row carries (`ids`) stay in the JSON rows for the API's
 * callers but are no column, so no page, CSV, workbook or PDF shows them. A name stored in both
 * languages is two columns, each marked with its language (`lang`): a reader sees only the one of
 * their language (`columnsFor`), under one heading ("单位" / "Unit").
 */
type Lang = 'zh-CN' | 'en';
type Col = [key: string, zh: string, en: string, lang?: Lang];
type Def = { name: string; zh: string; en: string; cols: Col[]; ids?: string[] };

/** A name in both languages: `<stem>Zh` shown to Chinese readers, `<stem>En` to English ones. */
const named = (stem: string, zh: string, en: string): Col[] => [[`${stem}Zh`, zh, en, 'zh-CN'], [`${stem}En`, zh, en, 'en']];
const unit = named('unit', '单位', 'Unit');
const kind: Col = ['kind', '类型', 'Kind'];
const title = named('title', '活动', 'Activity');

export const TABLES: Record<ReportSection, Def[]> = {
  delivery: [
    { name: 'held', zh: '已举办的活动（按月、单位、类型）', en: 'Activities held by month, unit and kind', ids: ['unitId'], cols: [['month', '月份', 'Month'], ...unit, kind, ['activities', '活动数', 'Activities'], ['held', '已举办场次', 'Occurrences held'], ['hours', '小时', 'Hours']] },
    { name: 'cancelled', zh: '取消的场次及原因', en: 'Cancelled occurrences and why', ids: ['unitId', 'activityId'], cols: [['month', '月份', 'Month'], ...unit, kind, ...title, ['reason', '原因', 'Reason'], ['occurrences', '场次', 'Occurrences']] },
  ],
  reach: [
    { name: 'totals', zh: '覆盖人数合计', en: 'Reach totals', cols: [['registrations', '报名', 'Registrations'], ['participants', '不同参与者', 'Unique participants'], ['visits', '人次', 'Visits'], ['teachersTrained', '参训教师', 'Teachers trained'], ['trainingHours', '培训小时', 'Training hours'], ['teacherHours', '教师培训人时', 'Teacher-hours'], ['attended', '实到', 'Attended'], ['noShows', '缺席', 'No-shows']] },
    { name: 'participants', zh: '按类型、身份、年级的覆盖', en: 'Reach by kind, role and grade', cols: [kind, ['role', '身份', 'Role'], ['grade', '年级', 'Grade'], ['registrations', '报名', 'Registrations'], ['participants', '不同参与者', 'Unique participants'], ['visits', '人次', 'Visits'], ['attended', '实到', 'Attended'], ['noShows', '缺席', 'No-shows']] },
    { name: 'classes', zh: '按班级的覆盖', en: 'Reach by class', ids: ['classId'], cols: [...named('name', '班级', 'Class'), ['grade', '年级', 'Grade'], ['size', '人数', 'Size'], ['activities', '活动数', 'Activities'], ['held', '场次', 'Occurrences held'], ['studentVisits', '学生人次', 'Student visits']] },
  ],
  demand: [
    { name: 'activities', zh: '报名需求与候补', en: 'Demand and waitlists', ids: ['unitId', 'activityId'], cols: [kind, ...unit, ...title, ['activities', '活动数', 'Activities'], ['capacity', '名额', 'Capacity'], ['confirmed', '已确认', 'Confirmed'], ['waitlisted', '候补', 'Waitlisted'], ['unmet', '未满足', 'Unmet demand']] },
    { name: 'kinds', zh: '按类型的需求', en: 'Demand by kind', cols: [kind, ['activities', '活动数', 'Activities'], ['capacity', '名额', 'Capacity'], ['confirmed', '已确认', 'Confirmed'], ['waitlisted', '候补', 'Waitlisted'], ['unmet', '未满足', 'Unmet demand']] },
  ],
  utilisation: [
    { name: 'resources', zh: '场地与器材使用率', en: 'Venue and pool utilisation', ids: ['resourceId', 'unitId'], cols: [...named('name', '名称', 'Name'), kind, ...unit, ['quantity', '数量', 'Quantity'], ['openHours', '开放小时', 'Open hours'], ['capacityHours', '可用数量·小时', 'Capacity (quantity-hours)'], ['bookedHours', '已预订数量·小时', 'Booked (quantity-hours)'], ['utilisation', '使用率 %', 'Utilisation %'], ['peak', '峰值', 'Peak in use'], ['peakAt', '峰值时间', 'Peak at'], ['idle', '闲置', 'Idle'], ['itemsOut', '借出件数', 'Items out now'], ['itemsOverdue', '逾期件数', 'Items overdue now'], ['loanDays', '借出件·天', 'Loan item-days'], ['outOfService', '停用件数', 'Items out of service']] },
  ],
  commitments: [
    { name: 'commitments', zh: '承诺与完成', en: 'Committed vs delivered', ids: ['commitmentId', 'unitId'], cols: [...named('title', '承诺', 'Commitment'), ...named('term', '学期', 'Term'), kind, ...unit, ['committed', '承诺场次', 'Committed'], ['planned', '已排', 'Planned'], ['delivered', '已完成', 'Delivered']] },
  ],
  email: [
    { name: 'deliveries', zh: '邮件投递', en: 'Email deliveries', cols: [['kind', '类型', 'Kind'], ['sent', '已发送', 'Sent'], ['failed', '失败', 'Failed'], ['pending', '待发送', 'Pending'], ['skipped', '跳过', 'Skipped'], ['cancelled', '已取消', 'Cancelled'], ['bounced', '退信', 'Bounced'], ['unsubscribed', '退订', 'Unsubscribed']] },
  ],
};

export type Cell = string | number | boolean | null;

export function table(section: ReportSection, name: string, rows: Record<string, Cell>[]): ReportTable {
  const def = TABLES[section].find((t) => t.name === name)!;
  const columns = def.cols.map(([key, zh, en, lang]) => ({ key, 'zh-CN': zh, en, ...(lang ? { lang } : {}) }));
  const keys = [...(def.ids ?? []), ...columns.map((c) => c.key)];
  return { name, title: { 'zh-CN': def.zh, en: def.en }, columns, rows: rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null]))) };
}

/** The columns a reader of `language` sees: those without a language and those of theirs. */
export function columnsFor(t: ReportTable, language: Lang): ReportTable['columns'] {
  return t.columns.filter((c) => c.lang === undefined || c.lang === language);
}

/** Utilisation % and idle flag from booked and capacity hours. */
export function withUtilisation(rows: Record<string, Cell>[]): Record<string, Cell>[] {
  return rows.map((r) => {
    const capacity = Number(r.capacityHours), booked = Number(r.bookedHours);
    return { ...r, utilisation: capacity > 0 ? Math.round((booked / capacity) * 1000) / 10 : null, idle: booked === 0 };
  });
}
