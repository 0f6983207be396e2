import type { Logger } from '../shared/logger.ts';
import type { ApprovalsService } from './approvals.service.ts';
import { repeat } from '../shared/repeat.ts';

/**
 * Releases lapsed holds once a minute in the server process. A minute's lateness is harmless (the hold
 * only frees resources sooner or later by that much); the sweep itself is testable with an injected clock.
 */
export function startHoldSweeper(approvals: ApprovalsService, log: Logger, intervalMs = 60_000): { stop(): Promise<void> } {
  return repeat(intervalMs, () => approvals.expireHolds(), {
    done: (released) => {
      if (released.length > 0) log.info({ module: 'holds', released }, 'lapsed holds released');
    },
    failed: (error) => log.error({ module: 'holds', err: error }, 'hold sweep failed'),
  });
}
