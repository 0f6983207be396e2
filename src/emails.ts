import type { Config } from './config.ts';
import { linkSigner, resolveSecret, type LinkSigner } from './auth/signed-links.ts';
import { checkInSigner, type CheckInSigner } from './attendance/code.ts';
import { EmailKinds } from './notifications/kinds.ts';
import { registrationEmails } from './registrations/emails.ts';
import { consentEmails } from './consent/consent.emails.ts';
import { certificateEmails } from './certificates/certificates.emails.ts';
import { loanEmails } from './loans/overdue.emails.ts';
import { staffEmails } from './booking/staff.emails.ts';
import { readinessEmails } from './readiness/readiness.emails.ts';
import { rightsEmails } from './privacy/rights.emails.ts';

/**
 * The email kinds of every feature that sends email, each registered from its own folder
 * (`<feature>/*.emails.ts`: kinds, reader, skip rule, composer; templates beside it). This list
 * names features, not kinds: a new kind of an existing feature changes only that feature's folder.
 */
export function emailKinds(deps: { signer: LinkSigner; checkIn?: CheckInSigner | undefined }): EmailKinds {
  return new EmailKinds([
    registrationEmails(deps),
    consentEmails(deps),
    certificateEmails(deps),
    staffEmails,
    loanEmails,
    readinessEmails,
    rightsEmails,
  ]);
}

/** The kinds as configured: links and check-in codes signed with the app secret. */
export function emailKindsFor(config: Config): EmailKinds {
  const secret = resolveSecret(config);
  return emailKinds({ signer: linkSigner(secret), checkIn: checkInSigner(secret) });
}
