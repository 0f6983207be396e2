import type { ConsentView } from './consent.queries.ts';
import type { ConsentViewResponse } from './consent.schema.ts';
import { bothPlaces } from '../shared/place.ts';


export function presentConsent(v: ConsentView): ConsentViewResponse {
  return {
    registrationId: v.registrationId, participantName: v.participantName, status: v.status, requestedAt: v.requestedAt, answeredAt: v.answeredAt,
    activityId: v.activityId, title: { 'zh-CN': v.titleZh, en: v.titleEn }, organizer: { 'zh-CN': v.organizerZh, en: v.organizerEn },
    venue: v.venueZh && v.venueEn ? bothPlaces({ 'zh-CN': v.venueZh, en: v.venueEn }, v.place) : null,
    startsAt: v.startsAt, endsAt: v.endsAt, timeZone: v.timeZone, allDay: v.allDay, transport: v.transport, contact: v.contact,
    contactPhone: v.contactPhone, destination: v.destination, meetingPoint: v.meetingPoint, meetingAt: v.meetingAt,
    textVersion: v.textVersion, privacyContact: v.privacyContact,
  };
}
