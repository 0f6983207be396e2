import { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import type { ICalActivity } from '../shared/ical/events.ts';
import type { ExceptionLine } from './messages.template.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import { messageIdOf, type ComposeContext as OutboxContext } from '../notifications/kinds.ts';
import type { DeliveryDetails } from './emails.queries.ts';
import { renderInvitation, type InvitationMethod } from './invitation.template.ts';
import { isOptionalKind, renderMessage } from './messages.template.ts';
import { oneLine } from '../notifications/format.ts';
import { Readable } from 'node:stream';
import { qrPng, type CheckInSigner } from '../attendance/code.ts';
import { formatCheckInCode } from '../shared/check-in-code.ts';
import { venueWithPlace } from '../shared/place.ts';

/**
 * The participants' emails (MESSAGE_KINDS), from a leased delivery to a message: first whether it
 * should still go at all, then the nodemailer options. PURE: the clock's `now` and the signers come
 * in as arguments. Registered with the outbox by ./emails.ts.
 */
export interface ComposeContext extends OutboxContext {
  signer: LinkSigner;
  /** Signs the check-in code confirmations carry (src/attendance); without it they carry none. */
  checkIn?: CheckInSigner | undefined;
}

/** Why a leased delivery is not sent, or null to send it. */
export function skipReason(d: DeliveryDetails, now: DateTime): string | null {
  switch (d.kind) {
    case 'reminder':
      if (d.registrationStatus !== 'confirmed') return 'the registration is no longer confirmed';
      if (!d.remindersEnabled) return 'the participant unsubscribed from optional mail';
      if (d.activityStatus !== 'confirmed' || d.occurrenceStatus !== 'scheduled') return 'the occurrence is not scheduled';
      // After downtime a missed reminder still goes out, but only while the occurrence is ahead.
      if (DateTime.fromISO(d.startsAt) <= now) return 'the occurrence has already begun';
      if (d.superseded) return 'a later reminder for the same occurrence is due';
      return null;
    case 'confirmation':
    case 'promotion':
    case 'change':
      if (d.registrationStatus !== 'confirmed') return 'the registration is no longer confirmed';
      if (d.activityStatus === 'cancelled') return 'the activity was cancelled';
      return null;
    case 'waitlisted':
      return d.registrationStatus === 'waitlisted' ? null : 'no longer on the waitlist';
    case 'registrant_message':
      if (d.registrationStatus === 'cancelled') return 'the registration was cancelled';
      // Its List-Unsubscribe is honoured: the one-click POST stops organizers' messages as well as reminders.
      if (!d.remindersEnabled) return 'the participant unsubscribed from optional mail';
      return null;
    default:
      return null;
  }
}

/** Occurrences of a series still ahead that were cancelled or moved: the email names them, the invitation carries them. */
function upcomingExceptions(calendar: ICalActivity, now: DateTime): ExceptionLine[] {
  const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
  return calendar.exceptions
    .map((e) => ({ originalStartsAt: utc(e.originalStartsAt), startsAt: utc(e.startsAt), endsAt: utc(e.endsAt), cancelled: e.status === 'cancelled' }))
    .filter((e) => (e.cancelled ? e.originalStartsAt : e.startsAt) > now);
}

/** A per-occurrence registration's invitation is its one occurrence: no rule, no exceptions (docs/registrations.md#sessions). */
function heldOnly(d: DeliveryDetails): Partial<ICalActivity> {
  return { startsAt: d.startsAt, endsAt: d.endsAt, recurrenceRule: null, exceptions: [] };
}


/**
 * A confirmed place brings its check-in code for the next occurrence: the payload, and its QR code
 * as an inline image (cid: mail apps show it without loading anything remote). The PNG is rendered
 * while nodemailer reads the stream, so composing stays synchronous.
 */
const CHECK_IN_CID = 'check-in-qr@orrery';
function checkInOf(d: DeliveryDetails, ctx: ComposeContext): string | null {
  if (!ctx.checkIn || (d.kind !== 'confirmation' && d.kind !== 'promotion') || d.nextOccurrenceId === null) return null;
  return ctx.checkIn.sign({ registrationId: d.registrationId, occurrenceId: d.nextOccurrenceId });
}

/**
 * A split's notice also updates the original part in the participant's calendar (see
 * DeliveryDetails.payload): a second calendar object, attached, under the original's UID and the
 * SEQUENCE of the participant's registration there. Main invitation and attachment are each one
 * UID, as iTIP asks; the text tells the reader both parts are updated.
 */
function carriedInvitation(d: DeliveryDetails, now: DateTime, ctx: ComposeContext, carried?: ICalActivity): { filename: string; contentType: string; content: string } | null {
  const c = d.payload;
  if (!c.carriesMethod || !c.carriesRegistration || !c.carriesSequence) return null;
  if (!carried) throw new Error(`delivery ${d.id}: a split notice needs the original part's calendar data`);
  const zh = d.language === 'zh-CN';
  const from = Number(c.carriesRegistration);
  const content = renderInvitation({
    method: c.carriesMethod, language: d.language, publicBaseUrl: ctx.publicBaseUrl, stamp: now,
    activity: { ...carried, sequence: Number(c.carriesSequence), ...(d.heldOccurrence ? heldOnly(d) : {}) },
    organizer: { name: zh ? d.organizerZh : d.organizerEn, email: ctx.from.address },
    attendee: { name: d.name, email: d.recipient }, url: `${ctx.publicBaseUrl}/registrations/${from}?sig=${ctx.signer.sign(from, 'manage')}`,
  });
  return { filename: c.carriesMethod === 'CANCEL' ? 'cancel-earlier.ics' : 'earlier-part.ics', contentType: `text/calendar; charset=utf-8; method=${c.carriesMethod}`, content };
}

/** `calendar` is the delivery's activity as the feeds render it; needed when the message carries an invitation. */
export function composeMessage(d: DeliveryDetails, now: DateTime, ctx: ComposeContext, calendar?: ICalActivity, carried?: ICalActivity): SendMailOptions {
  const kind = d.kind;
  const zh = d.language === 'zh-CN';
  const base = ctx.publicBaseUrl;
  const checkIn = checkInOf(d, ctx);
  const manageUrl = `${base}/registrations/${d.registrationId}?sig=${ctx.signer.sign(d.registrationId, 'manage')}`;
  const unsubscribeUrl = `${base}/registrations/${d.registrationId}/unsubscribe?sig=${ctx.signer.sign(d.registrationId, 'unsubscribe')}`;
  const title = zh ? d.titleZh : d.titleEn;
  const venue = d.venueZh && d.venueEn ? venueWithPlace({ 'zh-CN': d.venueZh, en: d.venueEn }, d.place, d.language, ', ') : null;
  const props = {
    kind, language: d.language, participantName: d.name, title, description: zh ? d.descriptionZh : d.descriptionEn,
    organizer: zh ? d.organizerZh : d.organizerEn, venue,
    startsAt: DateTime.fromISO(d.startsAt, { zone: 'utc' }), endsAt: DateTime.fromISO(d.endsAt, { zone: 'utc' }),
    timeZone: d.timeZone, allDay: d.allDay, waitlistPosition: d.waitlistPosition, manageUrl,
    exceptions: calendar && d.method === 'REQUEST' && !d.heldOccurrence ? upcomingExceptions(calendar, now) : [],
    unsubscribeUrl: isOptionalKind(d.kind) ? `${unsubscribeUrl}&lang=${d.language}` : null,
    checkIn: checkIn ? { payload: checkIn, cid: CHECK_IN_CID, shortCode: formatCheckInCode(d.checkInCode) } : null,
    message: d.kind === 'registrant_message' ? { subject: d.payload.subject ?? '', body: d.payload.body ?? '' } : null,
    split: d.payload.carriesMethod === 'CANCEL' ? 'session' as const : d.payload.carriesMethod === 'REQUEST' ? 'series' as const : null,
  };
  const rendered = renderMessage(props);
  const message: SendMailOptions = {
    from: { name: oneLine(ctx.from.name), address: ctx.from.address },
    // An address object: nodemailer encodes the display name, so it can never open a new header.
    to: { name: oneLine(d.name), address: d.recipient },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: messageIdOf(d, base),
    date: now.toJSDate(),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': d.language },
  };
  // Only optional mail offers one-click unsubscribe (RFC 2369 + RFC 8058), and a POST to this URL stops
  // exactly that mail (skipReason above); the signature cannot cancel the registration. Mail about the
  // participant's own place cannot be opted out of, so offering the header there would be a promise
  // the worker does not keep (docs/email.md#unsubscribe).
  if (isOptionalKind(d.kind)) {
    message.list = { unsubscribe: { url: unsubscribeUrl, comment: 'Stop reminders and organizers’ messages' } };
    message.headers = { ...(message.headers as Record<string, string>), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }
  if (checkIn) message.attachments = [{ filename: 'check-in.png', contentType: 'image/png', cid: CHECK_IN_CID, content: Readable.from((async function* () { yield await qrPng(checkIn); })()) }];
  const method: InvitationMethod | null = d.method;
  if (method) {
    if (!calendar) throw new Error(`delivery ${d.id}: an invitation needs its activity's calendar data`);
    const content = renderInvitation({
      method, activity: { ...calendar, sequence: d.sequence, ...(d.heldOccurrence ? heldOnly(d) : {}) }, language: d.language, publicBaseUrl: base, stamp: now,
      organizer: { name: zh ? d.organizerZh : d.organizerEn, email: ctx.from.address },
      attendee: { name: d.name, email: d.recipient }, url: manageUrl,
    });
    // Once, as the last part of the multipart/alternative (text/plain, text/html, text/calendar): the
    // form Gmail, Outlook and Apple Mail all turn into one invitation. nodemailer's `icalEvent` would
    // add it again as an application/ics attachment, which some clients show as a second invitation.
    message.alternatives = [{ contentType: `text/calendar; charset=utf-8; method=${method}`, content }];
  }
  const earlier = carriedInvitation(d, now, ctx, carried);
  if (earlier) message.attachments = [...(message.attachments ?? []), earlier];
  return message;
}
