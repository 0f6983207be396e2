import { describe, expect, it } from 'vitest';
import { answer, needsConsent } from '../../src/consent/consent.rules.ts';

describe('guardian consent rules', () => {
  it('is needed by students for the configured kinds only', () => {
    expect(needsConsent(['field_visit'], 'field_visit', 'student')).toBe(true);
    expect(needsConsent(['field_visit'], 'field_visit', 'teacher')).toBe(false);
    expect(needsConsent(['field_visit'], 'science_show', 'student')).toBe(false);
    expect(needsConsent([], 'field_visit', 'student')).toBe(false);
  });

  // status, answer, begun → next status and whether the place is freed, or the refusal's code
  const table = [
    ['pending', 'give', false, 'given', false],
    ['pending', 'decline', false, 'declined', true],
    ['given', 'give', false, 'given', false],
    ['given', 'decline', false, 'withdrawn', true],
    ['declined', 'decline', false, 'declined', false],
    ['withdrawn', 'decline', true, 'withdrawn', false],
    ['declined', 'give', false, 'consent_closed', null],
    ['withdrawn', 'give', false, 'consent_closed', null],
    ['pending', 'give', true, 'consent_too_late', null],
    ['pending', 'decline', true, 'consent_too_late', null],
    ['given', 'decline', true, 'consent_too_late', null],
    ['given', 'give', true, 'given', false],
  ] as const;
  it.each(table)('%s + %s (begun %s) → %s', (status, wanted, begun, expected, frees) => {
    const outcome = answer(status, wanted, begun);
    if (outcome.ok) {
      expect(outcome.next).toBe(expected);
      expect(outcome.freesPlace).toBe(frees);
      expect(outcome.changed).toBe(outcome.next !== status);
    } else {
      expect(outcome.code).toBe(expected);
    }
  });
});
