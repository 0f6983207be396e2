import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The organizer pages' words are one extend(zh, en) call; capture both dictionaries without a browser.
const calls = vi.hoisted(() => [] as [Record<string, string>, Record<string, string>][]);
vi.mock('../../public/js/i18n.js', () => ({ extend: (zh: Record<string, string>, en: Record<string, string>) => calls.push([zh, en]) }));

const STRING_FILES = readdirSync(path.resolve('public/js')).filter((f) => f.endsWith('-strings.js'));

describe('organizer strings', () => {
  it.each(STRING_FILES)('%s: the same keys in zh-CN and en, none empty, and the same {placeholders}', async (file) => {
    calls.length = 0;
    await import(/* @vite-ignore */ pathToFileURL(path.resolve('public/js', file)).href);
    expect(calls).toHaveLength(1);
    const [zh, en] = calls[0]!;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh)) {
      expect(zh[key], key).not.toBe('');
      expect(holes(en[key]!), key).toEqual(holes(zh[key]!));
    }
    if (file === 'organizer-strings.js') expect(zh['repeat.booked']).toContain('{count}');
  });
});

describe('page strings', () => {
  it('have the same keys in zh-CN and en with the same {placeholders}, and a field message for every registration field', async () => {
    const { DICTIONARIES } = await vi.importActual<{ DICTIONARIES: Record<string, Record<string, string>> }>('../../public/js/i18n.js');
    const zh = DICTIONARIES['zh-CN']!;
    const en = DICTIONARIES.en!;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh)) expect(holes(en[key]!), key).toEqual(holes(zh[key]!));
    for (const name of ['name', 'email', 'role', 'grade', 'class', 'language']) {
      expect(zh[`field.${name}`], name).toMatch(/[\u4e00-\u9fff]/);
      expect(en[`field.${name}`], name).toMatch(/^[\x20-\x7e–]+$/);
    }
    for (const role of ['organizer', 'admin', 'viewer']) expect(zh[`userRole.${role}`], role).toBeTruthy();
  });
});
