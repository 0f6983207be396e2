/**
 * The short check-in code of a registration (migration 0031 makes it): seven characters of an
 * alphabet without the look-alikes 0/O, 1/I/L (and U, read like V), which a participant can read out
 * at the door when their QR code cannot be scanned. Shown as `ABC-DEFG`; typed any way a person
 * types it: lower case, with spaces or dashes, in full-width characters from a Chinese input method.
 * The signed QR payload (`ORRERY-A1.…`, attendance/code.ts) stays accepted beside it.
 */
export const CHECK_IN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CHECK_IN_CODE_LENGTH = 7;
const SHAPE = /^[2-9A-HJKMNP-TV-Z]{7}$/;

/** `ABC-DEFG`: the dash only groups the characters for reading out; typing it is optional. */
export function formatCheckInCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

export type TypedCheckIn =
  | { kind: 'signed'; payload: string }
  | { kind: 'short'; code: string }
  | { kind: 'invalid' };

/**
 * What was scanned or typed: the signed payload (recognised by its prefix), a short code once case,
 * width, spaces and dashes are set aside, or neither (a character outside the alphabet, a wrong length).
 */
export function readCheckInInput(input: string): TypedCheckIn {
  const text = input.normalize('NFKC').trim();
  if (/^ORRERY-A\d/i.test(text)) return { kind: 'signed', payload: text };
  const code = text.toUpperCase().replace(/[\s\-‐-―−_.·]/g, '');
  return SHAPE.test(code) ? { kind: 'short', code } : { kind: 'invalid' };
}
