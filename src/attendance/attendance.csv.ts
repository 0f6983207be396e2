import type { AttendanceList } from './attendance.schema.ts';

/**
 * An occurrence's attendance as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet apps read Chinese
 * names, formula-looking cells prefixed with `'`, as the registrations export does). PURE.
 */
const HEADER = ['registration_id', 'name', 'email', 'role', 'grade', 'class', 'attendance', 'method', 'marked_at', 'no_shows', 'occurrence_id', 'occurrence_starts_at'];

function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function attendanceCsv(list: AttendanceList): string {
  const o = list.occurrence;
  const lines = list.items.map((r) =>
    [r.registrationId, r.name, r.email, r.role, r.grade, r.class, r.status ?? 'unmarked', r.method, r.markedAt, r.noShows, o.id, o.startsAt].map(cell).join(','));
  return `\uFEFF${[HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}
