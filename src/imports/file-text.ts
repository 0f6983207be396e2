import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { UndecodableFileError } from '../shared/uploads.ts';
import { decodeText } from './decode.ts';

/**
 * The CSV text of an uploaded import file, told apart by its first bytes rather than its name or
 * Content-Type (which clients get wrong): an .xlsx is a ZIP (`PK\x03\x04`) and its first worksheet
 * becomes CSV; anything else is text in one of the encodings decode.ts reads. Neither: 422
 * `undecodable_file`, before anything is written.
 */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export async function importFileText(bytes: Buffer): Promise<string> {
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) return xlsxAsCsv(bytes);
  const decoded = decodeText(bytes);
  if (!decoded) throw new UndecodableFileError();
  return decoded.text;
}

/**
 * A cell as the CSV text a person would have typed: a date cell (Excel stores wall time without a
 * zone; exceljs gives it as that time in UTC) is its wall time, the date alone at midnight; a formula
 * is its cached result; rich text is its plain text.
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const wall = DateTime.fromJSDate(value, { zone: 'utc' });
    return wall.toFormat(wall.hour === 0 && wall.minute === 0 && wall.second === 0 ? 'yyyy-MM-dd' : "yyyy-MM-dd'T'HH:mm:ss");
  }
  if (typeof value !== 'object') return String(value);
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return String(value.text);
  return '';
}

const quoted = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

async function xlsxAsCsv(bytes: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UndecodableFileError();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UndecodableFileError();
  const lines: string[] = [];
  // Row numbers are kept (an empty row is an empty line), so an error's line is the sheet's row
  // (unless a cell above holds a line break, which takes a line of its own in CSV).
  for (let n = 1; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(quoted(cellText(row.getCell(c).value)));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
