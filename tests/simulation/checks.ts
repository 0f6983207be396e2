import { DateTime } from 'luxon';
import { answered } from './actions.ts';
import type { Sim } from './actions.ts';
import { expectThat } from './failure.ts';
import { Model, inQuietHours, MINUTE, type MActivity } from './model.ts';
import { ZONE } from './world.ts';

/** The invariants read back after every step, through the database and the API. */
const iso = (ms: number) => new Date(ms).toISOString();

/** No instant where a pool is over its quantity or an exclusive resource double-held; and the stored holds are the model's. */
export async function checkBookings(s: Sim): Promise<void> {
  const { rows } = await s.w.t.db.pool.query<{ resource_id: string; activity_id: string; start: Date; end: Date; quantity: number }>(
    `SELECT c.resource_id, a.id AS activity_id, o.starts_at - make_interval(mins => c.setup_minutes) AS start,
            o.ends_at + make_interval(mins => c.teardown_minutes) AS "end", c.quantity
       FROM claims c JOIN activities a ON a.id = c.activity_id JOIN occurrences o ON o.activity_id = a.id
      WHERE a.status IN ('requested', 'confirmed') AND o.status = 'scheduled' AND c.approval <> 'declined'`);
  const stored = new Map<number, { start: number; end: number; quantity: number; activityId: number }[]>();
  for (const r of rows) {
    const list = stored.get(Number(r.resource_id)) ?? [];
    list.push({ start: r.start.getTime(), end: r.end.getTime(), quantity: r.quantity, activityId: Number(r.activity_id) });
    stored.set(Number(r.resource_id), list);
  }
  const key = (p: { start: number; end: number; quantity: number; activityId: number }) => `#${p.activityId} ${iso(p.start)}–${iso(p.end)} ×${p.quantity}`;
  for (const resource of s.m.resources.values()) {
    const periods = stored.get(resource.id) ?? [];
    const cap = resource.exclusive ? 1 : resource.quantity;
    for (const p of periods) {
      const peak = Model.peak(periods, p.start, p.end);
      expectThat(peak <= cap, 'no pool over its quantity, no exclusive resource double-held', () => `resource ${resource.id} (quantity ${cap}) holds ${peak} during ${key(p)}: ${periods.filter((q) => q.start < p.end && q.end > p.start).map(key).join('; ')}`);
    }
    const got = periods.map(key).sort();
    const expected = s.m.busy(resource.id).map(key).sort();
    expectThat(JSON.stringify(got) === JSON.stringify(expected), 'stored holds are what the rules say (holds lapse and free their resources)',
      () => `resource ${resource.id}: stored ${got.filter((g) => !expected.includes(g)).join('; ') || '-'} / missing ${expected.filter((e) => !got.includes(e)).join('; ') || '-'}`);
  }
}

/** The same through the API: one resource's schedule around now never shows more in use than it has. */
export async function checkSchedule(s: Sim): Promise<void> {
  const r = s.rng.pick([...s.m.resources.values()]);
  const from = DateTime.fromMillis(s.now(), { zone: ZONE }).startOf('day');
  const res = answered(await s.w.http().get(`/api/v1/resources/${r.id}/schedule`).query({ from: from.toISO(), to: from.plus({ days: 42 }).toISO() }).set(s.w.admin), 'schedule');
  expectThat(res.status === 200, 'schedule readable', () => `${res.status} ${JSON.stringify(res.body)}`);
  for (const p of res.body.periods as { startsAt: string; endsAt: string; inUse: number }[]) {
    expectThat(p.inUse <= r.quantity, 'no pool over its quantity (API)', () => `resource ${r.id}: ${JSON.stringify(p)}`);
  }
}

/** Activity status, occurrences, registrations (status, reminders) and pending reminders equal the model's. */
export async function checkState(s: Sim): Promise<void> {
  const pool = s.w.t.db.pool;
  const acts = await pool.query<{ id: string; status: string; hold: Date | null }>('SELECT id, status, hold_expires_at AS hold FROM activities');
  for (const row of acts.rows) {
    const a = s.m.activities.get(Number(row.id));
    expectThat(!!a && a.status === row.status, 'activity status as the rules say (holds lapse at expiry)', () => `#${row.id} is ${row.status}, model ${a?.status} (hold ${row.hold?.toISOString()}, model ${a?.holdExpiresAt ? iso(a.holdExpiresAt) : '-'})`);
  }
  const occ = await pool.query<{ id: string; activity_id: string; starts_at: Date; ends_at: Date; status: string }>('SELECT id, activity_id, starts_at, ends_at, status FROM occurrences ORDER BY activity_id, id');
  const byActivity = new Map<number, string[]>();
  for (const o of occ.rows) byActivity.set(Number(o.activity_id), [...(byActivity.get(Number(o.activity_id)) ?? []), `${o.id} ${o.starts_at.toISOString()} ${o.ends_at.toISOString()} ${o.status}`]);
  for (const a of s.m.activities.values()) {
    const expected = a.occurrences.map((o) => `${o.id} ${iso(o.start)} ${iso(o.end)} ${o.status}`).sort();
    const got = (byActivity.get(a.id) ?? []).sort();
    expectThat(JSON.stringify(got) === JSON.stringify(expected), 'occurrences as the model holds them', () => `#${a.id}: stored ${got.join(', ')}; model ${expected.join(', ')}`);
  }
  const regs = await pool.query<{ id: string; activity_id: string; status: string; reminders_enabled: boolean }>('SELECT id, activity_id, status, reminders_enabled FROM registrations');
  const modelRegs = new Map([...s.m.activities.values()].flatMap((a) => a.regs.map((r) => [r.id, { a, r }] as const)));
  expectThat(regs.rows.length === modelRegs.size, 'registrations as the model holds them', () => `stored ${regs.rows.length}, model ${modelRegs.size}`);
  for (const row of regs.rows) {
    const m = modelRegs.get(Number(row.id));
    expectThat(!!m && m.r.status === row.status && m.r.reminders === row.reminders_enabled, 'capacity respected and promotions in waitlist order',
      () => `registration ${row.id} of #${row.activity_id} is ${row.status} (reminders ${row.reminders_enabled}), model ${m?.r.status} (${m?.r.reminders}); model regs: ${m ? m.a.regs.map((r) => `${r.id}:${r.status}`).join(' ') : '-'}`);
  }
  for (const a of s.m.activities.values()) {
    expectThat(a.status === 'cancelled' || Model.confirmed(a).length <= a.capacity, 'capacity respected', () => `#${a.id}: ${Model.confirmed(a).length} confirmed > ${a.capacity}`);
  }
  const pending = await pool.query<{ dedupe_key: string; available_at: Date }>(`SELECT dedupe_key, available_at FROM deliveries WHERE kind = 'reminder' AND status = 'pending'`);
  const got = pending.rows.map((r) => `${r.dedupe_key.replaceAll(':', '.')} ${r.available_at.toISOString()}`).sort();
  const expected = [...s.m.planned.values()].map((p) => `${p.key} ${iso(p.due)}`).sort();
  expectThat(JSON.stringify(got) === JSON.stringify(expected), 'reminders planned as the rules say (quiet hours, moved, cancelled)',
    () => `unexpected ${got.filter((g) => !expected.includes(g)).join(', ') || '-'}; missing ${expected.filter((e) => !got.includes(e)).join(', ') || '-'}`);
}

const header = (text: string, name: string): string[] =>
  text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`)).map((l) => l.slice(l.indexOf(':') + 1));

/** Every reminder due by the clock arrives exactly once, outside quiet hours, only for what is still on, with the current time in the body. */
export function checkMail(s: Sim, seen: { index: number; sequences: Map<string, number>; ids: Set<string> }): void {
  const now = s.now();
  const fresh = s.w.smtp.messages.slice(seen.index);
  seen.index = s.w.smtp.messages.length;
  for (const mail of fresh) {
    const id = mail.parsed.messageId ?? '';
    expectThat(!seen.ids.has(id), 'every email arrives exactly once', () => `${id} arrived again at ${iso(now)}`);
    seen.ids.add(id);
    const ics = mail.parsed.attachments.find((x) => x.contentType.startsWith('text/calendar') || x.contentType === 'application/ics');
    if (ics) {
      const text = ics.content.toString('utf8');
      const uid = header(text, 'UID')[0] ?? '';
      const sequence = Math.max(...header(text, 'SEQUENCE').map(Number));
      const k = `${mail.to[0]} ${uid}`;
      const before = seen.sequences.get(k);
      expectThat(before === undefined || sequence > before, "every invitation's SEQUENCE is above the previous one for that participant and UID", () => `${k}: ${sequence} after ${before} (${id}, ${mail.parsed.subject})`);
      seen.sequences.set(k, sequence);
    }
    const match = /^<(reminder\.\d+\.\d+\.\w+)@/.exec(id);
    if (!match) continue;
    const key = match[1]!;
    const plan = s.m.planned.get(key);
    expectThat(!!plan && plan.due <= now, 'reminders only when due, for what is still on', () => `${key} arrived at ${iso(now)}; planned ${plan ? iso(plan.due) : 'not at all'}${s.m.usedReminders.has(key) ? ' (already sent)' : ''}`);
    const a = s.m.activities.get(plan!.activityId)!;
    const o = a.occurrences.find((x) => x.id === plan!.occurrenceId)!;
    const r = a.regs.find((x) => x.id === plan!.registrationId)!;
    expectThat(a.status === 'confirmed' && o.status === 'scheduled' && o.start > now && r.status === 'confirmed' && r.reminders, 'no reminder for cancelled or moved-away occurrences', () => `${key}: activity ${a.status}, occurrence ${o.status} ${iso(o.start)}, registration ${r.status}`);
    expectThat(!inQuietHours(now, r.zone), 'reminders never in quiet hours', () => `${key} sent at ${DateTime.fromMillis(now, { zone: r.zone }).toISO()}`);
    const local = DateTime.fromMillis(o.start, { zone: ZONE });
    const times = `${local.toFormat('HH:mm')}–${DateTime.fromMillis(o.end, { zone: ZONE }).toFormat('HH:mm')}`;
    const day = r.language === 'zh-CN' ? local.toFormat('yyyy年M月d日') : local.setLocale('en').toFormat('d LLLL yyyy');
    const body = mail.parsed.text ?? '';
    expectThat(body.includes(times) && body.includes(day), 'a reminder shows the current time', () => `${key}: body lacks "${day} … ${times}": ${body.slice(0, 400)}`);
    s.m.planned.delete(key);
    s.m.usedReminders.add(key);
  }
  for (const p of s.m.planned.values()) {
    expectThat(p.due > now, 'every reminder due by the clock arrives', () => `${p.key} for ${p.email} was due ${iso(p.due)}, not received by ${iso(now)}`);
  }
}

/** Holds lapse at their expiry: the sweep at `now` releases exactly the requested activities whose hold ended. */
export function applyHoldSweep(s: Sim, released: number[]): void {
  const expected = [...s.m.activities.values()].filter((a) => a.status === 'requested' && a.holdExpiresAt !== null && a.holdExpiresAt <= s.now()).map((a) => a.id).sort((x, y) => x - y);
  const got = [...released].sort((x, y) => x - y);
  expectThat(JSON.stringify(got) === JSON.stringify(expected), 'holds lapse at their expiry', () => `at ${iso(s.now())} released ${got}, expected ${expected}`);
  for (const id of expected) {
    const a = s.m.activities.get(id)!;
    a.status = 'draft';
    a.holdExpiresAt = null;
    s.m.replan(a, s.now());
  }
}

export function nextHoldExpiry(s: Sim, after: number, until: number): number | null {
  let next: number | null = null;
  for (const a of s.m.activities.values()) {
    if (a.status === 'requested' && a.holdExpiresAt !== null && a.holdExpiresAt > after && a.holdExpiresAt <= until && (next === null || a.holdExpiresAt < next)) next = a.holdExpiresAt;
  }
  return next;
}

/** What the model says a feed shows: `required` must be in it, `allowed` may be (window edges, recently cancelled). */
export function feedScope(s: Sim, feed: { type: string; unitId?: number; resourceId?: number; filterUnitId?: number }): { required: Set<number>; allowed: Set<number> } {
  const now = s.now();
  const required = new Set<number>();
  const allowed = new Set<number>();
  const inScope = (a: MActivity) => {
    switch (feed.type) {
      case 'programme': return a.visibility === 'public' && (feed.filterUnitId === undefined || a.unitId === feed.filterUnitId) && (a.status === 'confirmed' || (a.status === 'cancelled' && a.everConfirmed));
      case 'unit': return a.unitId === feed.unitId && ['requested', 'confirmed', 'cancelled'].includes(a.status);
      case 'resource': return a.claims.some((c) => c.resourceId === feed.resourceId) && ['requested', 'confirmed', 'cancelled'].includes(a.status);
      default: return false;
    }
  };
  for (const a of s.m.activities.values()) {
    if (!inScope(a)) continue;
    const lastEnd = Math.max(...a.occurrences.map((o) => o.end));
    const days = (now - lastEnd) / (1440 * MINUTE);
    if (days > 32) continue;
    if (a.status === 'cancelled') {
      const since = (now - a.cancelledAt!) / (1440 * MINUTE);
      // A cancelled request that was never confirmed may leave a unit's or resource's feed at once.
      if (since < 13 && days < 29 && a.everConfirmed) required.add(a.id);
      else if (since < 16) allowed.add(a.id);
      continue;
    }
    if (days < 29) required.add(a.id);
    else allowed.add(a.id);
  }
  return { required, allowed };
}
