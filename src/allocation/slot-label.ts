import { DateTime } from 'luxon';
import type { Lang } from './allocation.words.ts';

/**
 * A slot as a school reads it: its local date and start in the offer unit's zone ("3月2日 09:00",
 * "2 Mar 09:00"), never its id. Slots of one offer are days apart, so date and time tell them apart.
 */
export function slotLabeller(slots: { id: number; startsAt: string }[], timeZone: string) {
  const starts = new Map(slots.map((s) => [String(s.id), s.startsAt]));
  return (lang: Lang) => (slotId: string | number): string => {
    const iso = starts.get(String(slotId));
    if (!iso) return lang === 'en' ? 'a slot no longer offered' : '已取消的场次';
    const at = DateTime.fromISO(iso, { zone: timeZone });
    return lang === 'en' ? at.setLocale('en-GB').toFormat('d LLL HH:mm') : at.toFormat('M月d日 HH:mm');
  };
}
