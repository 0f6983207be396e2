/** An invariant that broke: carries what the report prints (seed, step, action, recent log). */
export class InvariantError extends Error {
  readonly invariant: string;
  constructor(invariant: string, detail: string) {
    super(`${invariant}: ${detail}`);
    this.invariant = invariant;
  }
}

export function expectThat(ok: boolean, invariant: string, detail: () => string): void {
  if (!ok) throw new InvariantError(invariant, detail());
}

/**
 * KNOWN_DEFECTS — defects of issue 10 that other helpers are fixing in parallel. The invariant stays;
 * the model tolerates exactly that one case while its flag is on, and counts how often it did.
 * The lead turns each flag off (false) once the fix is merged.
 *
 * - 10.4 REGISTRATION_CLOSES_AFTER_FIRST_OCCURRENCE: a recurring activity answers 409
 *   registration_closed once its first occurrence ended, while later ones are ahead.
 * - 10.4 REGISTRATION_OPEN_WITHOUT_OCCURRENCE_AHEAD: the same cause the other way round: a series
 *   whose occurrences still ahead are all cancelled keeps taking registrations (the first
 *   occurrence's end is asked instead of "is a scheduled occurrence still ahead?").
 * - 10.5 CLAIM_PATCH_RESETS_UNSENT_FIELDS: PATCH of a claim with one field sets the others to the
 *   create defaults (quantity 1, set-up/tear-down 0).
 * - 10.7 OCCURRENCE_MOVES_ONTO_SIBLING: an occurrence can be moved onto a sibling's exact time.
 * - 10.9 STALE_304_ON_IF_MODIFIED_SINCE: a feed answers 304 to If-Modified-Since (without
 *   If-None-Match) although its bytes changed (Last-Modified on second resolution / not moving
 *   when an event leaves).
 *
 * Found by this simulation, not in issue 10 (reported to the lead; same class as 10.8, one visibility rule):
 * - NEW CANCELLED_REQUEST_PUBLISHED: a public activity that was only ever requested (never confirmed,
 *   never published) appears with its title in the public programme feed once it is cancelled.
 *   Fixing it needs a "was published" fact in the schema (a migration number), so it is left to the lead.
 */
export const KNOWN_DEFECTS = {
  CANCELLED_REQUEST_PUBLISHED: true, // found by the simulation; see above
  REGISTRATION_CLOSES_AFTER_FIRST_OCCURRENCE: true, // issue 10 item 4
  REGISTRATION_OPEN_WITHOUT_OCCURRENCE_AHEAD: true, // issue 10 item 4
  CLAIM_PATCH_RESETS_UNSENT_FIELDS: true, // issue 10 item 5
  OCCURRENCE_MOVES_ONTO_SIBLING: true, // issue 10 item 7
  STALE_304_ON_IF_MODIFIED_SINCE: true, // issue 10 item 9
};
export type KnownDefect = keyof typeof KNOWN_DEFECTS;

export const tolerated: Record<KnownDefect, number> = {
  CANCELLED_REQUEST_PUBLISHED: 0,
  REGISTRATION_CLOSES_AFTER_FIRST_OCCURRENCE: 0,
  REGISTRATION_OPEN_WITHOUT_OCCURRENCE_AHEAD: 0,
  CLAIM_PATCH_RESETS_UNSENT_FIELDS: 0,
  OCCURRENCE_MOVES_ONTO_SIBLING: 0,
  STALE_304_ON_IF_MODIFIED_SINCE: 0,
};

/** True (and counted) when the flag is on; the caller then accepts the defect's behaviour. */
export function tolerate(defect: KnownDefect): boolean {
  if (!KNOWN_DEFECTS[defect]) return false;
  tolerated[defect]++;
  return true;
}
