import type { DateTime } from 'luxon';
import type { Language } from './types.ts';

/**
 * PURE: a time zone by the name people use, in the reader's language — never the IANA id on a page
 * or in an email (issue 25 item 7). Beijing's zone is "北京时间" / "Beijing time"; other zones take
 * the long name Intl gives in that language at that moment ("Central European Standard Time").
 * public/js/format-range.js zoneNameIn holds the same dictionary for the browser pages and the participant page.
 */
const ZONE_NAMES: Record<string, Record<Language, string>> = {
  'Asia/Shanghai': { 'zh-CN': '北京时间', en: 'Beijing time' },
};

export function zoneDisplayName(at: DateTime, language: Language): string {
  const zone = at.zoneName ?? 'UTC';
  const known = ZONE_NAMES[zone];
  if (known) return known[language];
  return at.setLocale(language === 'zh-CN' ? 'zh-CN' : 'en-GB').offsetNameLong ?? zone;
}
