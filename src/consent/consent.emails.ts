import { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import { selectDeliveryDetails, type DeliveryDetails } from '../registrations/emails.queries.ts';
import { CONSENT_MESSAGE_KINDS, renderConsentMessage, type ConsentMessageKind } from './consent.template.ts';
import { oneLine } from '../notifications/format.ts';
import { emailFamily, messageIdOf, type ComposeContext } from '../notifications/kinds.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import { bothPlaces } from '../shared/place.ts';
import { selectConsentStatuses, type ConsentStatus } from './consent.queries.ts';

/**
 * The guardian's emails (CONSENT_MESSAGE_KINDS: the request and its reminder), registered with the
 * outbox from here: read with the participants' reader (the registration, activity and venue) plus
 * the consent's status, skipped once moot, rendered by ./consent.template.ts.
 */
export interface ConsentDelivery extends Omit<DeliveryDetails, 'kind'> {
  kind: ConsentMessageKind;
  /** Guardian consent of the registration, if asked (docs/consent.md). */
  consentStatus: ConsentStatus | null;
}

interface ConsentComposeContext extends ComposeContext {
  signer: LinkSigner;
}

export function consentEmails(deps: { signer: LinkSigner }) {
  return emailFamily<ConsentDelivery>({
    kinds: CONSENT_MESSAGE_KINDS,
    words: {
      consent_request: { 'zh-CN': '家长同意请求', en: 'Consent request' },
      consent_reminder: { 'zh-CN': '家长同意提醒', en: 'Consent reminder' },
    },
    async read(db, ids, now) {
      const details = (await selectDeliveryDetails(db, ids, now)) as unknown as Omit<ConsentDelivery, 'consentStatus'>[];
      const statuses = await selectConsentStatuses(db, details.map((d) => d.registrationId));
      return details.map((d) => ({ ...d, consentStatus: statuses.get(d.registrationId) ?? null }));
    },
    skip: consentSkipReason,
    compose: (d, now, ctx) => composeConsentMessage(d, now, { ...ctx, ...deps }),
  });
}

/** The guardian's consent link: signed for this registration and the purpose 'consent' only. */
export function consentUrlOf(base: string, registrationId: number, sig: string): string {
  return `${base}/consent/${registrationId}?sig=${sig}`;
}

/** Why a consent email is no longer sent: the registration left, or the guardian already answered (reminders). */
export function consentSkipReason(d: ConsentDelivery): string | null {
  if (d.registrationStatus === 'cancelled') return 'the registration is cancelled';
  if (d.activityStatus === 'cancelled') return 'the activity was cancelled';
  if (d.kind === 'consent_reminder' && d.consentStatus !== 'pending') return 'the guardian has answered';
  return null;
}

/** To the guardian (the delivery's recipient); no invitation, no unsubscribe (it is not optional mail). */
export function composeConsentMessage(d: ConsentDelivery, now: DateTime, ctx: ConsentComposeContext): SendMailOptions {
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
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: messageIdOf(d, ctx.publicBaseUrl), date: now.toJSDate(),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'zh-CN, en' },
  };
}
