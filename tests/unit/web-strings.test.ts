import { describe, expect, it, vi } from 'vitest';

// The organizer pages' words are one extend(zh, en) call; capture both dictionaries without a browser.
const calls = vi.hoisted(() => [] as [Record<string, string>, Record<string, string>][]);
vi.mock('../../public/js/i18n.js', () => ({ extend: (zh: Record<string, string>, en: Record<string, string>) => calls.push([zh, en]) }));

describe('organizer strings', () => {
  it('have the same keys in zh-CN and en, none empty, and the same {placeholders}', async () => {
    // @ts-expect-error: a plain browser module, without type declarations
    await import('../../public/js/organizer-strings.js');
    expect(calls).toHaveLength(1);
    const [zh, en] = calls[0]!;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh)) {
      expect(zh[key], key).not.toBe('');
      expect(holes(en[key]!), key).toEqual(holes(zh[key]!));
    }
    expect(zh['repeat.booked']).toContain('{count}');
  });
});
