import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ACTIVITY_KINDS } from '../../src/shared/types.ts';
import { REGISTRATION_ROLES } from '../../src/registrations/registrations.schema.ts';
import { renderWebEnums, WEB_ENUMS_FILE, webEnums } from '../../scripts/web-enums.ts';

describe('public/js/generated/enums.js', () => {
  it('is what `npm run web:enums` writes from the current schemas (run it after changing them)', () => {
    expect(readFileSync(WEB_ENUMS_FILE, 'utf8')).toBe(renderWebEnums());
  });

  it('carries the server values, and the browser module exports the same', async () => {
    expect(webEnums().ACTIVITY_KINDS).toEqual(ACTIVITY_KINDS);
    expect(webEnums().REGISTRATION_ROLES).toEqual(REGISTRATION_ROLES);
    expect(webEnums().TITLE_MAX_LENGTH).toBe(200);
    const browser = await vi.importActual<Record<string, unknown>>('../../public/js/generated/enums.js');
    expect({ ...browser }).toEqual(webEnums());
  });

  it('has words in both languages for every kind, role and delivery status the server knows', async () => {
    const { DICTIONARIES } = await vi.importActual<{ DICTIONARIES: Record<string, Record<string, string>> }>('../../public/js/i18n.js');
    await vi.importActual('../../public/js/organizer-strings.js');
    const { ACTIVITY_KINDS: kinds, REGISTRATION_ROLES: roles, DELIVERY_STATUSES: statuses } = webEnums();
    const keys = [...kinds.map((k) => `kind.${k}`), ...roles.map((r) => `role.${r}`), ...statuses.map((s) => `status.${s}`)];
    for (const language of ['zh-CN', 'en']) {
      for (const key of keys) expect(DICTIONARIES[language]![key], `${language} ${key}`).toBeTruthy();
    }
  });
});
