import { createHmac } from 'node:crypto';
import { withTransaction, type Pool } from '../db/pool.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { found } from '../shared/errors.ts';
import { selectActivity, type ActivityRow } from '../booking/activity.queries.ts';
import { insertFeedIfAbsent, selectFeedState } from '../feeds/feeds.queries.ts';
import type { SubscribeLinks } from '../feeds/feeds.schema.ts';
import { subscribeLinks } from '../feeds/links.ts';
import { hashFeedToken } from '../feeds/tokens.ts';
import type { Clock } from '../shared/clock.ts';
import type { RegistrationsService } from './registrations.service.ts';
import type { Registration } from './registrations.schema.ts';
import { selectActivityVenue, selectOtherRegistrations, type OtherRegistrationRow, type VenueRow } from './participant.queries.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import type { AttendanceService } from '../attendance/attendance.service.ts';

/**
 * What the participant page shows beyond the one registration its signed link opens: the other
 * registrations of the same address, and the participant's personal calendar feed.
 *
 * Why the other registrations may be shown: the manage link proves its holder reads this mailbox,
 * and every one of those registrations sent its own manage link to the same mailbox. Each is
 * linked with its own manage signature, so nothing opens that an email had not opened already.
 *
 * The personal feed (type `participant`, owned by the email) has a token derived from the address
 * with the server secret, like the public programme feeds: asking twice gives the same link, and
 * the page can show it again without storing the token. Creating it is a POST (mail scanners only
 * GET). A feed an organizer revoked stays revoked: the same address would derive the same token.
 */
export interface OtherRegistration extends OtherRegistrationRow {
  manageSig: string;
}

export type PersonalFeed = { state: 'none' } | { state: 'revoked' } | { state: 'live'; links: SubscribeLinks };

export interface ParticipantOverview {
  registration: Registration;
  activity: ActivityRow;
  /** Where it takes place (null: no venue booked). */
  venue: VenueRow | null;
  others: OtherRegistration[];
  feed: PersonalFeed;
  /** The check-in QR code for the next occurrence ahead (src/attendance/code.ts); null when cancelled or nothing is ahead. */
  checkIn: Awaited<ReturnType<AttendanceService['codeFor']>>;
}

export const PERSONAL_FEED_NAME = '我的科普活动 My science activities';
/** Enough for anyone's year; older activities drop off the list (they stay in the emails). */
const OTHERS_LIMIT = 50;
const OTHERS_PAST_DAYS = 30;

export interface ParticipantDeps {
  pool: Pool;
  clock: Clock;
  signer: LinkSigner;
  registrations: RegistrationsService;
  secret: string;
  publicBaseUrl: string;
  attendance?: AttendanceService | undefined;
}

export function participantPortal(deps: ParticipantDeps) {
  const { pool, signer, registrations } = deps;
  const tokenOf = (email: string) => createHmac('sha256', deps.secret).update(`orrery participant feed\n${email}`).digest('base64url');

  async function feedOf(email: string): Promise<PersonalFeed> {
    const token = tokenOf(email);
    const state = await selectFeedState(pool, hashFeedToken(token));
    return state === 'live' ? { state, links: subscribeLinks(deps.publicBaseUrl, token, PERSONAL_FEED_NAME) } : { state };
  }

  return {
    /** Everything the page shows; a wrong signature is a 404 (through registrations.get). */
    async overview(id: number, sig: string): Promise<ParticipantOverview> {
      const registration = await registrations.get(id, sig);
      const activity = found(await selectActivity(pool, registration.activityId), 'activity', registration.activityId);
      const since = deps.clock.now().minus({ days: OTHERS_PAST_DAYS }).toUTC().toISO()!;
      const others = (await selectOtherRegistrations(pool, registration.email, id, since, OTHERS_LIMIT))
        .map((o) => ({ ...o, manageSig: signer.sign(o.id, 'manage') }));
      const checkIn = registration.status === 'confirmed' && deps.attendance ? await deps.attendance.codeFor(pool, id, activity.id, registration.occurrenceId) : null;
      return { registration, activity, venue: await selectActivityVenue(pool, activity.id), others, feed: await feedOf(registration.email), checkIn };
    },

    isManageLink: (id: number, sig: string): boolean => signer.verify(id, 'manage', sig),

    /** Creates the participant's feed unless it exists; idempotent. */
    async ensureFeed(id: number, sig: string): Promise<PersonalFeed & { language: Registration['language'] }> {
      const registration = await registrations.get(id, sig);
      const token = tokenOf(registration.email);
      await withTransaction(pool, async (db) => {
        const created = await insertFeedIfAbsent(db, {
          type: 'participant', name: PERSONAL_FEED_NAME, description: '', language: registration.language,
          ownerUnitId: null, ownerEmail: registration.email, unitId: null, resourceId: null, filters: {},
        }, hashFeedToken(token));
        if (created) await insertAudit(db, { label: `participant:${id}` }, { action: 'create', entity: 'feed', entityId: created.id, after: created });
      });
      return { ...(await feedOf(registration.email)), language: registration.language };
    },
  };
}
export type ParticipantPortal = ReturnType<typeof participantPortal>;
