import { ApiProblem } from '../api.ts';
import { pick, t, tOr, type Localized } from '../i18n.ts';
import type { WordKey } from '../words.ts';
import { fieldOf, type Resource, type SearchAnswer, type Values } from './model.ts';
import { formatInstant } from './time.ts';

/** The reasons the server gives, as codes and data, worded here in the reader's language. */

const nameOf = (resources: Resource[], id: number | undefined): string => {
  const r = resources.find((x) => x.id === id);
  return r ? pick(r.name) : t('book.resource');
};

type SearchReason = { kind: string; resourceId?: number; requirement?: string; needed?: number; free?: number; calendarKind?: string; reason?: Localized };

/** One line per reason the availability search gives (busy, calendar, opening hours). */
export function searchReason(reason: SearchReason, resources: Resource[]): string {
  if (reason.kind === 'busy') {
    const id = reason.resourceId ?? Number(/^resource (\d+)$/.exec(reason.requirement ?? '')?.[1] ?? 0);
    return t('reason.busy', { resource: nameOf(resources, id), needed: reason.needed ?? 1, free: reason.free ?? 0 });
  }
  if (reason.kind === 'opening_hours') return t('reason.openingHours', { resource: nameOf(resources, reason.resourceId) });
  return t('reason.calendar', { kind: tOr(`calendar.${reason.calendarKind}`, 'calendar.other'), reason: pick(reason.reason) });
}

/** The reasons the exact search found the chosen time taken, each once. */
export function searchReasons(answer: SearchAnswer, resources: Resource[]): string[] {
  const explanation = (answer as { explanation?: { nearest?: { problems?: SearchReason[] } | null; days?: { blockedBy: SearchReason[] }[] } | null }).explanation;
  const reasons = explanation?.nearest?.problems ?? explanation?.days?.flatMap((d) => d.blockedBy) ?? [];
  return [...new Set(reasons.map((r) => searchReason(r, resources)))];
}

type Conflict = { resourceId: number; resourceName?: Localized | null; requested: number; free: number; poolQuantity: number; period: { startsAt: string; endsAt: string }; holders: { activityId: number; title?: Localized | null }[] };
type Block = { kind: string; reason: Localized; resourceId?: number | null };

/** A refused booking (409) in words: its title and one line per conflict or calendar block. */
export function refusal(error: ApiProblem, zone: string, resources: Resource[]): { title: string; lines: string[] } {
  const title = tOr(`book.problem.${error.code}`, 'error.generic');
  if (error.code === 'resource_conflict') {
    const conflicts = (error.problem.conflicts ?? []) as Conflict[];
    return { title, lines: [...new Set(conflicts.map((c) => t('reason.conflict', {
      resource: c.resourceName ? pick(c.resourceName) : nameOf(resources, c.resourceId),
      requested: c.requested, free: c.free, pool: c.poolQuantity,
      period: `${formatInstant(c.period.startsAt, zone)} – ${formatInstant(c.period.endsAt, zone)}`,
      holders: c.holders.map((h) => (h.title ? pick(h.title) : t('book.internal'))).join('、') || '—',
    })))] };
  }
  if (error.code === 'calendar_blocked') {
    const blocks = (error.problem.blocks ?? []) as Block[];
    return { title, lines: [...new Set(blocks.map((b) => t('reason.block', {
      kind: tOr(`calendar.${b.kind}`, 'calendar.other'), reason: pick(b.reason),
      resource: b.resourceId ? `（${nameOf(resources, b.resourceId)}）` : '',
    })))] };
  }
  return { title, lines: [] };
}

const LABELS: Record<string, WordKey> = {
  titleZh: 'book.titleZh', titleEn: 'book.titleEn', kind: 'book.kind', organizerUnitId: 'book.unit', capacity: 'book.capacity', grades: 'book.grades',
  venueId: 'book.venue', zone: 'book.zone', date: 'book.date', start: 'book.start', end: 'book.end', status: 'book.status', claims: 'book.claims',
  destination: 'trip.destination', meetingPoint: 'trip.meetingPoint', meetingTime: 'trip.meetingTime', transport: 'trip.transport',
  contact: 'trip.contact', contactPhone: 'trip.contactPhone',
};

/** The field errors of a 422, worded per field (the server's English message is never shown). */
export function fieldErrors(error: ApiProblem, values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  const issues = (error.problem.errors ?? []) as { path: string; message: string }[];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (!field || out[field]) continue;
    out[field] = wordIssue(field, issue.message, values);
  }
  return out;
}

function wordIssue(field: string, message: string, values: Values): string {
  if (field === 'end' && /after/.test(message)) return t('book.field.endBeforeStart');
  if (field === 'meetingTime') return t('book.field.meeting');
  if (field === 'contactPhone') return t('book.field.phone');
  if (field === 'grades') return t('book.field.grades');
  if (field === 'claims') return t('book.field.duplicate');
  const claim = /^claims\.(\d+)\.(\w+)$/.exec(field);
  const label = claim ? `${t('book.claimN', { n: Number(claim[1]) + 1 })} ${t(({ resourceId: 'book.resource', quantity: 'book.quantity', setupMinutes: 'book.setup', teardownMinutes: 'book.teardown' } as Record<string, WordKey>)[claim[2]!] ?? 'book.resource')}` : t(LABELS[field] ?? 'book.title');
  const value = claim ? '' : String((values as unknown as Record<string, unknown>)[field] ?? '');
  if (!claim && value.trim() === '') return t('book.field.required', { field: label });
  if (/too big|too long|<=/i.test(message) && !claim) return t('book.field.tooLong', { field: label });
  return t('book.field.invalid', { field: label });
}
