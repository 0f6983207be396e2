import type { Commitment } from '../commitments/commitments.schema.ts';

type Localized = { 'zh-CN': string; en: string };

/**
 * The title of one planned occurrence in both languages: the commitment's title, the classes it is
 * for when each class gets its own, and which of several it is — "天象厅观测课（八年级1班，2/3）",
 * "Dome session (Grade 8 class 1, 2/3)".
 */
export function occurrenceTitle(c: Pick<Commitment, 'title' | 'perClass' | 'count'>, classNames: Localized[], index: number): Localized {
  const count = c.count ?? 0;
  const parts = (lang: keyof Localized) => [
    ...(c.perClass && classNames.length ? [classNames.map((n) => n[lang]).join(lang === 'en' ? ', ' : '、')] : []),
    ...(count > 1 ? [`${index + 1}/${count}`] : []),
  ];
  const zh = parts('zh-CN');
  const en = parts('en');
  return {
    'zh-CN': zh.length ? `${c.title['zh-CN']}（${zh.join('，')}）` : c.title['zh-CN'],
    en: en.length ? `${c.title.en} (${en.join(', ')})` : c.title.en,
  };
}
