/**
 * PURE: the seeded lottery. mulberry32 is a 32-bit generator small enough to read and good enough to draw
 * lots (it passes gjrand's and PractRand's quick batteries); it is not for secrets, and it need not be:
 * the seed is published with the result so anyone can redraw the same lots.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ticket (0 = drawn first) for each of `ids`, by a Fisher–Yates shuffle of the ids in sorted order. */
export function drawTickets(ids: Iterable<string>, random: () => number): Map<string, number> {
  const order = [...new Set(ids)].sort();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return new Map(order.map((id, i) => [id, i]));
}
