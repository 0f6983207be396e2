import { z } from 'zod';
import { id, idParam, singleLine } from '../http/schemas.ts';

export const PLATFORMS = ['wecom', 'dingtalk', 'feishu'] as const;
export const TOPICS = ['activity_changes', 'approvals_waiting', 'overdue_loans', 'daily_visits'] as const;
export type Topic = (typeof TOPICS)[number];

/** What a topic posts: the event types it takes (src/webhooks/events.ts). */
export const TOPIC_EVENTS: Record<Topic, string[]> = {
  activity_changes: ['activity.changed', 'activity.cancelled'],
  approvals_waiting: ['approval.requested'],
  overdue_loans: ['loan.overdue'],
  daily_visits: ['visits.today'],
};

const url = z.string().max(2000).regex(/^https?:\/\/\S+$/, 'an http or https URL');

export const channelCreate = z
  .strictObject({
    platform: z.enum(PLATFORMS).meta({ description: 'WeCom (企业微信), DingTalk (钉钉) or Feishu (飞书) group robot' }),
    url: url.meta({ description: "The robot's webhook address as the platform shows it (WeCom: …/webhook/send?key=…; DingTalk: …/robot/send?access_token=…; Feishu: …/bot/v2/hook/…)" }),
    secret: z.string().trim().min(8).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional().meta({ description: "DingTalk's (SEC…) or Feishu's signing secret, when the robot signs" }),
    unitId: id.optional().meta({ description: "The unit whose group it is (its activities, approvals, loans)" }),
    classId: id.optional().meta({ description: "Or the class whose group it is (the activities it is for)" }),
    name: singleLine(200).optional(),
    topics: z.array(z.enum(TOPICS)).min(1).max(TOPICS.length),
  })
  .refine((v) => (v.unitId === undefined) !== (v.classId === undefined), { message: 'give either unitId or classId', path: ['unitId'] })
  .refine((v) => v.secret === undefined || v.platform !== 'wecom', { message: 'a WeCom robot has no secret: its key is in the URL', path: ['secret'] });
export type ChannelCreate = z.infer<typeof channelCreate>;

export const channelPatch = z.strictObject({
  url: url.optional(),
  secret: z.string().trim().min(8).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').nullable().optional(),
  name: singleLine(200).optional(),
  topics: z.array(z.enum(TOPICS)).min(1).max(TOPICS.length).optional(),
  enabled: z.boolean().optional().meta({ description: 'On again after Orrery turned it off (a revoked key), or off' }),
});
export type ChannelPatch = z.infer<typeof channelPatch>;

export const channelListQuery = z
  .strictObject({ unitId: idParam.optional(), classId: idParam.optional() })
  .refine((v) => (v.unitId === undefined) !== (v.classId === undefined), { message: 'give either unitId or classId', path: ['unitId'] });
export type ChannelListQuery = z.infer<typeof channelListQuery>;

export const channelResponse = z.object({
  id: z.number(),
  platform: z.enum(PLATFORMS),
  unitId: z.number().nullable(),
  classId: z.number().nullable(),
  name: z.string(),
  topics: z.array(z.enum(TOPICS)),
  signed: z.boolean().meta({ description: 'Whether a signing secret is stored (never shown)' }),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().meta({ description: "The platform's refusal that turned it off (e.g. a revoked key)" }),
  failing: z.number(),
  perMinute: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Channel = z.infer<typeof channelResponse>;
