// PURE: one period as people read it, in the page's language — the one date format of the activity
// page (in the browser) and the participant page (rendered on the server, which imports this file).
// Only Intl, no page state: the language comes in as an argument.

/** Beijing's zone by its name; other zones take Intl's long name in the language (issue 25 item 7). */
const ZONE_NAMES = { 'Asia/Shanghai': { 'zh-CN': '北京时间', en: 'Beijing time' } };

/**
 * A zone by the name people use, in the reader's language: never the IANA id.
 * The server's emails and PDFs use this same function (src/shared/zone-names.ts).
 * @param {'zh-CN' | 'en'} language
 * @param {string} zone
 * @param {Date} [at] the moment named (a zone's long name can change with daylight saving)
 * @returns {string}
 */
export function zoneNameIn(language, zone, at = new Date()) {
  const known = ZONE_NAMES[zone];
  if (known) return known[language];
  try {
    const part = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(at).find((p) => p.type === 'timeZoneName');
    return part?.value ?? zone;
  } catch {
    return zone;
  }
}

/**
 * "2027年3月2日周二 09:00–11:00 (北京时间)" / "Tue, 2 March 2027 09:00–11:00 (Beijing time)":
 * always in the activity's zone, always naming it. All-day periods end at an exclusive local midnight,
 * so the last day shown is the day before.
 * @param {'zh-CN' | 'en'} language
 * @param {string} startIso
 * @param {string} endIso
 * @param {string} zone
 * @param {boolean} allDay
 * @returns {string}
 */
export function formatRangeIn(language, startIso, endIso, zone, allDay) {
  const locale = language === 'en' ? 'en-GB' : 'zh-CN';
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (allDay) {
    const last = new Date(end.getTime() - 1);
    const sameDay = date.format(start) === date.format(last);
    return `${date.format(start)}${sameDay ? '' : ` – ${date.format(last)}`} (${zoneNameIn(language, zone)})`;
  }
  const sameDay = date.format(start) === date.format(end);
  return `${date.format(start)} ${time.format(start)}–${sameDay ? '' : `${date.format(end)} `}${time.format(end)} (${zoneNameIn(language, zone)})`;
}
