import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emailKinds } from '../../src/emails.ts';
import { linkSigner } from '../../src/auth/signed-links.ts';
import { EmailKinds, KIND_FORMAT, emailFamily } from '../../src/notifications/kinds.ts';

/** Email kinds are registered by their feature (docs/email.md#kinds); the outbox names none. */
const kinds = emailKinds({ signer: linkSigner('k'.repeat(40)) });
const family = (k: string[]) => emailFamily({ kinds: k, read: async () => [], skip: () => null, compose: () => ({}) });

describe('email kinds', () => {
  it('registers every kind the outbox sent before kinds moved to their features, once each', () => {
    expect(kinds.kinds.sort()).toEqual([
      'activity_cancelled', 'approval_decision', 'approval_request', 'cancellation', 'certificate_issued', 'change', 'confirmation',
      'consent_reminder', 'consent_request', 'hold_expiring', 'loan_overdue', 'privacy_erased', 'privacy_link', 'promotion', 'readiness_broken', 'readiness_missing', 'registrant_message', 'reminder', 'waitlisted',
    ]);
  });

  it('offers the organizers’ outbox list the kinds it offered before (not loan_overdue, whose rows name no activity), in the same order', () => {
    expect(kinds.listed).toEqual([
      'confirmation', 'waitlisted', 'promotion', 'change', 'cancellation', 'activity_cancelled', 'reminder', 'registrant_message',
      'consent_request', 'consent_reminder', 'certificate_issued', 'approval_request', 'approval_decision', 'hold_expiring',
    ]);
  });

  it('refuses a kind registered twice or not of the stored shape', () => {
    expect(() => new EmailKinds([family(['reminder']), family(['reminder'])])).toThrow(/twice/);
    expect(() => new EmailKinds([family(['Reminder-2'])])).toThrow(/does not match/);
  });

  it('names every kind in both languages from its feature (EmailFamily.words), and refuses a kind without them', () => {
    const words = kinds.words;
    expect(Object.keys(words).sort()).toEqual([...kinds.kinds].sort());
    for (const kind of kinds.kinds) {
      expect(words[kind]?.['zh-CN'], kind).toMatch(/\p{Script=Han}/u);
      expect(words[kind]?.en, kind).toMatch(/^[A-Z][a-z ]+$/);
    }
    const named = (k: string[], w: Record<string, { 'zh-CN': string; en: string }>) => emailFamily({ kinds: k, words: w, read: async () => [], skip: () => null, compose: () => ({}) });
    expect(() => new EmailKinds([named(['reminder', 'notice'], { reminder: { 'zh-CN': '提醒', en: 'Reminder' } })])).toThrow(/without their words.*notice/);
    expect(new EmailKinds([named(['reminder'], { reminder: { 'zh-CN': '提醒', en: 'Reminder' } })]).words).toEqual({ reminder: { 'zh-CN': '提醒', en: 'Reminder' } });
  });

  it('checks in the database the same shape the registry checks (migrations/schema.sql)', () => {
    const check = /CONSTRAINT deliveries_kind_check CHECK \(\(kind ~ '([^']+)'::text\)\)/.exec(readFileSync('migrations/schema.sql', 'utf8'));
    expect(check?.[1]).toBe(KIND_FORMAT.source);
  });

  it('leaves every kind out of src/notifications/ (the outbox, worker and registry name none)', () => {
    const dir = 'src/notifications';
    const named = readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      return kinds.kinds.filter((k) => new RegExp(`['"\`]${k}['"\`:]`).test(text)).map((k) => `${f}: ${k}`);
    });
    expect(named).toEqual([]);
  });
});
