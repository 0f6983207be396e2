/**
 * Runs `round` now and then every `intervalMs` in the server process, for the background sweeps
 * (lapsed holds, retention). The timer does not keep the process alive; a failed round is reported
 * and the next one runs as usual; `stop` clears the timer and waits for a round in flight.
 */
export function repeat<T>(intervalMs: number, round: () => Promise<T>, report: { done(result: T): void; failed(error: unknown): void }): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = round().then(
      (result) => report.done(result),
      (error: unknown) => report.failed(error),
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
