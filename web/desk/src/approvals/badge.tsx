import { useEffect, useState } from 'react';
import { api, ok } from '../api.ts';

/**
 * The number on the desk's approvals tab: what waits for my unit's decision. Loaded with the desk's
 * first screen (one small request); the approvals view announces the new number after each decision.
 */
const EVENT = 'desk:approvals-count';
export function announceCount(count: number): void {
  window.dispatchEvent(new CustomEvent<number>(EVENT, { detail: count }));
}

export function ApprovalsBadge() {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    // One page of up to 100 is enough for a badge ("100" at most would still say: many wait).
    api.GET('/api/v1/approvals', { params: { query: { limit: '100' } } }).then(ok).then((page) => { if (live) setCount((c) => c ?? page.items.length); }, () => undefined);
    const onCount = (event: Event) => setCount((event as CustomEvent<number>).detail);
    window.addEventListener(EVENT, onCount);
    return () => { live = false; window.removeEventListener(EVENT, onCount); };
  }, []);
  return count ? <> <span className="count badge">{count}</span></> : null;
}
