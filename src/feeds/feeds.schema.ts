import { z } from 'zod';
import { ACTIVITY_KINDS, LANGUAGES } from '../shared/types.ts';
import { freeText, id, idParam, pageQuery, singleLine } from '../http/schemas.ts';
import { FEED_TOKEN_SHAPE } from './tokens.ts';

export const FEED_TYPES = ['programme', 'unit', 'participant', 'resource'] as const;
export type FeedType = (typeof FEED_TYPES)[number];

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(50).optional();

/** Programme filters; each given list narrows the feed (an activity matching any item of a list passes it). */
export const programmeFilters = z.strictObject({
  kinds: list(z.enum(ACTIVITY_KINDS)),
  unitIds: list(id).meta({ description: 'Organizer units' }),
  venueIds: list(id),
  grades: list(z.number().int().min(1).max(12)).meta({ description: 'Audience grades' }),
  languages: list(z.enum(LANGUAGES)).meta({ description: 'Languages the activity is held in' }),
});
export type ProgrammeFilters = z.infer<typeof programmeFilters>;

const common = {
  name: singleLine(200).meta({ description: 'Shown as the calendar name (X-WR-CALNAME)' }),
  description: freeText(1000).trim().default(''),
  language: z.enum(['zh-CN', 'en', 'both']).default('both').meta({ description: 'Language of titles in the calendar' }),
};

const email = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const feedCreate = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('programme'), ...common, ownerUnitId: id, filters: programmeFilters.default({}) }),
  z.strictObject({ type: z.literal('unit'), ...common, ownerUnitId: id.optional().meta({ description: 'Default: unitId' }), unitId: id }),
  z.strictObject({ type: z.literal('resource'), ...common, ownerUnitId: id.optional().meta({ description: "Default: the resource's unit" }), resourceId: id }),
  z.strictObject({ type: z.literal('participant'), ...common, ownerEmail: email }),
]);
export type FeedCreate = z.infer<typeof feedCreate>;

export const feedUpdate = z
  .strictObject({
    name: common.name.optional(),
    description: freeText(1000).trim().optional(),
    language: z.enum(['zh-CN', 'en', 'both']).optional(),
    filters: programmeFilters.optional().meta({ description: 'Programme feeds only' }),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type FeedUpdate = z.infer<typeof feedUpdate>;

export const feedListQuery = z.strictObject({
  ownerUnitId: idParam.optional(),
  type: z.enum(FEED_TYPES).optional(),
  revoked: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').meta({ description: 'List revoked feeds instead' }),
  ...pageQuery,
});
export type FeedListQuery = z.infer<typeof feedListQuery>;

export const feedResponse = z.object({
  id: z.number(),
  type: z.enum(FEED_TYPES),
  name: z.string(),
  description: z.string(),
  language: z.enum(['zh-CN', 'en', 'both']),
  ownerUnitId: z.number().nullable(),
  ownerEmail: z.string().nullable(),
  unitId: z.number().nullable(),
  resourceId: z.number().nullable(),
  filters: programmeFilters,
  version: z.number(),
  rotatedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Feed = z.infer<typeof feedResponse>;

export const subscribeLinks = z.object({
  https: z.string().meta({ description: 'The feed itself (https, or http on a plain-http install); paste into any calendar app' }),
  webcal: z.string().meta({ description: 'Opens the subscribe dialog of Apple Calendar and most desktop apps' }),
  google: z.string().meta({ description: 'Adds the feed to Google Calendar' }),
  outlook: z.string().meta({ description: 'Adds the feed to Outlook.com' }),
  outlookOffice365: z.string().meta({ description: 'Adds the feed to Outlook on the web for work or school accounts' }),
});
export type SubscribeLinks = z.infer<typeof subscribeLinks>;

/** The public programme feed of a set of filters: anyone may ask, and the same filters give the same link. */
export const publicFeedRequest = z.strictObject({
  filters: programmeFilters.default({}),
  language: common.language,
});
export type PublicFeedRequest = z.infer<typeof publicFeedRequest>;

export const publicFeedResponse = z.object({ links: subscribeLinks, filters: programmeFilters, language: z.enum(['zh-CN', 'en', 'both']) });
export type PublicFeedResponse = z.infer<typeof publicFeedResponse>;

export const feedWithToken = feedResponse.extend({
  token: z.string().meta({ description: 'Shown only now; Orrery keeps only its hash' }),
  links: subscribeLinks,
});
export type FeedWithToken = z.infer<typeof feedWithToken>;

/**
 * Path parameters of GET/HEAD /feeds/{token}.ics. The route matches tokens with it (anything else
 * gets the same 404 as an unknown token, never a 422) and the OpenAPI document is generated from it.
 */
export const feedFileParams = z.strictObject({
  token: z.string().regex(FEED_TOKEN_SHAPE).meta({ description: 'The secret token of the feed (43 characters of base64url)' }),
});
