import type { Logger } from '../shared/logger.ts';
import type { ApprovalsService } from './approvals.service.ts';

/**
 * Releases lapsed holds once a minute in the server process. A minute's lateness is harmless (the hold
 * only frees resources sooner or later by that much); the sweep itself is testable with an injected clock.
 */
export function startHoldSweeper(approvals: ApprovalsService, log: Logger, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = approvals.expireHolds().then(
      (released) => {
        if (released.length > 0) log.info({ module: 'holds', released }, 'lapsed holds released');
      },
      (error: unknown) => log.error({ module: 'holds', err: error }, 'hold sweep failed'),
    );
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
