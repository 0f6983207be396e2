import { z } from 'zod';
import { freeText, id, instant, singleLine } from '../http/schemas.ts';

/**
 * Glossary. item: one named unit of an equipment pool (telescope 2), with a condition, a home location
 * and a status; only items `in_service` count towards the pool quantity. loan: items of one pool checked
 * out to a holder (name + email) from `outSince` until `dueBack`, for a claim of a booked activity or
 * standalone (then its items leave the pool quantity while out). check-in: returning some or all items
 * of a loan with a condition note; the loan closes when its last item is back.
 */
export const ITEM_STATUSES = ['in_service', 'damaged', 'in_repair', 'lost'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

const label = singleLine(200);
const condition = freeText(2000);
const homeLocation = freeText(500);
const status = z.enum(ITEM_STATUSES).meta({ description: 'in_service, or out of service: damaged, in_repair, lost' });

const labelEn = z.union([label, z.literal('')]).meta({ description: 'The English form of the label ("Telescope 1"); `label` is the zh-CN form (or the only one)' });
const homeLocationEn = homeLocation.meta({ description: 'The English form of the home location; `homeLocation` is the zh-CN form (or the only one)' });

export const itemCreate = z.strictObject({
  label,
  labelEn: labelEn.default(''),
  condition: condition.default(''),
  homeLocation: homeLocation.default(''),
  homeLocationEn: homeLocationEn.default(''),
  status: status.default('in_service'),
});
export type ItemCreate = z.infer<typeof itemCreate>;

export const itemUpdate = z
  .strictObject({
    label: label.optional(), labelEn: labelEn.optional(), condition: condition.optional(),
    homeLocation: homeLocation.optional(), homeLocationEn: homeLocationEn.optional(), status: status.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');
export type ItemUpdate = z.infer<typeof itemUpdate>;

const holderOf = z.object({ loanId: z.number(), holderName: z.string(), holderEmail: z.string(), outSince: z.string(), dueBack: z.string(), overdue: z.boolean(), activityId: z.number().nullable() });

export const itemResponse = z.object({
  id: z.number(),
  resourceId: z.number(),
  label: z.string().meta({ description: 'The zh-CN form of the label (or the only one)' }),
  labelEn: z.string().meta({ description: 'The English form of the label; empty when there is none (pages then show label)' }),
  condition: z.string(),
  homeLocation: z.string(),
  homeLocationEn: z.string(),
  status,
  /** The open loan holding the item, or null when it is home. */
  onLoan: holderOf.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Item = z.infer<typeof itemResponse>;
export const itemList = z.object({ items: z.array(itemResponse) });

export const checkOut = z
  .strictObject({
    claimId: id.optional().meta({ description: 'The claim of a booked activity this loan fulfils; omit for a standalone loan' }),
    itemIds: z.array(id).min(1).max(500),
    // The holder's name is the greeting of the overdue email: one line, like every person's name.
    holderName: singleLine(200),
    holderEmail: z.email().max(320),
    outSince: instant.optional().meta({ description: 'When the items left; now when omitted' }),
    dueBack: instant,
    note: freeText(2000).default(''),
  })
  .refine((v) => new Set(v.itemIds).size === v.itemIds.length, { message: 'each item once', path: ['itemIds'] });
export type CheckOut = z.infer<typeof checkOut>;

export const checkIn = z
  .strictObject({
    itemIds: z.array(id).min(1).max(500),
    note: freeText(2000).default('').meta({ description: 'Condition on return; becomes each returned item’s condition when given' }),
  })
  .refine((v) => new Set(v.itemIds).size === v.itemIds.length, { message: 'each item once', path: ['itemIds'] });
export type CheckIn = z.infer<typeof checkIn>;

export const loanLine = z.object({ itemId: z.number(), label: z.string(), labelEn: z.string(), returnedAt: z.string().nullable(), returnNote: z.string() });
export const loanResponse = z.object({
  id: z.number(),
  resourceId: z.number(),
  standalone: z.boolean(),
  claimId: z.number().nullable(),
  activityId: z.number().nullable(),
  holderName: z.string(),
  holderEmail: z.string(),
  outSince: z.string(),
  dueBack: z.string(),
  note: z.string(),
  closedAt: z.string().nullable(),
  overdue: z.boolean(),
  items: z.array(loanLine),
});
export type Loan = z.infer<typeof loanResponse>;

export const custodyResponse = z.object({
  unitId: z.number(),
  pools: z.array(z.object({
    resourceId: z.number(),
    name: z.object({ 'zh-CN': z.string(), en: z.string() }),
    poolQuantity: z.number(),
    items: z.array(itemResponse),
  })),
  openLoans: z.array(loanResponse),
});
export type Custody = z.infer<typeof custodyResponse>;
