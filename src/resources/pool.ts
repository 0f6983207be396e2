/**
 * PURE: the one rule for "more than the pool holds". Booking asks it of each claim (one resource),
 * the availability search of each requirement (one resource, or N of a category spread over its
 * pools), so both answer the same request the same way: a 422 on its quantity with this message.
 */
export function poolShortfall(requested: number, pools: readonly number[]): string | null {
  const holds = pools.reduce((sum, quantity) => sum + quantity, 0);
  if (requested <= holds) return null;
  return `the ${pools.length === 1 ? 'pool holds' : 'pools hold'} ${holds}; ${requested} requested`;
}
