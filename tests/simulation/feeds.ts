import type { Response } from 'supertest';
import { answered, type Sim } from './actions.ts';
import { feedScope } from './checks.ts';
import { expectThat } from './failure.ts';
import type { SimFeed } from './world.ts';

/**
 * Teachers' calendar clients polling feeds as the big three revalidate: Google sends both validators,
 * Outlook only If-Modified-Since, Apple only If-None-Match. A conditional GET must answer 304 exactly
 * when the bytes are unchanged; each 200's events must be what the model says the feed's scope sees.
 */
type ClientKind = 'google' | 'outlook' | 'apple';
interface ClientState { etag: string; lastModified: string; bytes: string }
const clients = new Map<string, ClientState>();
/** 200 answers whose bytes equal the client's copy (see poll). */
export let spurious200 = 0;
export const CLIENTS: ClientKind[] = ['google', 'outlook', 'apple'];

function get(s: Sim, feed: SimFeed, headers: Record<string, string>): Promise<Response> {
  return s.w.http().get(`/feeds/${feed.token}.ics`).set(headers).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}
const text = (res: Response) => (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : String(res.text ?? ''));

export async function poll(s: Sim, feed: SimFeed, client: ClientKind): Promise<void> {
  const key = `${feed.key}/${client}`;
  const state = clients.get(key);
  const headers: Record<string, string> = {};
  if (state && client !== 'outlook') headers['If-None-Match'] = state.etag;
  if (state && client !== 'apple') headers['If-Modified-Since'] = state.lastModified;
  const what = `${client} polls feed ${feed.key}${state ? ' conditionally' : ''}`;
  const res = answered(await get(s, feed, headers), what);
  expectThat(res.status === 200 || (res.status === 304 && !!state), 'feeds answer', () => `${what}: ${res.status}`);
  if (res.status === 304) {
    const fresh = answered(await get(s, feed, {}), `${what} (unconditional)`);
    if (text(fresh) !== state!.bytes) {
      expectThat(false, 'a conditional GET answers 304 exactly when the bytes are unchanged', () => `${what}: 304 although the bytes changed (ETag ${state!.etag} → ${fresh.headers.etag}, Last-Modified ${state!.lastModified} → ${fresh.headers['last-modified']})`);
    }
    return;
  }
  const bytes = text(res);
  // A 200 with unchanged bytes is a wasted download, not a wrong calendar: the validators are computed
  // from the data without rendering (README), so a change the feed does not show may move them. Counted.
  if (state && bytes === state.bytes) spurious200++;
  clients.set(key, { etag: String(res.headers.etag), lastModified: String(res.headers['last-modified']), bytes });
  await checkContent(s, feed, bytes, what);
}

function events(ics: string): { uid: string; sequence: number; recurrenceId: boolean; cancelled: boolean }[] {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  return [...unfolded.matchAll(/BEGIN:VEVENT\r?\n([\s\S]*?)END:VEVENT/g)].map(([, body]) => ({
    uid: /^UID:(.*)$/m.exec(body!)?.[1]?.trim() ?? '',
    sequence: Number(/^SEQUENCE:(\d+)/m.exec(body!)?.[1] ?? 0),
    recurrenceId: /^RECURRENCE-ID[:;]/m.test(body!),
    cancelled: /^STATUS:CANCELLED/m.test(body!),
  }));
}

async function checkContent(s: Sim, feed: SimFeed, ics: string, what: string): Promise<void> {
  const list = events(ics);
  const ids = new Set(list.map((e) => Number(/^activity-(\d+)@/.exec(e.uid)?.[1] ?? NaN)));
  const { required, allowed } = feedScope(s, feed);
  const missing = [...required].filter((id) => !ids.has(id));
  const extra = [...ids].filter((id) => !required.has(id) && !allowed.has(id));
  if (missing.length || extra.length) {
    const { rows } = await s.w.t.db.pool.query('SELECT id, status, visibility, starts_at, ends_at, cancelled_at, recurrence_rule FROM activities WHERE id = ANY($1::bigint[])', [[...missing, ...extra]]);
    what += ` [stored: ${JSON.stringify(rows)}] [feed UIDs: ${[...ids].join(',')}]`;
  }
  expectThat(missing.length === 0 && extra.length === 0, "each feed's content equals what its scope may see", () => `${what}: missing ${missing.join(',') || '-'}, not visible to it ${extra.map((id) => `#${id} (${s.m.activities.get(id)?.status ?? '?'} ${s.m.activities.get(id)?.visibility ?? ''})`).join(',') || '-'}`);
  if (ids.size === 0) return;
  const { rows } = await s.w.t.db.pool.query<{ id: string; sequence: number; status: string }>('SELECT id, sequence, status FROM activities WHERE id = ANY($1::bigint[])', [[...ids]]);
  const stored = new Map(rows.map((r) => [Number(r.id), r]));
  for (const e of list) {
    const id = Number(/^activity-(\d+)@/.exec(e.uid)?.[1]);
    const row = stored.get(id)!;
    expectThat(e.sequence === row.sequence, 'feeds carry the SEQUENCE the API holds', () => `${what}: ${e.uid} SEQUENCE ${e.sequence}, stored ${row.sequence}`);
    if (!e.recurrenceId) expectThat(e.cancelled === (row.status === 'cancelled'), 'cancelled activities are marked cancelled', () => `${what}: ${e.uid} status ${row.status}, STATUS:CANCELLED ${e.cancelled}`);
  }
}

/** What the public API lists equals the model's published activities (public, confirmed). */
export async function checkPublicList(s: Sim): Promise<void> {
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const res = answered(await s.w.http().get('/api/v1/activities').query({ status: 'confirmed', limit: 200, ...(cursor ? { cursor } : {}) }), 'public activity list');
    expectThat(res.status === 200, 'public list readable', () => `${res.status}`);
    ids.push(...(res.body.items as { id: number }[]).map((a) => a.id));
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  const expected = [...s.m.activities.values()].filter((a) => a.status === 'confirmed' && a.visibility === 'public').map((a) => a.id).sort((x, y) => x - y);
  ids.sort((x, y) => x - y);
  expectThat(JSON.stringify(ids) === JSON.stringify(expected), 'the public API shows exactly the published activities', () => `listed ${ids.filter((i) => !expected.includes(i))} extra, ${expected.filter((i) => !ids.includes(i))} missing`);
}

export function resetClients(): void {
  clients.clear();
  spurious200 = 0;
}
