import type { Registration } from './registrations.schema.ts';

/**
 * Registrations as CSV for organizers (RFC 4180, UTF-8 with a BOM so spreadsheet apps read the
 * Chinese names). PURE. Cells that a spreadsheet would run as a formula are prefixed with `'`.
 */
const HEADER = ['id', 'status', 'waitlist_position', 'name', 'email', 'role', 'grade', 'class', 'language', 'reminders', 'registered_at'];

function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function registrationsCsv(rows: readonly Registration[]): string {
  const lines = rows.map((r) =>
    [r.id, r.status, r.waitlistPosition, r.name, r.email, r.role, r.grade, r.class, r.language, r.remindersEnabled ? 'on' : 'off', r.createdAt].map(cell).join(','));
  return `\uFEFF${[HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}
