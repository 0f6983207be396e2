import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { found, ValidationError } from '../shared/errors.ts';
import { requireUnitRead, requireUnitWrite } from '../shared/policy.ts';
import type { FetchPolicy } from '../shared/ssrf.ts';
import { audited } from '../audit/audited.ts';
import * as endpoints from '../webhooks/endpoints.queries.ts';
import { allowedUrl, requireEndpoint } from '../webhooks/webhooks.service.ts';
import { selectClassUnit } from '../webhooks/endpoints.queries.ts';
import { PLATFORMS, TOPIC_EVENTS, TOPICS, type Channel, type ChannelCreate, type ChannelListQuery, type ChannelPatch, type Topic } from './channels.schema.ts';

/** Each platform's documented rate: WeCom and DingTalk 20 messages a minute per robot, Feishu 100. */
const PER_MINUTE: Record<string, number> = { wecom: 20, dingtalk: 20, feishu: 100 };

/** The platform's own address shape (the host is the platform's; an intranet relay may stand in for it). */
function urlFits(platform: string, url: string): string | null {
  const u = new URL(url);
  if (platform === 'wecom') return u.pathname.endsWith('/cgi-bin/webhook/send') && u.searchParams.get('key') ? null : 'a WeCom robot address ends in /cgi-bin/webhook/send?key=…';
  if (platform === 'dingtalk') return u.pathname.endsWith('/robot/send') && u.searchParams.get('access_token') ? null : 'a DingTalk robot address ends in /robot/send?access_token=…';
  return /\/open-apis\/bot\/v2\/hook\/[A-Za-z0-9-]+$/.test(u.pathname) ? null : 'a Feishu robot address ends in /open-apis/bot/v2/hook/…';
}

const topicsOf = (eventTypes: string[]): Topic[] => TOPICS.filter((t) => TOPIC_EVENTS[t].every((e) => eventTypes.includes(e)));
const eventsOf = (topics: readonly Topic[]) => [...new Set(topics.flatMap((t) => TOPIC_EVENTS[t]))];

export const presentChannel = (e: endpoints.EndpointRow): Channel => ({
  id: e.id, platform: e.kind as Channel['platform'], unitId: e.unitId, classId: e.classId, name: e.description, topics: topicsOf(e.eventTypes),
  signed: e.hasSecret, enabled: e.enabled, disabledReason: e.disabledReason, failing: e.failing, perMinute: e.perMinute, createdAt: e.createdAt, updatedAt: e.updatedAt,
});

/**
 * Group-robot channels (docs/webhooks.md#group-robots): a unit or a class adds its WeCom, DingTalk or
 * Feishu group robot and chooses topics; messages go through the webhook outbox (src/webhooks/) in
 * Chinese, within each platform's size and rate limits (src/channels/platforms.ts).
 */
export function channelsService(pool: Pool, clock: Clock, policy: FetchPolicy) {
  const now = () => clock.now().toUTC().toISO()!;
  const checkUrl = async (platform: string, url: string) => {
    const misfit = urlFits(platform, url);
    if (misfit) throw new ValidationError('Not a robot address of this platform', [{ path: 'body.url', message: misfit }]);
    await allowedUrl(url, policy);
  };
  const ownerUnit = async (body: { unitId?: number | undefined; classId?: number | undefined }) => {
    if (body.unitId !== undefined) return body.unitId;
    const unit = await selectClassUnit(pool, body.classId!);
    if (unit === undefined) throw new ValidationError('Unknown class', [{ path: 'body.classId', message: `class ${body.classId} does not exist` }]);
    return unit;
  };
  const channel = async (db: Pool | Parameters<typeof requireEndpoint>[0], actor: Actor, id: number, write: boolean) => {
    const e = await requireEndpoint(db, actor, id, write);
    if (!(PLATFORMS as readonly string[]).includes(e.kind)) throw found(undefined, 'channel', id);
    return e;
  };
  return {
    async list(actor: Actor, query: ChannelListQuery) {
      requireUnitRead(actor, await ownerUnit(query));
      return (await endpoints.selectEndpoints(pool, { kinds: [...PLATFORMS], unitId: query.unitId, classId: query.classId })).map(presentChannel);
    },
    async create(actor: Actor, body: ChannelCreate) {
      requireUnitWrite(actor, await ownerUnit(body));
      await checkUrl(body.platform, body.url);
      return (await audited(pool, actor, { entity: 'channel', action: 'create' }, async (db) => {
        const row = await endpoints.insertEndpoint(db, {
          kind: body.platform, url: body.url, description: body.name ?? '', eventTypes: eventsOf(body.topics), secret: body.secret ?? null,
          unitId: body.unitId ?? null, classId: body.classId ?? null, perMinute: PER_MINUTE[body.platform]!, now: now(),
        });
        return { entityId: row.id, after: presentChannel(row) };
      }))!;
    },
    async update(actor: Actor, id: number, body: ChannelPatch) {
      const e = await channel(pool, actor, id, true);
      if (body.url !== undefined) await checkUrl(e.kind, body.url);
      if (body.secret && e.kind === 'wecom') throw new ValidationError('A WeCom robot has no secret', [{ path: 'body.secret', message: 'its key is in the URL' }]);
      return (await audited(pool, actor, { entity: 'channel', action: 'update' }, async (db) => {
        const before = presentChannel(await channel(db, actor, id, true));
        await endpoints.updateEndpoint(db, id, { url: body.url, description: body.name, eventTypes: body.topics && eventsOf(body.topics), enabled: body.enabled, secret: body.secret, now: now() });
        return { entityId: id, before, after: presentChannel((await endpoints.selectEndpoint(db, id))!) };
      }))!;
    },
    async remove(actor: Actor, id: number): Promise<void> {
      await audited(pool, actor, { entity: 'channel', action: 'delete' }, async (db) => {
        const before = presentChannel(await channel(db, actor, id, true));
        await endpoints.deleteEndpoint(db, id);
        return { entityId: id, before };
      });
    },
  };
}
export type ChannelsService = ReturnType<typeof channelsService>;
