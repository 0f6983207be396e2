import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { activityViewer, signedIn } from '../shared/policy.ts';
import { cancelled, classReach, heldByMonth, reach } from './delivery.queries.ts';
import { demand, DEMAND_LIMIT } from './demand.queries.ts';
import { termBounds, type ReportParams } from './reports.filter.queries.ts';
import { resolvePeriod } from './reports.period.ts';
import { REPORT_SECTIONS, type ReportQuery, type ReportResponse, type ReportSection } from './reports.schema.ts';
import { table, withUtilisation } from './reports.tables.ts';
import { commitments, email, utilisation } from './utilisation.queries.ts';

/**
 * Programme reports for any signed-in user. Counts cover every unit; an activity the viewer may not
 * see (shared/policy.ts) is never named: its rows have no id or title. No participant's name or
 * email leaves the database (counts only).
 */
const NOTES: Partial<Record<ReportSection, { 'zh-CN': string; en: string }[]>> = {
  reach: [{ 'zh-CN': '“实到”与“缺席”按签到记录计算；所选范围内没有任何签到记录时为空。', en: 'Attended and no-shows come from attendance marks; they are empty when the selection has no marks at all.' }],
  email: [{ 'zh-CN': '发件箱只记录发送失败，不记录退信，“退信”为空；“退订”见提醒一行。', en: 'The outbox records failures, not bounces, so bounced is empty; unsubscribes are on the reminder row.' }],
  demand: [{ 'zh-CN': `按活动最多列出候补最多的 ${DEMAND_LIMIT} 项；按类型的合计包括全部活动。`, en: `Per activity: at most the ${DEMAND_LIMIT} most waitlisted; the totals per kind cover every activity.` }],
  utilisation: [{ 'zh-CN': '开放时间取自开放时段，减去节假日、考试周、闭馆与维护。', en: 'Open hours come from opening hours minus holidays, exam weeks, closures and maintenance.' }],
};

export function reportsService(pool: Pool, clock: Clock, defaultZone: string) {
  async function params(actor: Actor, q: ReportQuery) {
    signedIn(actor);
    const zone = q.zone ?? defaultZone;
    const term = q.period === 'term' && q.term !== undefined ? await termBounds(pool, q.term) : null;
    const period = resolvePeriod(q, zone, term, clock.now());
    const viewer = activityViewer(actor);
    const p: ReportParams = {
      from: period.from.toJSDate(), to: period.to.toJSDate(), zone, unitId: q.unitId ?? null, kind: q.kind ?? null,
      grade: q.grade ?? null, classId: q.classId ?? null, viewerAll: viewer.all, viewerUnitId: viewer.unitId, now: clock.now().toJSDate(),
    };
    return { p, period };
  }

  // A section's statements are independent: they run side by side on the pool.
  async function tables(section: ReportSection, p: ReportParams): Promise<ReportResponse['tables']> {
    switch (section) {
      case 'delivery': {
        const [held, off] = await Promise.all([heldByMonth(pool, p), cancelled(pool, p)]);
        return [table(section, 'held', held), table(section, 'cancelled', off)];
      }
      case 'reach': {
        const [{ totals, participants }, classes] = await Promise.all([reach(pool, p), classReach(pool, p)]);
        return [table(section, 'totals', [totals]), table(section, 'participants', participants), table(section, 'classes', classes)];
      }
      case 'demand': {
        const { activities, kinds } = await demand(pool, p);
        return [table(section, 'activities', activities), table(section, 'kinds', kinds)];
      }
      case 'utilisation': return [table(section, 'resources', withUtilisation(await utilisation(pool, p)))];
      case 'commitments': return [table(section, 'commitments', await commitments(pool, p))];
      case 'email': return [table(section, 'deliveries', await email(pool, p))];
    }
  }

  async function report(actor: Actor, section: ReportSection, q: ReportQuery): Promise<ReportResponse> {
    const { p, period } = await params(actor, q);
    return {
      section,
      period: { from: period.from.toISO()!, to: period.to.toISO()!, zone: period.zone, label: period.label },
      notes: NOTES[section] ?? [],
      tables: await tables(section, p),
    };
  }

  return {
    report,
    /** Every section, one after another (the XLSX workbook and the annual PDF). */
    async all(actor: Actor, q: ReportQuery): Promise<ReportResponse[]> {
      const out: ReportResponse[] = [];
      for (const section of REPORT_SECTIONS) out.push(await report(actor, section, q));
      return out;
    },
  };
}
export type ReportsService = ReturnType<typeof reportsService>;
