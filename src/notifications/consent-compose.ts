import { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import type { DeliveryDetails } from './details.queries.ts';
import { renderConsentMessage, type ConsentMessageKind } from './templates/consent.ts';
import { oneLine } from './templates/format.ts';
import type { LinkSigner } from './signing.ts';
import { bothPlaces } from '../shared/place.ts';

/** The part of compose.ts's ComposeContext this needs (importing it would make a cycle). */
interface ConsentComposeContext {
  publicBaseUrl: string;
  from: { name: string; address: string };
  signer: LinkSigner;
}

/** The guardian's consent link: signed for this registration and the purpose 'consent' only. */
export function consentUrlOf(base: string, registrationId: number, sig: string): string {
  return `${base}/consent/${registrationId}?sig=${sig}`;
}

export function isConsentKind(kind: DeliveryDetails['kind']): kind is ConsentMessageKind {
  return kind === 'consent_request' || kind === 'consent_reminder';
}

/** Why a consent email is no longer sent: the registration left, or the guardian already answered (reminders). */
export function consentSkipReason(d: DeliveryDetails): string | null {
  if (d.registrationStatus === 'cancelled') return 'the registration is cancelled';
  if (d.activityStatus === 'cancelled') return 'the activity was cancelled';
  if (d.kind === 'consent_reminder' && d.consentStatus !== 'pending') return 'the guardian has answered';
  return null;
}

/** To the guardian (the delivery's recipient); no invitation, no unsubscribe (it is not optional mail). */
export function composeConsentMessage(d: DeliveryDetails & { kind: ConsentMessageKind }, now: DateTime, ctx: ConsentComposeContext, messageId: string): SendMailOptions {

  const rendered = renderConsentMessage({
    kind: d.kind, participantName: d.name, title: { 'zh-CN': d.titleZh, en: d.titleEn }, organizer: { 'zh-CN': d.organizerZh, en: d.organizerEn },
    venue: d.venueZh && d.venueEn ? bothPlaces({ 'zh-CN': d.venueZh, en: d.venueEn }, d.place) : null,
    startsAt: DateTime.fromISO(d.startsAt, { zone: 'utc' }), endsAt: DateTime.fromISO(d.endsAt, { zone: 'utc' }),
    timeZone: d.timeZone, allDay: d.allDay, transport: d.transport, contact: d.contact, contactPhone: d.contactPhone,
    destination: d.destination, meetingPoint: d.meetingPoint, meetingAt: d.meetingAt ? DateTime.fromISO(d.meetingAt, { zone: 'utc' }) : null,
    consentUrl: consentUrlOf(ctx.publicBaseUrl, d.registrationId, ctx.signer.sign(d.registrationId, 'consent')),
  });
  return {
    from: { name: oneLine(ctx.from.name), address: ctx.from.address }, to: d.recipient,
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId, date: now.toJSDate(),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'zh-CN, en' },
  };
}
