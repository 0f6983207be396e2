import { createHmac, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';

/**
 * The check-in code a participant shows at the door: `ORRERY-A1.<registration>.<occurrence>.<mac>`,
 * HMAC-SHA256 with the app secret over both ids, so a code opens exactly one registration's check-in
 * for exactly one occurrence and cannot be made up or altered (a changed id no longer matches the mac).
 * It only lets an organizer of the activity's unit mark that person present; it reveals nothing itself.
 */
export interface CheckInCode {
  registrationId: number;
  occurrenceId: number;
}

const PREFIX = 'ORRERY-A1';
const SHAPE = /^ORRERY-A1\.(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

export interface CheckInSigner {
  sign(code: CheckInCode): string;
  /** The ids the payload names, or null when it is malformed or its mac does not match. */
  verify(payload: string): CheckInCode | null;
}

export function checkInSigner(secret: string): CheckInSigner {
  const mac = (c: CheckInCode) => createHmac('sha256', secret).update(`orrery:attendance:${c.registrationId}:${c.occurrenceId}`).digest();
  return {
    sign: (c) => `${PREFIX}.${c.registrationId}.${c.occurrenceId}.${mac(c).toString('base64url')}`,
    verify(payload) {
      const m = SHAPE.exec(payload.trim());
      if (!m) return null;
      const code = { registrationId: Number(m[1]), occurrenceId: Number(m[2]) };
      const given = Buffer.from(m[3]!, 'base64url');
      const expected = mac(code);
      return given.length === expected.length && timingSafeEqual(given, expected) ? code : null;
    },
  };
}

/** The payload as an SVG QR code (medium error correction: survives a scratched phone screen). */
export function qrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The payload as a PNG QR code (email clients and PDFs show PNG, not SVG). */
export function qrPng(payload: string, width = 240): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width });
}
