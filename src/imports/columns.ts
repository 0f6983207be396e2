/**
 * PURE: the columns of each CSV import, how a cell becomes a field of the API's create body, and
 * which column a field's problem belongs to. Values are converted only in shape (digits → number,
 * `a;b` → list); every rule is the API's own schema and service (imports.service.ts).
 */
export const IMPORT_KINDS = ['units', 'resources', 'classes', 'calendar-entries', 'activities'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** Kinds built here row by row; `classes` is the classes folder's own import (src/classes/classes.csv.ts). */
export type RowKind = Exclude<ImportKind, 'classes'>;

type CellType = 'text' | 'int' | 'bool' | 'list' | 'int-list' | 'claims';
interface Column {
  name: string;
  path: string[];
  type: CellType;
  example: string;
  /** Still read, but not in the template: an older column a newer pair replaced. */
  older?: boolean;
}

const col = (name: string, path: string, type: CellType, example: string): Column => ({ name, path: path.split('.'), type, example });
const names = [col('name_zh', 'name.zh-CN', 'text', '示例'), col('name_en', 'name.en', 'text', 'Example')];

export const COLUMNS: Record<RowKind, Column[]> = {
  units: [col('slug', 'slug', 'text', 'no-1-middle-school'), col('kind', 'kind', 'text', 'school'), ...names, col('time_zone', 'timeZone', 'text', 'Asia/Shanghai')],
  resources: [
    col('kind', 'kind', 'text', 'equipment'), col('category', 'category', 'text', 'telescope'), ...names,
    col('quantity', 'quantity', 'int', '12'), col('location_zh', 'place.zh-CN', 'text', '二号储藏室'), col('location_en', 'place.en', 'text', 'Store room 2'),
    col('description', 'description', 'text', ''),
    // Before issue 25 a location was one text (sorted into a form by its script); still read.
    { ...col('location', 'location', 'text', ''), older: true },
  ],
  'calendar-entries': [
    col('kind', 'kind', 'text', 'holiday'), col('resource_id', 'resourceId', 'int', ''), ...names,
    col('starts_on', 'startsOn', 'text', '2027-10-01'), col('ends_on', 'endsOn', 'text', '2027-10-07'),
    col('starts_at', 'startsAt', 'text', ''), col('ends_at', 'endsAt', 'text', ''),
    col('time_zone', 'timeZone', 'text', 'Asia/Shanghai'), col('as_weekday', 'asWeekday', 'text', ''),
  ],
  activities: [
    col('kind', 'kind', 'text', 'field_visit'), col('title_zh', 'title.zh-CN', 'text', '天文台参观'), col('title_en', 'title.en', 'text', 'Observatory visit'),
    col('starts_at', 'startsAt', 'text', '2027-03-02T09:00:00+08:00'), col('ends_at', 'endsAt', 'text', '2027-03-02T11:00:00+08:00'),
    col('time_zone', 'timeZone', 'text', 'Asia/Shanghai'), col('all_day', 'allDay', 'bool', 'false'), col('status', 'status', 'text', 'confirmed'),
    col('visibility', 'visibility', 'text', 'public'), col('venue_id', 'venueId', 'int', ''), col('capacity', 'capacity', 'int', '40'),
    col('audience_grades', 'audienceGrades', 'int-list', '7;8'), col('languages', 'languages', 'list', 'zh-CN'),
    col('recurrence_rule', 'recurrenceRule', 'text', ''), col('claims', 'claims', 'claims', ''),
  ],
};

/** A template: the header and one example row (claims: `resourceId:quantity[:setup:teardown]` separated by `;`). */
export function templateCsv(kind: RowKind): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const columns = COLUMNS[kind].filter((c) => !c.older);
  return `${columns.map((c) => c.name).join(',')}\r\n${columns.map((c) => quote(c.example)).join(',')}\r\n`;
}

const asInt = (v: string): number | string => (/^-?\d{1,15}$/.test(v) ? Number(v) : v);

function cellValue(type: CellType, raw: string): unknown {
  const list = () => raw.split(';').map((x) => x.trim()).filter((x) => x !== '');
  switch (type) {
    case 'text': return raw;
    case 'int': return asInt(raw);
    case 'bool': return ({ true: true, false: false, yes: true, no: false, '1': true, '0': false } as Record<string, boolean>)[raw.toLowerCase()] ?? raw;
    case 'list': return list();
    case 'int-list': return list().map(asInt);
    case 'claims': return list().map((part) => {
      const [resourceId, quantity, setupMinutes, teardownMinutes] = part.split(':').map((x) => asInt(x.trim()));
      return Object.fromEntries(Object.entries({ resourceId, quantity, setupMinutes, teardownMinutes }).filter(([, v]) => v !== undefined && v !== ''));
    });
  }
}

/** The create body of one row: empty cells are left out, so the API's defaults apply. */
export function bodyOf(kind: RowKind, header: string[], cells: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  COLUMNS[kind].forEach((column) => {
    const index = header.indexOf(column.name);
    const raw = (index < 0 ? '' : cells[index] ?? '').trim();
    if (raw === '') return;
    let at = body;
    for (const key of column.path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[column.path.at(-1)!] = cellValue(column.type, raw);
  });
  return body;
}

/** The column a problem with the body field at `path` (e.g. ['claims', 1, 'quantity']) belongs to, or '*'. */
export function columnOf(kind: RowKind, path: readonly PropertyKey[]): string {
  const keys = path.map(String);
  const match = COLUMNS[kind].filter((c) => c.path.every((p, i) => keys[i] === p) || (keys.length > 0 && keys.length < c.path.length && keys.every((k, i) => c.path[i] === k)));
  return match.length === 1 ? match[0]!.name : '*';
}

/** Header problems: unknown or repeated column names (missing ones are reported per row by the schema). */
export function headerIssues(kind: RowKind, header: string[]): string[] {
  const known = new Set(COLUMNS[kind].map((c) => c.name));
  return header.flatMap((name, i) => (!known.has(name) ? [`unknown column ${name || '(empty)'}`] : header.indexOf(name) !== i ? [`column ${name} repeats`] : []));
}

/** Issues of one row in the order of the columns (the row as a whole last). */
export function byColumn<T extends { column: string }>(kind: RowKind, issues: T[]): T[] {
  const at = (name: string) => { const i = COLUMNS[kind].findIndex((c) => c.name === name); return i < 0 ? COLUMNS[kind].length : i; };
  return [...issues].sort((a, b) => at(a.column) - at(b.column));
}
