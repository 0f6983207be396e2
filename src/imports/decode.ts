import iconv from 'iconv-lite';

/**
 * PURE: the text of an uploaded file, whatever a spreadsheet saved it as. Excel's "CSV UTF-8" writes
 * UTF-8 with a BOM, "Unicode text" UTF-16LE with a BOM, and plain "CSV" on a zh-CN Windows the ANSI
 * code page, GBK; GB18030 is GBK's superset, so it reads both. Node's own TextDecoder has no
 * GB18030 in builds without full ICU, hence iconv-lite (see docs/dependencies.md).
 *
 * The order: a byte order mark decides; else strict UTF-8 (a GBK file of Chinese names is almost
 * never valid UTF-8: its two-byte pairs break UTF-8's lead/continuation pattern); else GB18030.
 * A `charset` in the Content-Type is not trusted: clients label everything UTF-8 (or nothing).
 * Text is refused (undefined) when the decoder had to put U+FFFD anywhere or the result holds control
 * characters a CSV cannot (NUL from a UTF-16 file without its BOM, binary data).
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const BOMS: [bytes: number[], encoding: TextEncoding][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** C0 controls other than tab, LF and CR, and DEL: never in a CSV or iCalendar file that a person made. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const readable = (text: string) => !text.includes('\uFFFD') && !CONTROL.test(text);

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function withEncoding(bytes: Uint8Array, encoding: TextEncoding): DecodedText | undefined {
  const text = encoding === 'utf-8' ? strictUtf8(bytes) : iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: false });
  return text !== undefined && readable(text) ? { text, encoding } : undefined;
}

export function decodeText(bytes: Uint8Array): DecodedText | undefined {
  for (const [bom, encoding] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) return withEncoding(bytes.subarray(bom.length), encoding);
  }
  return withEncoding(bytes, 'utf-8') ?? withEncoding(bytes, 'gb18030');
}
