import type { DateTime } from 'luxon';
import { zoneNameIn } from '../../public/js/format-range.js';
import type { Language } from './types.ts';

/**
 * PURE: a time zone by the name people use, in the reader's language — never the IANA id on a page
 * or in an email (issue 25 item 7): "北京时间" / "Beijing time", other zones by Intl's long name at
 * that moment. One dictionary for the browser pages and the server: public/js/format-range.js.
 */
export function zoneDisplayName(at: DateTime, language: Language): string {
  return zoneNameIn(language, at.zoneName ?? 'UTC', at.toJSDate());
}
