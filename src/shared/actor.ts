import type { Principal } from './policy.ts';

/** Who is acting and on behalf of which request; passed to every service that changes data. */
export interface Actor {
  /** 'system', 'anonymous', 'user:<id>', 'user:<id>/token:<id>', 'participant:<registration id>' */
  label: string;
  requestId?: string | undefined;
  /** The signed-in user, when there is one; the policy in shared/policy.ts reads it. */
  principal?: Principal | undefined;
  /** Orrery itself acting (demo data, sweeps, benchmarks); see shared/policy.ts. */
  system?: boolean | undefined;
}

export const systemActor: Actor = { label: 'system', system: true };
