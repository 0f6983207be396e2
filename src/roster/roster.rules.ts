/**
 * Which of the marks synced from phones count (PURE: no database, no clock; docs/field-visits.md).
 *
 * Glossary: a *mark* says one registration passed one *step* of a visit (checked in, left school,
 * arrived, left the venue, back at school) at a *device time*; a *head count* is the count taken at
 * a step. Exactly one mark counts per registration, occurrence and step: a mark id seen before is a
 * duplicate (nothing changes); of two marks for the same pupil and step, the one with the earlier
 * device time wins and the other is kept as `superseded` — reported back as a conflict when the
 * two came from different devices.
 */
export const STEPS = ['check_in', 'left_school', 'arrived', 'left_venue', 'back_at_school'] as const;
export type Step = (typeof STEPS)[number];
export const HEAD_COUNT_STEPS = ['left_school', 'arrived', 'left_venue', 'back_at_school'] as const;
export type HeadCountStep = (typeof HEAD_COUNT_STEPS)[number];

/** One mark that counts now (stored, not refused). */
export interface KeptMark {
  markId: string;
  device: string;
  deviceTime: string;
}

export interface IncomingMark {
  markId: string;
  /** `registration:occurrence:step` (or `occurrence:step` for head counts): what counts once. */
  key: string;
  device: string;
  deviceTime: string;
}

export type Decision =
  | { outcome: 'duplicate' }
  | { outcome: 'accepted' }
  /** Another mark for the same key exists: `won` says whether this one (the earlier) now counts. */
  | { outcome: 'conflict'; won: boolean; other: KeptMark };

/**
 * Decides each incoming mark in order against what is kept (`kept`, by key) and the mark ids seen
 * (`seen`); both are updated as it goes, so two marks for one pupil in the same batch are decided
 * like two syncs. `supersede` lists kept marks that an earlier one replaced.
 */
export function decide(incoming: IncomingMark[], kept: Map<string, KeptMark>, seen: Set<string>): { decisions: Decision[]; supersede: string[] } {
  const supersede: string[] = [];
  const decisions = incoming.map((m): Decision => {
    if (seen.has(m.markId)) return { outcome: 'duplicate' };
    seen.add(m.markId);
    const other = kept.get(m.key);
    const mine = { markId: m.markId, device: m.device, deviceTime: m.deviceTime };
    if (!other) {
      kept.set(m.key, mine);
      return { outcome: 'accepted' };
    }
    const won = Date.parse(m.deviceTime) < Date.parse(other.deviceTime);
    if (won) {
      supersede.push(other.markId);
      kept.set(m.key, mine);
    }
    return { outcome: 'conflict', won, other };
  });
  return { decisions, supersede };
}
