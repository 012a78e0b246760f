/**
 * Tables of cells written as CSV (RFC 4180) or XLSX (exceljs), with every text cell
 * neutralised against formula injection. Both writers take the same table, so the two
 * exports cannot drift apart, and no caller can skip the neutralising: it happens here.
 */
import ExcelJS from 'exceljs';
import { formatMinor, fromMinor } from '../domain/pricing/money.js';

/** An exact decimal, `units` × 10^−`decimals`: money in minor units, a margin in basis points. */
export interface DecimalCell {
  readonly kind: 'decimal';
  readonly units: number;
  readonly decimals: number;
  /** Thousands separators in the XLSX display format (money). */
  readonly grouped: boolean;
}

/** A plain number (quantity, percent) written as computed. */
export interface NumberCell {
  readonly kind: 'number';
  readonly value: number;
}

/** Text, a number, or empty. Text is always neutralised when written. */
export type ExportCell = string | DecimalCell | NumberCell | null;
export type ExportRow = readonly ExportCell[];

export interface ExportTable {
  /** XLSX sheet name (at most 31 characters, none of [ ] : * ? / \). */
  readonly sheetName: string;
  readonly rows: readonly ExportRow[];
  /** Indexes of rows shown in bold in XLSX (column headings). */
  readonly headingRows: readonly number[];
}

export class ExportCellError extends Error {}

/** Money of `decimals` places from integer minor units. */
export function moneyCell(minor: number, decimals: number): DecimalCell {
  return { kind: 'decimal', units: minor, decimals, grouped: true };
}

export function numberCell(value: number): NumberCell {
  return { kind: 'number', value };
}

/**
 * Spreadsheets read text starting with = + - @ as a formula, also after leading blanks; a
 * leading tab or carriage return is on OWASP's list of CSV injection triggers as well.
 */
const FORMULA_TRIGGER = /^(?:[\t\r]|\s*[=+\-@])/u;

/**
 * Make a text cell safe to open in a spreadsheet: text that a spreadsheet could take as a
 * formula gets a leading apostrophe, so it shows as text (OWASP CSV injection guidance).
 * Only for text: numbers are written as numbers and never pass through here.
 *
 * @example neutraliseCell('=HYPERLINK("http://x")') === `'=HYPERLINK("http://x")`; neutraliseCell('Q-1') === 'Q-1'
 */
export function neutraliseCell(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

function where(row: number, col: number): string {
  return `row ${row + 1}, column ${col + 1}`;
}

function checkNumber(cell: DecimalCell | NumberCell, row: number, col: number): void {
  if (cell.kind === 'decimal') {
    if (!Number.isSafeInteger(cell.units) || !Number.isInteger(cell.decimals) || cell.decimals < 0) {
      throw new ExportCellError(`${where(row, col)}: ${cell.units} × 10^-${cell.decimals} is not an exact decimal`);
    }
  } else if (!Number.isFinite(cell.value)) {
    throw new ExportCellError(`${where(row, col)}: ${cell.value} is not a finite number`);
  }
}

/** A cell's text as written in CSV, before quoting. */
function csvText(cell: ExportCell, row: number, col: number): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return neutraliseCell(cell);
  checkNumber(cell, row, col);
  if (cell.kind === 'decimal') return formatMinor(cell.units, cell.decimals);
  return cell.value === 0 ? '0' : String(cell.value); // no "-0"
}

/** RFC 4180: a field with a comma, a double quote or a line break is quoted, quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The table as CSV: UTF-8 byte order mark (Excel then reads Chinese correctly), CRLF line
 * ends, every record padded to the same number of fields.
 */
export function tableToCsv(rows: readonly ExportRow[]): string {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const lines = rows.map((row, r) => Array.from({ length: width }, (_, c) => csvField(csvText(row[c] ?? null, r, c))).join(','));
  return `\uFEFF${lines.map((l) => `${l}\r\n`).join('')}`;
}

function numberFormat(cell: DecimalCell): string {
  const whole = cell.grouped ? '#,##0' : '0';
  return cell.decimals > 0 ? `${whole}.${'0'.repeat(cell.decimals)}` : whole;
}

/** Rough display width: CJK and other wide characters count twice. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * The tables as an XLSX workbook, one sheet each. Numbers are number cells (money with a
 * fixed-decimals format), text is neutralised as in CSV: a user who copies the cell or saves
 * the sheet as CSV still gets text, not a formula.
 */
export async function tablesToXlsx(tables: readonly ExportTable[]): Promise<Uint8Array> {
  const xl = new ExcelJS.Workbook();
  xl.creator = 'Suanpan';
  for (const table of tables) {
    const ws = xl.addWorksheet(table.sheetName);
    const widths: number[] = [];
    table.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell === null) return;
        const target = ws.getCell(r + 1, c + 1);
        let shown: string;
        if (typeof cell === 'string') {
          target.value = neutraliseCell(cell);
          if (cell.includes('\n')) target.alignment = { wrapText: true, vertical: 'top' };
          shown = cell.split('\n').reduce((a, b) => (displayWidth(b) > displayWidth(a) ? b : a), '');
        } else {
          checkNumber(cell, r, c);
          if (cell.kind === 'decimal') {
            target.value = fromMinor(cell.units, cell.decimals);
            target.numFmt = numberFormat(cell);
            shown = formatMinor(cell.units, cell.decimals) + ','.repeat(Math.floor(String(Math.abs(cell.units)).length / 3));
          } else {
            target.value = cell.value;
            shown = String(cell.value);
          }
        }
        widths[c] = Math.max(widths[c] ?? 0, displayWidth(shown));
      });
    });
    for (const r of table.headingRows) ws.getRow(r + 1).font = { bold: true };
    widths.forEach((w, c) => {
      ws.getColumn(c + 1).width = Math.min(60, Math.max(8, w + 2));
    });
  }
  return new Uint8Array(await xl.xlsx.writeBuffer());
}
