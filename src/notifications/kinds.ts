import type { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import type { Queryable } from '../db/pool.ts';
import { oneLine } from './format.ts';
import type { PreparedMessage } from './outbox.queries.ts';

/**
 * The registry of email kinds. The outbox stores a delivery's `kind` as text; the feature that
 * causes an email registers the kind here with how to read, skip and compose it, from its own folder
 * (e.g. `consent/consent.emails.ts`). The worker asks the registry and knows no feature.
 *
 * Kinds come in families: kinds that share one reader (one query per round for all of them), e.g.
 * the eight participant emails of `registrations/`. A family is the unit a feature registers.
 */

/** What the worker hands every composer: where links start and who the mail is from. */
export interface ComposeContext {
  publicBaseUrl: string;
  from: { name: string; address: string };
}

/** A leased delivery as its family reads it: at least its id and kind. */
export interface LeasedEmail {
  id: number;
  kind: string;
}

/**
 * One family of kinds. Read, skip and compose run at send time, so an email shows the state of
 * the moment it goes and one whose cause is settled is skipped (with the reason stored).
 */
export interface EmailFamily<R extends LeasedEmail = LeasedEmail, P = unknown> {
  /** The `deliveries.kind` values it sends; each matches KIND_FORMAT and belongs to one family. */
  kinds: readonly string[];
  /**
   * Each kind's name as organizers read it (the outbox list, reports and their exports), in both
   * languages: the feature's own words, so a new kind needs no page dictionary. Every kind must have
   * them (EmailKinds refuses one without at start-up); pages get them through
   * public/js/generated/enums.js (`npm run web:enums`), exports through `EmailKinds.words`.
   */
  words?: Readonly<Record<string, KindWords>>;
  /**
   * Kinds the organizers' outbox list (GET /deliveries?kind=) offers; all of `kinds` when not given.
   * That list shows deliveries about an activity, so a family whose rows name none lists nothing.
   */
  listed?: readonly string[];
  /** Reads the leased rows (ids of this family's kinds only) with what their messages need. */
  read(db: Queryable, ids: number[], now: string): Promise<R[]>;
  /** Why a leased row is no longer sent, or null to send it. PURE. */
  skip(row: R, now: DateTime): string | null;
  /** Reads once per round what the rows still to be sent need beyond `read` (e.g. invitations' calendars). */
  prepare?(db: Queryable, rows: R[]): Promise<P>;
  /** The message. PURE: `now` and the context come in. */
  compose(row: R, now: DateTime, ctx: ComposeContext, prepared: P): SendMailOptions;
}

/**
 * The shape the `deliveries.kind` CHECK allows (migrations/0035_email_kinds_by_feature.sql): a
 * format, not a list, so a new kind needs no migration. Kept equal to the CHECK by
 * tests/unit/email-kinds.test.ts.
 */
export const KIND_FORMAT = /^[a-z][a-z0-9_]{1,39}$/;

/** Typed at the feature, stored untyped: the worker only hands a family its own rows back. */
export function emailFamily<R extends LeasedEmail, P = undefined>(family: EmailFamily<R, P>): EmailFamily {
  return family as unknown as EmailFamily;
}

/** A kind's name in the two languages of the pages. */
export interface KindWords {
  'zh-CN': string;
  en: string;
}

/** The registered families, looked up by kind. Refuses a malformed or twice-registered kind at start-up. */
export class EmailKinds {
  readonly #byKind = new Map<string, EmailFamily>();
  readonly families: readonly EmailFamily[];

  constructor(families: readonly EmailFamily[]) {
    this.families = families;
    for (const family of families) {
      for (const kind of family.kinds) {
        if (!KIND_FORMAT.test(kind)) throw new Error(`email kind '${kind}' does not match ${KIND_FORMAT}`);
        if (this.#byKind.has(kind)) throw new Error(`email kind '${kind}' is registered twice`);
        this.#byKind.set(kind, family);
      }
      const stray = (family.listed ?? []).filter((k) => !family.kinds.includes(k));
      if (stray.length > 0) throw new Error(`email kinds listed but not sent by their family: ${stray.join(', ')}`);
    }
    const unnamed = families.flatMap((f) => f.kinds.filter((k) => !f.words?.[k]?.['zh-CN'] || !f.words[k]!.en));
    if (unnamed.length > 0) throw new Error(`email kinds without their words (EmailFamily.words): ${unnamed.join(', ')}`);
  }

  /** Every kind's name in both languages (EmailFamily.words), by kind. */
  get words(): Record<string, KindWords> {
    return Object.fromEntries(this.families.flatMap((f) => f.kinds.map((k) => [k, f.words![k]!] as const)));
  }

  familyOf(kind: string): EmailFamily | undefined {
    return this.#byKind.get(kind);
  }

  /** Every registered kind. */
  get kinds(): string[] {
    return [...this.#byKind.keys()];
  }

  /** The kinds the organizers' outbox list filters by (EmailFamily.listed). */
  get listed(): string[] {
    return this.families.flatMap((f) => [...(f.listed ?? f.kinds)]);
  }
}

/** The same Message-ID on every attempt, so a receiver can recognise a resend after a crash. */
export function messageIdOf(d: { dedupeKey: string }, publicBaseUrl: string): string {
  return `<${d.dedupeKey.replace(/[^A-Za-z0-9.-]+/g, '.')}@${new URL(publicBaseUrl).hostname}>`;
}

/**
 * A prepared delivery's message (rendered by its cause and stored whole, outbox.queries.ts
 * selectPrepared): its own subject and bodies, the outbox's From and Message-ID.
 */
export function preparedMessage(p: PreparedMessage, ctx: ComposeContext): SendMailOptions {
  return {
    from: { name: oneLine(ctx.from.name), address: ctx.from.address }, to: p.recipient, subject: p.subject, text: p.text, html: p.html,
    messageId: messageIdOf(p, ctx.publicBaseUrl), headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': p.contentLanguage },
  };
}
