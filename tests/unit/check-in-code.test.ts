import { describe, expect, it } from 'vitest';
import { CHECK_IN_ALPHABET, formatCheckInCode, readCheckInInput } from '../../src/shared/check-in-code.ts';

describe('short check-in codes', () => {
  it('has no look-alike characters in its alphabet', () => {
    for (const c of '01OIL') expect(CHECK_IN_ALPHABET).not.toContain(c);
    expect(new Set(CHECK_IN_ALPHABET).size).toBe(CHECK_IN_ALPHABET.length);
  });

  it.each([
    ['ABC-DEFG', 'ABCDEFG'], ['abc defg', 'ABCDEFG'], [' a b c - d e f g ', 'ABCDEFG'], ['ＡＢＣ－ＤＥＦＧ', 'ABCDEFG'],
    ['abc—defg', 'ABCDEFG'], ['2345678', '2345678'], ['xyz_9vwa', 'XYZ9VWA'],
  ])('reads %j as %s', (typed, code) => {
    expect(readCheckInInput(typed)).toEqual({ kind: 'short', code });
  });

  it.each(['ABCDEF', 'ABCDEFGH', 'ABC-DEF0', 'OBCDEFG', 'IBCDEFG', 'LBCDEFG', 'UBCDEFG', '', '签到码ABCDEFG', 'ABC/DEFG'])('refuses %j', (typed) => {
    expect(readCheckInInput(typed)).toEqual({ kind: 'invalid' });
  });

  it('passes the signed QR payload through', () => {
    const payload = `ORRERY-A1.12.34.${'A'.repeat(43)}`;
    expect(readCheckInInput(` ${payload}\n`)).toEqual({ kind: 'signed', payload });
  });

  it('formats for reading out as ABC-DEFG', () => {
    expect(formatCheckInCode('ABCDEFG')).toBe('ABC-DEFG');
    expect(readCheckInInput(formatCheckInCode('XYZ2345'))).toEqual({ kind: 'short', code: 'XYZ2345' });
  });
});
