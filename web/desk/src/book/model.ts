import type { paths } from '../../generated/api';
import { minutesBetween, plusDays, zonedIso } from './time.ts';

/**
 * The booking form's values as typed (strings, like the fields hold them) and what the API wants
 * from them. PURE: no page, no fetch; BookPage.tsx draws it.
 */
export type ActivityBody = paths['/api/v1/activities']['post']['requestBody']['content']['application/json'];
export type Activity = paths['/api/v1/activities']['post']['responses']['201']['content']['application/json'];
export type SearchBody = paths['/api/v1/availability/search']['post']['requestBody']['content']['application/json'];
export type SearchAnswer = paths['/api/v1/availability/search']['post']['responses']['200']['content']['application/json'];
export type Resource = paths['/api/v1/resources']['get']['responses']['200']['content']['application/json']['items'][number];
export type Unit = paths['/api/v1/units']['get']['responses']['200']['content']['application/json']['items'][number];
export type Kind = ActivityBody['kind'];

/** What the form offers to create an activity as (confirmed first, the default); "requested" follows from claims. */
export const OFFERED_STATUSES = ['confirmed', 'draft'] as const;
export type OfferedStatus = (typeof OFFERED_STATUSES)[number];

export interface ClaimDraft { key: number; resourceId: string; quantity: string; setupMinutes: string; teardownMinutes: string }

export interface Values {
  titleZh: string; titleEn: string; kind: Kind; organizerUnitId: string; capacity: string; grades: string;
  venueId: string; zone: string; date: string; start: string; end: string; status: OfferedStatus;
  destination: string; meetingPoint: string; meetingTime: string; transport: string; contact: string; contactPhone: string;
  claims: ClaimDraft[];
}

export function initialValues(unitId: number | null, zone: string, date: string): Values {
  return {
    titleZh: '', titleEn: '', kind: 'exhibition', organizerUnitId: unitId === null ? '' : String(unitId), capacity: '', grades: '',
    venueId: '', zone, date, start: '09:00', end: '11:00', status: 'confirmed',
    destination: '', meetingPoint: '', meetingTime: '', transport: '', contact: '', contactPhone: '', claims: [],
  };
}

const num = (text: string): number => (text.trim() === '' ? NaN : Number(text));

/** The API's body for the form's values; bad numbers go as they are, so the API names the field. */
export function toBody(v: Values): ActivityBody {
  const trip: Record<string, string> = {};
  for (const name of ['destination', 'meetingPoint', 'transport', 'contact', 'contactPhone'] as const) if (v[name].trim()) trip[name] = v[name].trim();
  if (v.meetingTime) trip.meetingAt = zonedIso(v.date, v.meetingTime, v.zone) ?? v.meetingTime;
  const grades = v.grades.split(/[,，\s]+/).filter(Boolean).map(Number);
  return {
    kind: v.kind, title: { 'zh-CN': v.titleZh, en: v.titleEn }, organizerUnitId: num(v.organizerUnitId),
    venueId: v.venueId ? Number(v.venueId) : null,
    startsAt: zonedIso(v.date, v.start, v.zone) ?? '', endsAt: zonedIso(v.date, v.end, v.zone) ?? '', timeZone: v.zone,
    status: v.status, ...(v.capacity.trim() ? { capacity: num(v.capacity) } : {}), audienceGrades: grades,
    claims: v.claims.map((c) => ({ resourceId: num(c.resourceId), quantity: num(c.quantity), setupMinutes: num(c.setupMinutes), teardownMinutes: num(c.teardownMinutes) })),
    ...trip,
  } as ActivityBody;
}

/** Is the time complete enough to search? */
export function searchable(v: Values): boolean {
  return zonedIso(v.date, v.start, v.zone) !== null && zonedIso(v.date, v.end, v.zone) !== null && v.end > v.start;
}

/** The search for the chosen time (exact) or for the earliest free times from it over two weeks (later). */
export function searchBody(v: Values, mode: 'exact' | 'later'): SearchBody {
  const resources = [...(v.venueId ? [{ resourceId: Number(v.venueId), quantity: 1 }] : []),
    ...v.claims.filter((c) => c.resourceId && Number(c.quantity) >= 1).map((c) => ({
      resourceId: Number(c.resourceId), quantity: Number(c.quantity),
      setupMinutes: Math.max(0, Number(c.setupMinutes) || 0), teardownMinutes: Math.max(0, Number(c.teardownMinutes) || 0),
    }))];
  const base = { durationMinutes: minutesBetween(v.start, v.end), timeZone: v.zone, resources, unitIds: v.organizerUnitId ? [Number(v.organizerUnitId)] : [] };
  return mode === 'exact'
    ? { ...base, from: v.date, to: v.date, hours: { from: v.start, to: v.end }, stepMinutes: 5, limit: 1 } as SearchBody
    : { ...base, from: v.date, to: plusDays(v.date, SUGGEST_DAYS - 1), hours: { from: v.start, to: v.end > '21:00' ? '24:00' : '21:00' }, limit: 5 } as SearchBody;
}
/** Suggestions look this many days ahead, from the chosen start time of day on. */
export const SUGGEST_DAYS = 14;

/**
 * Which field an API error's path names: "body.title.zh-CN" → "titleZh", "body.claims.0.quantity" →
 * "claims.0.quantity"; a path the form has no field for → null (said above the button instead).
 */
export function fieldOf(path: string): string | null {
  const p = path.replace(/^body\./, '');
  const direct: Record<string, string> = {
    'title.zh-CN': 'titleZh', 'title.en': 'titleEn', title: 'titleZh', kind: 'kind', organizerUnitId: 'organizerUnitId', capacity: 'capacity',
    venueId: 'venueId', timeZone: 'zone', startsAt: 'date', endsAt: 'end', status: 'status', claims: 'claims',
    destination: 'destination', meetingPoint: 'meetingPoint', meetingAt: 'meetingTime', transport: 'transport', contact: 'contact', contactPhone: 'contactPhone',
  };
  if (direct[p]) return direct[p]!;
  if (/^audienceGrades(\.\d+)?$/.test(p)) return 'grades';
  const claim = /^claims\.(\d+)\.(resourceId|quantity|setupMinutes|teardownMinutes)$/.exec(p);
  if (claim) return `claims.${claim[1]}.${claim[2]}`;
  return null;
}
