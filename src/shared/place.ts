import type { Language, Localized } from './types.ts';

/**
 * Names of places in two forms (issue 25 item 7): a resource's location, an item's label and home
 * each have a zh-CN and an en form, either possibly empty. A reader sees their own form, else the
 * other, so a Chinese page never shows "Beijing School, science wing" when "北京学校科学楼" exists.
 */
const CHINESE = /[\u3400-\u9fff]/;

/** An older single text sorted by script: with Chinese characters it is the zh-CN form, else the en form. */
export function placeForms(text: string): Localized {
  const trimmed = text.trim();
  return CHINESE.test(trimmed) ? { 'zh-CN': trimmed, en: '' } : { 'zh-CN': '', en: trimmed };
}

/** The reader's form of a two-form text, else the other form ('' when both are empty). */
export function inLanguage(text: Partial<Localized> | null | undefined, language: Language): string {
  if (!text) return '';
  const other: Language = language === 'en' ? 'zh-CN' : 'en';
  return (text[language] ?? '').trim() || (text[other] ?? '').trim();
}

/** "学校礼堂，北京学校主楼" / "School auditorium, Beijing School, main building": a venue's name and where it is. */
export function venueWithPlace(name: Localized, place: Partial<Localized> | null | undefined, language: Language, separator?: string): string {
  const named = inLanguage(name, language);
  const where = inLanguage(place, language);
  const join = separator ?? (language === 'en' ? ', ' : '，');
  return named && where ? `${named}${join}${where}` : named || where;
}

/** A venue with where it is, in each language ("学校礼堂，北京学校主楼" / "School auditorium, Beijing School, main building"). */
export function bothPlaces(name: Localized, place: Partial<Localized> | null | undefined): Localized {
  return { 'zh-CN': venueWithPlace(name, place, 'zh-CN'), en: venueWithPlace(name, place, 'en') };
}
