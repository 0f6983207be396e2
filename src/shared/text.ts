/**
 * PURE: the one grammar of "a single line of text" (names, titles, subjects) — what Orrery refuses at
 * the edge (src/http/schemas.ts `singleLine`) and what the email and calendar renderers fold away
 * for rows stored before the rule (`oneLine`).
 *
 * Refused: every control character (Unicode category Cc: C0 U+0000–U+001F with TAB, CR, LF; DEL
 * U+007F; C1 U+0080–U+009F, among them U+0085 NEXT LINE) and the line and paragraph separators
 * (Zl U+2028, Zp U+2029). Mail and calendar software, JSON-in-JS and some terminals treat U+0085,
 * U+2028 and U+2029 as line breaks, so a name holding one can open a new header line, split a
 * CSV cell or a log entry. Ordinary spaces (Zs, e.g. U+3000 in Chinese names) and format characters
 * (Cf, e.g. the zero-width joiner some scripts and emoji need) stay allowed.
 */
export const LINE_BREAKING = /[\p{Cc}\p{Zl}\p{Zp}]/u;
const LINE_BREAKING_RUNS = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;

/**
 * Multi-line free text (descriptions, message bodies, notes, reasons) keeps TAB, LF and CR, the line
 * breaks a form sends; every other control character (among them U+0085) and U+2028/U+2029 are
 * refused there too: they are not typed text, and calendar and mail readers break lines at some of them.
 */
const STRAY_IN_FREE_TEXT = /(?![\t\n\r])[\p{Cc}\p{Zl}\p{Zp}]/u;

/** Whether multi-line text holds a control character other than TAB/LF/CR, or a line/paragraph separator. */
export function hasStrayControl(text: string): boolean {
  return STRAY_IN_FREE_TEXT.test(text);
}

/** Whether the text holds a control character or a line/paragraph separator. */
export function hasLineBreaking(text: string): boolean {
  return LINE_BREAKING.test(text);
}

/** Each run of control characters and separators becomes one space; the ends are trimmed. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKING_RUNS, ' ').trim();
}
