import { useEffect } from 'react';

/**
 * TDesign's tables scroll inside themselves when they are wider than a phone: a keyboard must reach
 * that scroll too (axe: scrollable-region-focusable). Marks each table's scroll box under `scope`.
 */
export function useReachableTables(scope: string, label: string, deps: unknown[]): void {
  useEffect(() => {
    for (const box of document.querySelectorAll(`${scope} .t-table__content`)) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', label);
    }
  }, deps);
}
