import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * A small closed-loop load generator in its own thread: `clients` keep-alive connections each send
 * the next GET as soon as the last response has been read, for `seconds`. Posts the totals back.
 */
const { url, headers, clients, seconds } = workerData as { url: string; headers: Record<string, string>; clients: number; seconds: number };
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const target = new URL(url);
const statuses: Record<string, number> = {};
const latencies: number[] = [];
let requests = 0;
// Every response, warm-up included: what the server did while the caller watched it.
let total = 0;

function once(): Promise<void> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers, agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        statuses[res.statusCode!] = (statuses[res.statusCode!] ?? 0) + 1;
        total++;
        latencies.push(performance.now() - started);
        resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function client(until: number, counting: () => boolean): Promise<void> {
  while (performance.now() < until) {
    await once();
    if (counting()) requests++;
  }
}

// Half a second of warm-up (connections, JIT), then the measured run.
const warmUntil = performance.now() + 500;
await Promise.all(Array.from({ length: clients }, () => client(warmUntil, () => false)));
latencies.length = 0;
for (const key of Object.keys(statuses)) delete statuses[key];
const started = performance.now();
const until = started + seconds * 1000;
await Promise.all(Array.from({ length: clients }, () => client(until, () => true)));
parentPort!.postMessage({ requests, total, seconds: (performance.now() - started) / 1000, statuses, latencies });
agent.destroy();
