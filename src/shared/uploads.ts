import { AppError } from './errors.ts';
import type { Language } from './types.ts';

/**
 * PURE: the size of what users upload, and the two ways an upload is refused. The limits here are
 * the ones docs/imports.md states; the body parser of each upload route (http/uploads.ts) and the
 * services' checks of the file itself both read them, so the documented limit is the one that holds.
 */

const KIB = 1024;
const MIB = 1024 * KIB;

/** A CSV or XLSX import (any kind, also POST /classes/import): a school's year in one file. */
export const IMPORT_FILE_MAX_BYTES = 1 * MIB;
/** Rows of one import file (after the header): enough for a school's whole year; a larger file is split by the sender. */
export const IMPORT_MAX_ROWS = 2000;
/** An iCalendar file, uploaded or fetched from a subscribed URL alike. */
export const CALENDAR_FILE_MAX_BYTES = 5 * MIB;

/** "1 MB (1,048,576 bytes)" / "1 MB（1,048,576 字节）": the rounded size a person reads, with the exact count. */
export function describeBytes(bytes: number, language: Language): string {
  const rounded = bytes % MIB === 0 ? `${bytes / MIB} MB` : bytes % KIB === 0 ? `${bytes / KIB} KB` : undefined;
  const exact = bytes.toLocaleString('en-US');
  if (language === 'zh-CN') return rounded ? `${rounded}（${exact} 字节）` : `${exact} 字节`;
  return rounded ? `${rounded} (${exact} bytes)` : `${exact} bytes`;
}

/**
 * An error whose detail is written in both languages; the one error mapper (http/problem.ts) answers
 * in the caller's (Accept-Language), with `Content-Language`. `message` is the English text.
 */
export class LocalizedError extends AppError {
  readonly texts: Readonly<Record<Language, string>>;

  constructor(status: number, code: string, texts: Record<Language, string>, details?: Record<string, unknown>) {
    super(status, code, texts.en, details);
    this.texts = texts;
  }
}

/** 413 `payload_too_large`: the body or the file is over its limit, which the detail states (`limitBytes` too). */
export class PayloadTooLargeError extends LocalizedError {
  constructor(limitBytes: number, what: 'file' | 'body' = 'file') {
    super(413, 'payload_too_large', {
      en: what === 'file'
        ? `The file is larger than ${describeBytes(limitBytes, 'en')}, the most this upload takes; split it into smaller files.`
        : `The request body is larger than ${describeBytes(limitBytes, 'en')}, the most this request takes.`,
      'zh-CN': what === 'file'
        ? `文件超过了此处上传的上限 ${describeBytes(limitBytes, 'zh-CN')}，请拆分成较小的文件。`
        : `请求内容超过了上限 ${describeBytes(limitBytes, 'zh-CN')}。`,
    }, { limitBytes });
  }
}

/** 422 `undecodable_file`: the bytes are not text in any encoding Orrery reads; nothing was written. */
export class UndecodableFileError extends LocalizedError {
  constructor() {
    super(422, 'undecodable_file', {
      en: 'The file could not be read as text: save it as CSV UTF-8 (or UTF-16 with a byte order mark, or GBK/GB18030), or upload the .xlsx itself. Nothing was imported.',
      'zh-CN': '无法将文件读取为文本：请另存为“CSV UTF-8”（或带字节顺序标记的 UTF-16、GBK/GB18030），或直接上传 .xlsx 文件。未导入任何内容。',
    });
  }
}

/** Text that arrived inside JSON, measured as the file it stands for: at most `maxBytes` in UTF-8. */
export function withinLimit(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw new PayloadTooLargeError(maxBytes);
  return text;
}

/**
 * Text that arrived inside JSON, checked as the file it stands for: at most `maxBytes` in UTF-8,
 * and no U+FFFD, the mark a decoder leaves where the bytes were not its encoding (a GBK file read as
 * UTF-8 by `jq --rawfile`): storing it would store garbage names.
 */
export function uploadedText(text: string, maxBytes: number): string {
  withinLimit(text, maxBytes);
  if (text.includes('\uFFFD')) throw new UndecodableFileError();
  return text;
}
