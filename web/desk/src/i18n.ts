import { en, zhCN, type WordKey } from './words.ts';

export type Lang = 'zh-CN' | 'en';
const LANG_KEY = 'orrery.lang';

/** The reader's language, shared with the rest of the site: ?lang= or the stored switch, zh-CN by default. */
export function lang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh-CN') localStorage.setItem(LANG_KEY, fromUrl);
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
}

/** Switches the language the way the site's other pages do (public/js/i18n.js) and reloads. */
export function switchLanguage(): void {
  localStorage.setItem(LANG_KEY, lang() === 'en' ? 'zh-CN' : 'en');
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  location.replace(url);
}

export function t(key: WordKey, vars: Record<string, string | number> = {}): string {
  const text = (lang() === 'en' ? en[key] : undefined) ?? zhCN[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** A word looked up by a key built from data (a kind, a status): the fallback when the data is new. */
export function tOr(key: string, fallback: WordKey, vars: Record<string, string | number> = {}): string {
  return key in zhCN ? t(key as WordKey, vars) : t(fallback, vars);
}

export type Localized = { 'zh-CN': string; en: string };
/** A name kept in both languages, in the reader's. */
export function pick(value: Localized | null | undefined): string {
  if (!value) return '';
  return (lang() === 'en' ? value.en : value['zh-CN']) || value['zh-CN'] || value.en;
}

/** The zone's name in words (北京时间 / Beijing time), never the zone's id. */
export function zoneName(zone: string): string {
  return tOr(`zone.${zone}`, 'zone.other');
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang()}|${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(lang(), { timeZone: zone, ...options })));
  return f;
}

/** "12月8日 周二 14:00" / "Tue, Dec 8, 14:00" in the given zone. */
export function dateTime(iso: string, zone: string): string {
  return formatter(zone, { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
export function time(iso: string, zone: string): string {
  return formatter(zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
/** A local date (YYYY-MM-DD) as "12月8日 周二" / "Tue, Dec 8". */
export function day(date: string): string {
  return formatter('UTC', { month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(`${date}T12:00:00Z`));
}
