import { DateTime } from 'luxon';

/**
 * Group messages in Chinese (PURE): an event's payload in, a title and markdown lines out, and the
 * lines packed into parts that each fit the platform's size limit. A message too long even for
 * MAX_PARTS parts is summarised: its last part says how many lines were left out.
 */
export interface GroupMessage {
  title: string;
  lines: string[];
}

const STATUS: Record<string, string> = { draft: '草稿', requested: '待审批', confirmed: '已确认', cancelled: '已取消', completed: '已结束' };

function when(startsAt: unknown, endsAt: unknown, zone: unknown): string {
  const z = typeof zone === 'string' ? zone : 'Asia/Shanghai';
  const s = DateTime.fromISO(String(startsAt), { zone: z });
  const e = DateTime.fromISO(String(endsAt), { zone: z });
  if (!s.isValid) return '';
  const day = s.toFormat('yyyy年M月d日 HH:mm');
  return e.isValid ? `${day}–${e.hasSame(s, 'day') ? e.toFormat('HH:mm') : e.toFormat('M月d日 HH:mm')}` : day;
}

const clean = (v: unknown): string => String(v ?? '').replace(/[\r\n]+/g, ' ').replace(/[<>]/g, '').trim();

interface Occ { startsAt?: string; endsAt?: string; status?: string }

export function groupMessage(type: string, data: Record<string, unknown>): GroupMessage {
  const title = clean(data.titleZh);
  const zone = data.timeZone;
  const base = [`> 时间：${when(data.startsAt, data.endsAt, zone)}`, ...(data.venueZh ? [`> 地点：${clean(data.venueZh)}`] : [])];
  switch (type) {
    case 'activity.created':
      return { title: `新活动：${title}`, lines: [`**新活动：${title}**`, ...base, `> 状态：${STATUS[String(data.status)] ?? '—'}`] };
    case 'activity.cancelled':
      return { title: `活动取消：${title}`, lines: [`**活动取消：${title}**`, ...base, '> 本活动已取消，请留意后续安排。'] };
    case 'activity.changed': {
      const occurrences = Array.isArray(data.occurrences) ? (data.occurrences as Occ[]) : [];
      const changed = occurrences.map((o) => `- ${when(o.startsAt, o.endsAt, zone)}${o.status === 'cancelled' ? '（已取消）' : ''}`);
      return { title: `活动变更：${title}`, lines: [`**活动变更：${title}**`, ...base, `> 状态：${STATUS[String(data.status)] ?? '—'}`, ...(changed.length ? ['变更的场次：', ...changed] : [])] };
    }
    case 'approval.requested':
      return { title: `待审批：${title}`, lines: [`**待审批：${title}**`, ...base, '> 请在工作台的审批页处理。'] };
    case 'approval.decided':
      return { title: '审批结果', lines: [`**审批结果：${data.decision === 'approved' ? '已批准' : '已拒绝'}**`, ...(data.reason ? [`> 说明：${clean(data.reason)}`] : [])] };
    case 'loan.overdue': {
      const labels = Array.isArray(data.labels) ? (data.labels as unknown[]).map((l) => `- ${clean(l)}`) : [];
      const due = DateTime.fromISO(String(data.dueBack), { zone: 'Asia/Shanghai' });
      return { title: `借用逾期：${clean(data.poolZh)}`, lines: [`**借用逾期：${clean(data.poolZh)}**`, `> 应还：${due.isValid ? due.toFormat('yyyy年M月d日 HH:mm') : ''}，已逾期 ${Number(data.daysOverdue) || 0} 天`, '未归还：', ...labels] };
    }
    case 'visits.today': {
      const visits = Array.isArray(data.visits) ? (data.visits as Record<string, unknown>[]) : [];
      return { title: '今日外出活动', lines: ['**今日外出活动**', ...visits.map((v) => `- ${when(v.startsAt, v.endsAt, zone)} ${clean(v.titleZh)}`)] };
    }
    default:
      return { title: '通知', lines: ['**通知**'] };
  }
}

/** How many parts a message may take; beyond, it is summarised (a robot's group is not a log). */
export const MAX_PARTS = 3;

/** Packs lines into parts of at most `maxBytes` UTF-8 bytes each (a too-long line is cut), at most MAX_PARTS. */
export function packParts(message: GroupMessage, maxBytes: number): string[] {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const cut = (line: string) => {
    let s = line;
    while (bytes(s) > maxBytes - 16) s = s.slice(0, Math.floor(s.length * 0.9));
    return s === line ? s : `${s}…`;
  };
  const parts: string[] = [];
  let current = '';
  const lines = message.lines.map(cut);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = current ? `${current}\n${line}` : line;
    if (bytes(next) <= maxBytes) {
      current = next;
      continue;
    }
    parts.push(current);
    if (parts.length === MAX_PARTS) {
      const left = lines.length - i;
      const note = `\n……（其余 ${left} 行略，详见工作台）`;
      let last = parts.pop()!;
      while (bytes(last + note) > maxBytes) last = last.slice(0, last.lastIndexOf('\n') > 0 ? last.lastIndexOf('\n') : last.length - 10);
      parts.push(last + note);
      return parts;
    }
    current = `（续）${message.title}\n${line}`;
  }
  if (current) parts.push(current);
  return parts;
}
