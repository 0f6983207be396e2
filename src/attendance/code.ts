/**
 * The check-in code is signed where emails are composed (notifications/check-in.ts), since the
 * confirmation email carries it too; attendance verifies it with the same signer.
 */
export { checkInSigner, qrPng, qrSvg, type CheckInCode, type CheckInSigner } from '../notifications/check-in.ts';
