import type { Server } from 'node:http';

/**
 * Graceful stop. `server.close()` stops accepting and its callback can fire while a request whose
 * body is still arriving is being handled, so we count requests ourselves and wait for zero
 * (or the deadline) before the caller closes the database pool.
 */
export function trackRequests(server: Server): { drain(timeoutMs: number): Promise<boolean> } {
  let active = 0;
  let idle: (() => void) | undefined;
  server.on('request', (_req, res) => {
    active++;
    res.once('close', () => {
      active--;
      if (active === 0) idle?.();
    });
  });
  return {
    async drain(timeoutMs: number): Promise<boolean> {
      server.close();
      server.closeIdleConnections();
      if (active === 0) return true;
      const finished = new Promise<boolean>((resolve) => (idle = () => resolve(true)));
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const drained = await Promise.race([finished, deadline]);
      clearTimeout(timer);
      if (!drained) server.closeAllConnections();
      return drained;
    },
  };
}
