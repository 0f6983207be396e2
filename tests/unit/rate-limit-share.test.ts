import { describe, expect, it } from 'vitest';
import type { Options } from 'express-rate-limit';
import { InstanceShareStore, sharedHits } from '../../src/http/rate-limit.ts';

/** A limit shared by the live instances, each counting its share in memory (src/http/rate-limit.ts). */
describe("sharedHits: what the limit check sees of one process's count", () => {
  it.each([
    // local hits, limit, instances → figure (admitted while ≤ limit)
    [1, 60, 1, 1], [60, 60, 1, 60], [61, 60, 1, 61],
    [1, 60, 2, 2], [30, 60, 2, 60], [31, 60, 2, 62],
    [33, 100, 3, 99], [34, 100, 3, 102],
    // A limit below the count of instances: one each, never zero.
    [1, 4, 5, 4], [2, 4, 5, 10], [1, 1, 2, 1], [2, 1, 2, 4],
    // No instance counted yet: this process alone.
    [5, 10, 0, 5],
  ])('%i hits here, limit %i, %i instances → %i', (local, limit, instances, figure) => {
    expect(sharedHits(local, limit, instances)).toBe(figure);
  });

  it('admits at most the limit in total when requests are spread over the instances', () => {
    for (const instances of [1, 2, 3, 4, 7]) {
      for (const limit of [1, 4, 10, 60, 100, 1000]) {
        let admittedEach = 0;
        while (sharedHits(admittedEach + 1, limit, instances) <= limit) admittedEach++;
        expect(admittedEach).toBeGreaterThanOrEqual(1);
        if (limit >= instances) {
          expect(admittedEach * instances).toBeLessThanOrEqual(limit);
          expect(admittedEach * instances).toBeGreaterThan(limit - instances);
        } else expect(admittedEach).toBe(1);
      }
    }
  });
});

describe('InstanceShareStore', () => {
  it('counts in memory per key, splits the limit by the live instances as they change, and starts over with a new window', async () => {
    let instances = 2;
    const store = new InstanceShareStore('feed', () => instances);
    store.init({ windowMs: 60_000, limit: 10 } as Options);
    const hits = [];
    for (let i = 0; i < 6; i++) hits.push((await store.increment('a')).totalHits);
    expect(hits).toEqual([2, 4, 6, 8, 10, 12]);
    expect((await store.increment('b')).totalHits).toBe(2);
    instances = 1;
    expect((await store.get('a'))?.totalHits).toBe(6);
    await store.resetKey('a');
    expect(await store.get('a')).toBeUndefined();
    store.shutdown();
  });
});
