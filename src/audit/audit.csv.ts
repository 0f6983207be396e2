import type { AuditRow } from './audit.queries.ts';

/**
 * The audit log as CSV for admins (docs/privacy.md "Every read accounted for"): RFC 4180, UTF-8
 * with a BOM; snapshots as JSON text. PURE. Cells a spreadsheet would run as a formula get a `'`.
 */
const HEADER = ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'reason', 'request_id', 'before', 'after'];

function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = rows.map((r) => [r.id, r.at, r.actor, r.action, r.entity, r.entityId, r.reason, r.requestId, r.before, r.after].map(cell).join(','));
  return `\uFEFF${[HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}
