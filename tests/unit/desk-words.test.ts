import { describe, expect, it } from 'vitest';
import { en, zhCN } from '../../web/desk/src/words.ts';

/** The desk's dictionaries (web/desk/src/words.ts, docs/desk.md): both languages complete and alike. */
describe('the desk words', () => {
  const keys = Object.keys(zhCN) as (keyof typeof zhCN)[];
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has every Chinese word in English too, with the same placeholders', () => {
    expect(keys.filter((k) => en[k] === undefined)).toEqual([]);
    expect(keys.filter((k) => JSON.stringify(placeholders(zhCN[k])) !== JSON.stringify(placeholders(en[k] ?? '')))).toEqual([]);
  });

  it('says the Chinese words without Latin-script words (names of formats and the product aside)', () => {
    const allowed = new Set(['Orrery', 'English', 'CSV', 'Excel', 'xlsx', 'UTF', 'GBK', 'MB']);
    const latin = keys.flatMap((k) => (zhCN[k].replace(/\{\w+\}/g, '').match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.has(w)).map((w) => `${k}: ${w}`));
    expect(latin).toEqual([]);
  });
});
