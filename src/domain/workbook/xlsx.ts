/**
 * XLSX import and export of price models (exceljs).
 *
 * Export writes every sheet's values and formulas, the workbook's `names` as global defined
 * names, and everything a spreadsheet has no place for (id, name, parameters, outputs, modules,
 * tests…) as JSON in a hidden sheet, `suanpan·meta`. User sheets can never take that name:
 * `·` is refused in sheet names of the format. Import reverses this, so export → import gives
 * back the same model.
 *
 * Import of a file made elsewhere lists what it cannot carry over (`XlsxProblem`), never drops
 * it silently: functions the formula engine lacks, macros, external links, table references,
 * array formulas over several cells, merged ranges, error values, sheet names the format
 * refuses, defined names local to a sheet or pointing at other workbooks. Ignored without a
 * word, because none of it changes a price: formatting (fonts, fills, number formats, column
 * widths), data validations, conditional formats, cell notes, hyperlink targets (the text is
 * kept), hidden states of sheets, images and charts, and Excel's built-in `_xlnm.` names (print
 * areas, print titles, filter ranges).
 *
 * Formula text is rewritten in both directions with a small lexer that knows strings, quoted
 * sheet names and brackets: Excel writes `FALSE` and `1E+17` where the engine needs `FALSE()`
 * and `1e17`, and newer functions carry an `_xlfn.` prefix in the file.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { HyperFormula } from 'hyperformula';
import { columnLetters, formatA1, parseA1 } from './a1.js';
import { ENGINE_CONFIG } from './compose.js';
import { ErrorSink, formatWorkbookError } from './errors.js';
import type { WorkbookError } from './errors.js';
import { parseJsonText, validateWorkbook } from './parse.js';
import { WORKBOOK_FORMAT } from './schema.js';
import type { CellContent, SheetDef, Workbook } from './schema.js';

/** Hidden sheet holding the model's metadata as JSON. `·` keeps it apart from user sheets. */
export const METADATA_SHEET = 'suanpan·meta';

/** Something in the file that could not be imported as it was. */
export interface XlsxProblem {
  /** The sheet as named in the file; absent for the file as a whole (macros, defined names). */
  readonly sheet?: string;
  /** A1 address of the cell, when the problem is one cell or starts at one. */
  readonly cell?: string;
  readonly message: string;
}

export interface XlsxImport {
  /**
   * The imported model, validated against format v1 (`JSON.stringify` it to save a
   * `.workbook.json`). Absent when it does not validate; `problems` then says why.
   */
  readonly workbook?: Workbook;
  readonly problems: readonly XlsxProblem[];
}

// ---------------------------------------------------------------------------------------------
// Formula lexer

type TokenKind = 'string' | 'quoted' | 'bracket' | 'error' | 'number' | 'word' | 'space' | 'op';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const ERROR_LITERAL = /#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)/iy;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
/** Names, cell references (`$A$1`), function names (`STDEV.S`, `_xlfn.MINIFS`), bare sheet names. */
const WORD = /[\p{L}_\\$][\p{L}\p{N}_.$\\]*/uy;
const SPACE = /\s+/y;

/** End (exclusive) of a `"…"` or `'…'` run starting at `start`; doubled quotes escape. */
function endOfQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

/** End of a `[…]` run; structured references nest (`Table1[[#This Row],[Price]]`). */
function endOfBracket(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) return i + 1;
  }
  return text.length;
}

function stickyMatch(re: RegExp, text: string, at: number): number | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? at + m[0].length : undefined;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    let kind: TokenKind;
    let end: number | undefined;
    if (ch === '"') [kind, end] = ['string', endOfQuoted(text, i, '"')];
    else if (ch === "'") [kind, end] = ['quoted', endOfQuoted(text, i, "'")];
    else if (ch === '[') [kind, end] = ['bracket', endOfBracket(text, i)];
    else if ((end = stickyMatch(ERROR_LITERAL, text, i)) !== undefined) kind = 'error';
    else if ((end = stickyMatch(NUMBER, text, i)) !== undefined) kind = 'number';
    else if ((end = stickyMatch(WORD, text, i)) !== undefined) kind = 'word';
    else if ((end = stickyMatch(SPACE, text, i)) !== undefined) kind = 'space';
    else [kind, end] = ['op', i + 1];
    tokens.push({ kind, text: text.slice(i, end) });
    i = end;
  }
  return tokens;
}

const untokenize = (tokens: readonly Token[]): string => tokens.map((t) => t.text).join('');

function nextSolid(tokens: readonly Token[], i: number): Token | undefined {
  for (let j = i + 1; j < tokens.length; j++) if (tokens[j]?.kind !== 'space') return tokens[j];
  return undefined;
}

const isOp = (t: Token | undefined, text: string): boolean => t?.kind === 'op' && t.text === text;
const isCall = (tokens: readonly Token[], i: number): boolean => isOp(nextSolid(tokens, i), '(');
/** A word or quoted name directly followed by `!` names a sheet. */
const isSheetPrefix = (tokens: readonly Token[], i: number): boolean => isOp(tokens[i + 1], '!');

const CELL_REF = /^(\$?)([A-Za-z]{1,3})(\$?)([1-9][0-9]*)$/;
const COLUMN_ONLY = /^(\$?)([A-Za-z]{1,3})$/;
const ROW_ONLY = /^(\$?)([1-9][0-9]*)$/;
const LAST_COLUMN = 16_383; // XFD

function columnIndex(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

/** `E+17` → `e17`: the engine reads only a small `e` and no `+` in exponents. */
function engineNumber(text: string): string {
  return text.replace(/[eE]\+?/, 'e');
}

/** `1e17` → `1E+17`, as Excel writes numbers in formulas. */
function excelNumber(text: string): string {
  return text.replace(/[eE]([+-]?)/, (_m, sign: string) => `E${sign || '+'}`);
}

/** A sheet name as a formula prefix; quoted unless the engine reads it bare. */
function sheetPrefix(name: string): string {
  const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}[0-9]+$/.test(name) && !/^[Rr][0-9]*[Cc][0-9]*$/.test(name);
  return bare ? name : `'${name.replace(/'/g, "''")}'`;
}

const unquoteSheet = (quoted: string): string => quoted.slice(1, quoted.endsWith("'") && quoted.length > 1 ? -1 : undefined).replace(/''/g, "'");

/**
 * Functions Excel stores with an `_xlfn.` prefix (added after Excel 2007); without it Excel
 * shows #NAME? until the cell is edited. Only those the formula engine also knows matter.
 */
const EXCEL_FUTURE_FUNCTIONS = new Set(
  (
    'ACOT ACOTH AGGREGATE ARABIC BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR ' +
    'BITRSHIFT BITXOR CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST COMBINA ' +
    'CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL ERF.PRECISE ' +
    'ERFC.PRECISE EXPON.DIST F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FILTER FLOOR.MATH FLOOR.PRECISE FORECAST.LINEAR ' +
    'FORMULATEXT GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE GAUSS HYPGEOM.DIST IFNA IFS IMCOSH IMCOT IMCSC IMCSCH ' +
    'IMSEC IMSECH IMSINH IMTAN ISFORMULA ISOWEEKNUM LOGNORM.DIST LOGNORM.INV MAXIFS MINIFS MODE.MULT MODE.SNGL MUNIT ' +
    'NEGBINOM.DIST NETWORKDAYS.INTL NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC ' +
    'PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC RANK.AVG ' +
    'RANK.EQ RRI SEC SECH SEQUENCE SHEET SHEETS SKEW.P SORT STDEV.P STDEV.S SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV ' +
    'T.INV.2T T.TEST TEXTJOIN UNICHAR UNICODE UNIQUE VAR.P VAR.S WEIBULL.DIST WORKDAY.INTL XLOOKUP XMATCH XOR Z.TEST'
  ).split(' '),
);

/** Our formula (with `=`) → Excel's formula text (without `=`). */
function formulaToExcel(formula: string): string {
  const tokens = tokenize(formula.startsWith('=') ? formula.slice(1) : formula);
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'number') {
      out.push({ kind: 'number', text: excelNumber(t.text) });
      continue;
    }
    if (t.kind === 'word' && isCall(tokens, i)) {
      const upper = t.text.toUpperCase();
      // TRUE() and FALSE() are the constants TRUE and FALSE to Excel.
      if (upper === 'TRUE' || upper === 'FALSE') {
        let j = i + 1;
        while (tokens[j]?.kind === 'space') j++;
        let k = j + 1;
        while (tokens[k]?.kind === 'space') k++;
        if (isOp(tokens[k], ')')) {
          out.push({ kind: 'word', text: upper });
          i = k;
          continue;
        }
      }
      if (EXCEL_FUTURE_FUNCTIONS.has(upper)) {
        out.push({ kind: 'word', text: `_xlfn.${t.text}` });
        continue;
      }
    }
    out.push(t);
  }
  return untokenize(out);
}

/** What reading one Excel formula found. */
interface ExcelFormulaReading {
  /** Our formula, with `=`. */
  readonly formula: string;
  readonly unsupportedFunctions: readonly string[];
  readonly macroFunctions: readonly string[];
  readonly externalLink: boolean;
  readonly tableReference: boolean;
  /** The formula contains #REF!: it pointed at cells that were deleted. */
  readonly deletedReference: boolean;
}

interface FormulaContext {
  /** Lower-cased original sheet name → its new name, for sheets renamed on import. */
  readonly renamedSheets: ReadonlyMap<string, string>;
  /** Upper-case names of the functions the formula engine knows. */
  readonly functions: ReadonlySet<string>;
}

/** Excel's formula text (without `=`) → our formula, and what in it the engine cannot run. */
function formulaFromExcel(excelText: string, ctx: FormulaContext): ExcelFormulaReading {
  const tokens = tokenize(excelText.startsWith('=') ? excelText.slice(1) : excelText);
  const unsupported: string[] = [];
  const macros: string[] = [];
  let externalLink = false;
  let tableReference = false;
  let deletedReference = false;
  const out: Token[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === 'bracket') {
      // `Table1[Price]` follows a word; `[1]Sheet1!A1` and `[1]!Name` start an external reference.
      if (tokens[i - 1]?.kind === 'word') tableReference = true;
      else externalLink = true;
    } else if (t.kind === 'quoted' && isSheetPrefix(tokens, i)) {
      const sheet = unquoteSheet(t.text);
      // `'C:\path\[book.xlsx]Sheet'!A1` names another file.
      if (sheet.includes('[')) externalLink = true;
      const renamed = ctx.renamedSheets.get(sheet.toLowerCase());
      if (renamed !== undefined) {
        out.push({ kind: 'quoted', text: sheetPrefix(renamed) });
        return;
      }
    } else if (t.kind === 'word' && isSheetPrefix(tokens, i)) {
      const renamed = ctx.renamedSheets.get(t.text.toLowerCase());
      // Excel leaves names such as 价格 bare; the engine reads only ASCII names bare.
      out.push({ kind: 'word', text: sheetPrefix(renamed ?? t.text) });
      return;
    } else if (t.kind === 'word' && isCall(tokens, i)) {
      let name = t.text;
      while (/^_xl(fn|ws)\./i.test(name)) name = name.slice(6);
      if (/^_xludf\./i.test(name)) macros.push(name.slice(7));
      else if (!ctx.functions.has(name.toUpperCase())) unsupported.push(name.toUpperCase());
      out.push({ kind: 'word', text: name });
      return;
    } else if (t.kind === 'word' && /^(true|false)$/i.test(t.text) && !isOp(tokens[i + 1], '!')) {
      out.push({ kind: 'word', text: `${t.text.toUpperCase()}()` });
      return;
    } else if (t.kind === 'number') {
      out.push({ kind: 'number', text: engineNumber(t.text) });
      return;
    } else if (t.kind === 'error' && t.text.toUpperCase() === '#REF!') {
      deletedReference = true;
    }
    out.push(t);
  });
  return {
    formula: `=${untokenize(out)}`,
    unsupportedFunctions: [...new Set(unsupported)],
    macroFunctions: [...new Set(macros)],
    externalLink,
    tableReference,
    deletedReference,
  };
}

/**
 * A shared formula's text as it reads in a cell `rows`/`cols` away from the master: relative
 * references move, `$`-fixed parts stay. Done here rather than by exceljs, whose regex also
 * shifts "A1" inside string literals.
 */
function slideFormula(excelText: string, rows: number, cols: number): string {
  const tokens = tokenize(excelText);
  const shiftCol = (dollar: string, letters: string): string => {
    const col = dollar ? columnIndex(letters) : columnIndex(letters) + cols;
    return col < 0 || col > LAST_COLUMN ? '#REF!' : `${dollar}${columnLetters(col)}`;
  };
  const shiftRow = (dollar: string, digits: string): string => {
    const row = dollar ? Number(digits) : Number(digits) + rows;
    return row < 1 ? '#REF!' : `${dollar}${row}`;
  };
  const rangeSide = (i: number, re: RegExp): boolean => {
    const t = tokens[i];
    if (!t || (t.kind !== 'word' && t.kind !== 'number') || !re.test(t.text)) return false;
    if (isOp(tokens[i + 1], ':')) return re.test(tokens[i + 2]?.text ?? '');
    if (isOp(tokens[i - 1], ':')) return re.test(tokens[i - 2]?.text ?? '');
    return false;
  };
  return tokens
    .map((t, i) => {
      if (t.kind !== 'word' && t.kind !== 'number') return t.text;
      if (isCall(tokens, i) || isSheetPrefix(tokens, i)) return t.text;
      const cell = t.kind === 'word' ? CELL_REF.exec(t.text) : null;
      if (cell && columnIndex(cell[2] ?? '') <= LAST_COLUMN) {
        const col = shiftCol(cell[1] ?? '', cell[2] ?? '');
        const row = shiftRow(cell[3] ?? '', cell[4] ?? '');
        return col === '#REF!' || row === '#REF!' ? '#REF!' : col + row;
      }
      if (t.kind === 'word' && rangeSide(i, COLUMN_ONLY)) {
        const m = COLUMN_ONLY.exec(t.text);
        return shiftCol(m?.[1] ?? '', m?.[2] ?? '');
      }
      if (rangeSide(i, ROW_ONLY)) {
        const m = ROW_ONLY.exec(t.text);
        return shiftRow(m?.[1] ?? '', m?.[2] ?? '');
      }
      return t.text;
    })
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Values

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Day 0 of spreadsheet serial dates (the 1900 system, counting Excel's phantom 29 Feb 1900). */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * exceljs gives dates as Date objects. A date at midnight becomes ISO text, which the format
 * reads as that date's serial number; with a time of day it becomes the serial number itself,
 * because the format has no text form for a date with a time.
 */
function dateToCell(d: Date): string | number {
  const ms = d.getTime();
  if (ms % DAY_MS === 0) return d.toISOString().slice(0, 10);
  return (ms - SERIAL_EPOCH_MS) / DAY_MS;
}

/**
 * How the formula engine reads texts typed into cells: `"12"` is the number 12, `"true"` is
 * TRUE, `"15/03/2026"` a date. Asked of the engine itself so that import and export agree with
 * the loader exactly.
 */
function engineReadings(texts: readonly string[]): Map<string, number | boolean | string | undefined> {
  const unique = [...new Set(texts)];
  const readings = new Map<string, number | boolean | string | undefined>();
  if (unique.length === 0) return readings;
  const width = 1000;
  const grid: string[][] = [];
  unique.forEach((t, i) => (grid[Math.floor(i / width)] ??= []).push(t));
  const hf = HyperFormula.buildFromSheets({ probe: grid }, ENGINE_CONFIG);
  try {
    unique.forEach((t, i) => {
      const v = hf.getCellValue({ sheet: 0, row: Math.floor(i / width), col: i % width });
      readings.set(t, typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : undefined);
    });
  } finally {
    hf.destroy();
  }
  return readings;
}

/** Text as shown in the cell: plain, rich text runs, or a hyperlink's text. */
function plainText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v !== 'object' || v === null) return undefined;
  if ('richText' in v && Array.isArray(v.richText)) {
    return v.richText.map((r: unknown) => (typeof r === 'object' && r !== null && 'text' in r ? String(r.text) : '')).join('');
  }
  if ('hyperlink' in v && 'text' in v) return plainText(v.text);
  return undefined;
}

function describeCellValue(v: ImportedCell): string {
  if (v === null) return 'empty';
  if (typeof v === 'object') return 'text' in v ? JSON.stringify(v.text) : v.formula.slice(1);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return ISO_DATE.test(v) ? v : JSON.stringify(v);
  return String(v);
}

/** Error values the formula engine can hold as a literal (`=#REF!`); the rest it cannot parse. */
const ENGINE_ERROR_LITERALS = new Set(['#DIV/0!', '#N/A', '#NAME?', '#NUM!', '#REF!', '#VALUE!', '#SPILL!']);

/**
 * A cell on its way in: final content, text still to be checked against the engine's reading,
 * or an error value kept as an error literal formula.
 */
type ImportedCell = CellContent | { readonly text: string } | { readonly formula: string };

function errorCode(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null && 'error' in v && typeof v.error === 'string' ? v.error : undefined;
}

/** A plain (non-formula) cell value from exceljs, or a formula's cached result. */
function importPlainValue(v: unknown): { cell: ImportedCell; problem?: string } {
  if (v === null || v === undefined) return { cell: null };
  if (typeof v === 'number') return { cell: Number.isFinite(v) ? v : null };
  if (typeof v === 'boolean') return { cell: v };
  if (v instanceof Date) return { cell: Number.isNaN(v.getTime()) ? null : dateToCell(v) };
  const code = errorCode(v);
  if (code !== undefined) {
    if (ENGINE_ERROR_LITERALS.has(code.toUpperCase())) {
      return { cell: { formula: `=${code.toUpperCase()}` }, problem: `the cell holds the error ${code}; imported as the formula =${code.toUpperCase()}, so cells using it show the error as in Excel` };
    }
    return { cell: null, problem: `the cell holds the error ${code}, which the formula engine cannot represent; imported empty` };
  }
  const text = plainText(v);
  if (text !== undefined) return { cell: text === '' ? null : { text } };
  return { cell: null, problem: `the cell holds a value of a kind that cannot be imported (${JSON.stringify(v).slice(0, 60)}); imported empty` };
}

// ---------------------------------------------------------------------------------------------
// Export

/** Excel refuses cells longer than this; the metadata JSON is split across cells below it. */
const CELL_TEXT_LIMIT = 32_000;

function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + size, text.length);
    // Never split a surrogate pair.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out.length > 0 ? out : [''];
}

function forEachCell(sheet: SheetDef, fn: (row: number, col: number, content: CellContent) => void): void {
  sheet.rows?.forEach((row, r) => row.forEach((v, c) => v !== null && fn(r, c, v)));
  for (const [key, v] of Object.entries(sheet.cells ?? {})) {
    const pos = parseA1(key);
    if (pos && v !== null) fn(pos.row, pos.col, v);
  }
}

const METADATA_FIELDS = ['format', 'id', 'kind', 'name', 'productLine', 'version', 'currency', 'description', 'parameters', 'outputs', 'modules', 'rules', 'tests'] as const;
/** Field order of a workbook file, so that imported models read like hand-written ones. */
const FIELD_ORDER = ['format', 'id', 'kind', 'name', 'productLine', 'version', 'currency', 'description', 'sheets', 'names', 'parameters', 'outputs', 'modules', 'rules', 'tests'];

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xmlUnescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/**
 * Model → XLSX bytes. Formulas are written without cached results and the file asks Excel to
 * recalculate on open. Names of module outputs (`actuator.unit_cost`) have no definition in the
 * file, so Excel shows #NAME? for formulas using them; import restores the includes.
 *
 * @throws Error when a sheet is named History (any case), which Excel reserves.
 * @example
 * const bytes = await exportWorkbookToXlsx(workbook);
 */
export async function exportWorkbookToXlsx(workbook: Workbook): Promise<Uint8Array> {
  const reserved = workbook.sheets.find((s) => s.name.toLowerCase() === 'history');
  if (reserved) throw new Error(`sheet "${reserved.name}": Excel reserves the sheet name History; rename the sheet before exporting`);

  const texts: string[] = [];
  for (const sheet of workbook.sheets) {
    forEachCell(sheet, (_r, _c, v) => {
      if (typeof v === 'string' && !v.startsWith('=') && !v.startsWith("'") && !ISO_DATE.test(v)) texts.push(v);
    });
  }
  for (const n of workbook.names) if (typeof n.expression === 'string' && !n.expression.startsWith('=')) texts.push(n.expression);
  const readings = engineReadings(texts);

  const xl = new ExcelJS.Workbook();
  xl.calcProperties.fullCalcOnLoad = true;
  for (const sheet of workbook.sheets) {
    const ws = xl.addWorksheet(sheet.name);
    forEachCell(sheet, (row, col, v) => {
      const cell = ws.getCell(row + 1, col + 1);
      if (typeof v !== 'string') cell.value = v;
      else if (v.startsWith('=')) cell.value = { formula: formulaToExcel(v) };
      // The engine drops a leading apostrophe: it only marks text ("'=not a formula").
      else if (v.startsWith("'")) cell.value = v.slice(1);
      // ISO dates stay text (the format's way of writing a date); other text goes in as the
      // engine reads it, so "12" stays the number 12 that the model computes with.
      else if (ISO_DATE.test(v)) cell.value = v;
      else {
        const reading = readings.get(v);
        cell.value = typeof reading === 'number' || typeof reading === 'boolean' ? reading : v;
      }
    });
  }

  const meta = xl.addWorksheet(METADATA_SHEET, { state: 'hidden' });
  meta.getCell('A1').value = 'field';
  meta.getCell('B1').value = 'value (JSON; a long value continues in the cells to its right)';
  let metaRow = 2;
  for (const field of METADATA_FIELDS) {
    const value = workbook[field];
    if (value === undefined) continue;
    meta.getCell(metaRow, 1).value = field;
    chunksOf(JSON.stringify(value), CELL_TEXT_LIMIT).forEach((chunk, i) => (meta.getCell(metaRow, 2 + i).value = chunk));
    metaRow++;
  }

  const written = new Uint8Array(await xl.xlsx.writeBuffer());
  if (workbook.names.length === 0) return written;
  // exceljs keeps defined names as sets of cells: no constants, formulas or comments. They are
  // written into workbook.xml here instead.
  const definedNames = workbook.names
    .map((n) => {
      let text: string;
      if (typeof n.expression === 'number') text = excelNumber(String(n.expression));
      else if (typeof n.expression === 'boolean') text = n.expression ? 'TRUE' : 'FALSE';
      else if (n.expression.startsWith('=')) text = formulaToExcel(n.expression);
      else {
        const reading = readings.get(n.expression);
        text = typeof reading === 'number' ? excelNumber(String(reading)) : typeof reading === 'boolean' ? (reading ? 'TRUE' : 'FALSE') : `"${n.expression.replace(/"/g, '""')}"`;
      }
      const comment = n.comment === undefined ? '' : ` comment="${xmlEscape(n.comment)}"`;
      return `<definedName name="${xmlEscape(n.name)}"${comment}>${xmlEscape(text)}</definedName>`;
    })
    .join('');
  const zip = await JSZip.loadAsync(written);
  const bookFile = zip.file('xl/workbook.xml');
  const book = bookFile ? await bookFile.async('string') : undefined;
  if (book === undefined || !book.includes('</sheets>') || book.includes('<definedNames')) {
    throw new Error('exceljs wrote xl/workbook.xml in an unexpected shape; the defined names could not be added');
  }
  zip.file('xl/workbook.xml', book.replace('</sheets>', `</sheets><definedNames>${definedNames}</definedNames>`));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

// ---------------------------------------------------------------------------------------------
// Import

interface XmlDefinedName {
  readonly name: string;
  readonly text: string;
  readonly localSheetId?: number;
  readonly comment?: string;
}

function xmlAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs.set(m[1] ?? '', xmlUnescape(m[2] ?? m[3] ?? ''));
  return attrs;
}

/**
 * Sheets (in file order) and defined names from xl/workbook.xml. Read here because exceljs
 * keeps only names that are plain cell ranges and forgets which sheet a local name belongs to.
 * The two elements are flat and attribute-only, so a pattern suffices; no XML parser is needed.
 */
function readWorkbookXml(xml: string): { sheets: string[]; names: XmlDefinedName[] } {
  const sheets: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) sheets.push(xmlAttributes(m[1] ?? '').get('name') ?? '');
  const names: XmlDefinedName[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?definedName\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?definedName>)/g)) {
    const attrs = xmlAttributes(m[1] ?? '');
    const local = attrs.get('localSheetId');
    const comment = attrs.get('comment');
    names.push({
      name: attrs.get('name') ?? '',
      text: xmlUnescape(m[2] ?? ''),
      ...(local !== undefined ? { localSheetId: Number(local) } : {}),
      ...(comment !== undefined && comment !== '' ? { comment } : {}),
    });
  }
  return { sheets, names };
}

const FORBIDDEN_IN_SHEET_NAME = /[[\]*?/\\:'!·]/g;

/** workbook.xml with sheets renamed (`renames`: lower-cased old name → new name). */
function renameSheetsInXml(xml: string, renames: ReadonlyMap<string, string>): string {
  return xml.replace(/<((?:\w+:)?sheet)\b([^>]*?)(\/?)>/g, (whole, tag: string, attrs: string, close: string) => {
    const renamed = renames.get((xmlAttributes(attrs).get('name') ?? '').toLowerCase());
    if (renamed === undefined) return whole;
    return `<${tag}${attrs.replace(/(\s)name\s*=\s*("[^"]*"|'[^']*')/, `$1name="${xmlEscape(renamed)}"`)}${close}>`;
  });
}

/** A sheet name the format accepts, unique ignoring case among `taken` (which it joins). */
function acceptableSheetName(name: string, taken: Set<string>): string {
  const base = name.replace(FORBIDDEN_IN_SHEET_NAME, '_').trim() || 'Sheet';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const candidate = base.slice(0, 31 - suffix.length) + suffix;
    if (!taken.has(candidate.toLowerCase()) && candidate.toLowerCase() !== METADATA_SHEET.toLowerCase()) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

function sheetNameFault(name: string): string {
  const bad = [...new Set(name.match(FORBIDDEN_IN_SHEET_NAME) ?? [])];
  const parts: string[] = [];
  if (bad.length > 0) parts.push(`may not contain ${bad.join(' ')}`);
  if (name.length > 31) parts.push(`is longer than 31 characters`);
  if (name.trim() === '') parts.push('is empty');
  // Excel reserves it, and exceljs refuses to read a sheet so named.
  if (name === 'History') parts.push('is reserved by Excel');
  return parts.join(' and ');
}

/** `Price list (2026).xlsx` → `price-list-2026`: a valid model id. */
function idFromFileName(base: string): string {
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (slug === '') return 'imported';
  return (/^[a-z_]/.test(slug) ? slug : `_${slug}`).slice(0, 64);
}

function baseName(fileName: string): string {
  const last = fileName.split(/[/\\]/).pop() ?? '';
  return last.replace(/\.(xlsx|xlsm|xltx|xltm)$/i, '').trim();
}

function toArrayBuffer(data: Uint8Array | ArrayBuffer): ArrayBuffer {
  if (!ArrayBuffer.isView(data)) return data;
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy.buffer;
}

/** A sheet's cells → `rows` when they fill most of the block from A1, else `cells`. */
function sheetOf(name: string, cells: ReadonlyMap<string, CellContent>): SheetDef {
  let maxRow = -1;
  let maxCol = -1;
  for (const key of cells.keys()) {
    const pos = parseA1(key);
    if (!pos) continue;
    maxRow = Math.max(maxRow, pos.row);
    maxCol = Math.max(maxCol, pos.col);
  }
  if (cells.size === 0) return { name, cells: {} };
  if (cells.size * 2 >= (maxRow + 1) * (maxCol + 1)) {
    const rows: CellContent[][] = Array.from({ length: maxRow + 1 }, () => []);
    for (const [key, v] of cells) {
      const pos = parseA1(key);
      if (!pos) continue;
      const row = rows[pos.row] as CellContent[];
      while (row.length < pos.col) row.push(null);
      row[pos.col] = v;
    }
    return { name, rows };
  }
  return { name, cells: Object.fromEntries(cells) };
}

/** What the formula engine cannot run in an Excel formula, in words; empty if it can run it. */
function unsupportedParts(reading: ExcelFormulaReading): string[] {
  const reasons: string[] = [];
  const fns = reading.unsupportedFunctions;
  if (fns.length === 1) reasons.push(`function ${fns[0]} is not supported by the formula engine`);
  if (fns.length > 1) reasons.push(`functions ${fns.join(', ')} are not supported by the formula engine`);
  const macros = reading.macroFunctions;
  if (macros.length > 0) reasons.push(`${macros.join(', ')} ${macros.length === 1 ? 'is a macro function' : 'are macro functions'}`);
  if (reading.externalLink) reasons.push('the formula refers to another workbook (an external link)');
  if (reading.tableReference) reasons.push('the formula uses a table reference (Table[Column]), which the formula engine does not support');
  return reasons;
}

/** One worksheet's cells by A1 address; what cannot come in as it was goes to `note`. */
function importSheetCells(ws: ExcelJS.Worksheet, ctx: FormulaContext, note: (cell: string, message: string) => void): Map<string, ImportedCell> {
  const cells = new Map<string, ImportedCell>();
  for (const range of ws.model.merges ?? []) {
    const master = range.split(':')[0] ?? range;
    note(master, `cells ${range} were merged; the merge was dropped and the value kept in ${master}`);
  }
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      // The other cells of a merged range echo its first cell's value.
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const address = formatA1({ row: Number(cell.row) - 1, col: Number(cell.col) - 1 });
      const v: unknown = cell.value;
      if (cell.type !== ExcelJS.ValueType.Formula || typeof v !== 'object' || v === null) {
        const { cell: content, problem } = importPlainValue(v);
        if (problem !== undefined) note(address, problem);
        if (content !== null) cells.set(address, content);
        return;
      }
      const result: unknown = 'result' in v ? v.result : undefined;
      let excelText: string | undefined = 'formula' in v && typeof v.formula === 'string' ? v.formula : undefined;
      if (excelText === undefined && 'sharedFormula' in v && typeof v.sharedFormula === 'string') {
        const master = ws.getCell(v.sharedFormula);
        const masterValue: unknown = master.value;
        const masterText = typeof masterValue === 'object' && masterValue !== null && 'formula' in masterValue && typeof masterValue.formula === 'string' ? masterValue.formula : undefined;
        if (masterText !== undefined) excelText = slideFormula(masterText, Number(cell.row) - Number(master.row), Number(cell.col) - Number(master.col));
      }
      // What the engine cannot compute comes in as the value Excel last computed for it.
      const asValue = (reasons: string): void => {
        const { cell: content } = importPlainValue(result);
        const outcome =
          content === null
            ? 'the file holds no computed value for it, so the cell was imported empty'
            : `the cell was imported as its last computed value ${describeCellValue(content)}`;
        note(address, `${reasons}; ${outcome}${excelText === undefined ? '' : ` (formula: =${excelText})`}`);
        if (content !== null) cells.set(address, content);
      };
      if (excelText === undefined) return asValue('the formula could not be read from the file (a shared formula without its first cell)');
      const ref = 'ref' in v && typeof v.ref === 'string' ? v.ref : undefined;
      if ('shareType' in v && v.shareType === 'array') {
        if (ref !== undefined && ref.includes(':') && ref.split(':')[0] !== ref.split(':')[1]) {
          return asValue(`the array formula fills ${ref}, which a price model cannot express (the other cells of the range keep their last computed values too)`);
        }
        // A one-cell array formula (Ctrl+Shift+Enter) computes element-wise, as ARRAYFORMULA does.
        excelText = `ARRAYFORMULA(${excelText})`;
      }
      const reading = formulaFromExcel(excelText, ctx);
      const reasons = unsupportedParts(reading);
      if (reasons.length > 0) return asValue(reasons.join('; '));
      if (reading.deletedReference) note(address, `the formula =${excelText} refers to deleted cells (#REF!); kept as written, so it shows #REF! as in Excel`);
      cells.set(address, reading.formula);
    });
  });
  return cells;
}

/**
 * XLSX bytes → a price model and the list of everything that could not be imported as it was.
 * A file exported by `exportWorkbookToXlsx` comes back whole (its `suanpan·meta` sheet carries
 * parameters, outputs, modules and tests). Any other file becomes a model without parameters or
 * outputs, named after the file, for the cost engineer to complete.
 *
 * @param fileName the name the model will be saved under: the id and name of a file without
 *   metadata derive from it, and validation messages name it.
 * @example
 * const { workbook, problems } = await importXlsx(bytes, 'workbooks/valve.xlsx');
 */
export async function importXlsx(data: Uint8Array | ArrayBuffer, fileName: string): Promise<XlsxImport> {
  const problems: XlsxProblem[] = [];
  const unreadable = (e: unknown): XlsxImport => ({
    problems: [{ message: `${fileName} is not a readable XLSX file (${e instanceof Error ? e.message : String(e)})` }],
  });
  const buffer = toArrayBuffer(data);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch (e) {
    return unreadable(e);
  }
  const bookXml = zip.file('xl/workbook.xml');
  if (!bookXml) return unreadable(new Error('xl/workbook.xml is missing'));
  const xml = await bookXml.async('string');
  const bookInfo = readWorkbookXml(xml);

  // exceljs cannot tell whether a file holds macros; the VBA project is a part of the package.
  const vba = Object.keys(zip.files).find((p) => /(^|\/)vbaProject\.bin$/i.test(p));
  if (vba !== undefined) problems.push({ message: `the file contains macros (${vba}); they were not imported: a price model holds formulas only` });

  // Sheet names the format refuses are renamed before exceljs reads the file, since exceljs
  // refuses some of them itself ("Q1/Q2"). Formulas and names that refer to them follow.
  const isMetadata = (name: string) => name.toLowerCase() === METADATA_SHEET.toLowerCase();
  const taken = new Set(bookInfo.sheets.filter((n) => !isMetadata(n) && sheetNameFault(n) === '').map((n) => n.toLowerCase()));
  const renamedSheets = new Map<string, string>();
  const originalName = new Map<string, string>();
  for (const name of bookInfo.sheets) {
    const fault = isMetadata(name) ? '' : sheetNameFault(name);
    if (fault === '') continue;
    const renamed = acceptableSheetName(name, taken);
    renamedSheets.set(name.toLowerCase(), renamed);
    originalName.set(renamed, name);
    problems.push({ sheet: name, message: `sheet name "${name}" ${fault}; renamed "${renamed}" (formulas and names that refer to it were updated)` });
  }
  const xl = new ExcelJS.Workbook();
  try {
    if (renamedSheets.size > 0) zip.file('xl/workbook.xml', renameSheetsInXml(xml, renamedSheets));
    await xl.xlsx.load(renamedSheets.size > 0 ? await zip.generateAsync({ type: 'arraybuffer' }) : buffer);
  } catch (e) {
    return unreadable(e);
  }
  if (xl.properties.date1904) {
    problems.push({ message: 'the file uses the 1904 date system; dates in cells were converted, but numbers that formulas use as dates are 1,462 days off' });
  }

  const xlsxName = (ws: ExcelJS.Worksheet) => originalName.get(ws.name) ?? ws.name;
  const worksheets = xl.worksheets;
  const metaSheet = worksheets.find((ws) => isMetadata(ws.name));
  const userSheets = worksheets.filter((ws) => ws !== metaSheet);
  for (const name of bookInfo.sheets) {
    if (!worksheets.some((ws) => xlsxName(ws) === name)) problems.push({ sheet: name, message: `sheet "${name}" is not a worksheet (a chart or dialog sheet); not imported` });
  }
  const ctx: FormulaContext = { renamedSheets, functions: new Set(HyperFormula.getRegisteredFunctionNames('enGB').map((n) => n.toUpperCase())) };

  // Cells. Text is settled afterwards, in one batch, against the engine's reading of it.
  const imported = userSheets.map((ws) => ({
    sheet: ws.name,
    xlsxName: xlsxName(ws),
    cells: importSheetCells(ws, ctx, (cell, message) => problems.push({ sheet: xlsxName(ws), cell, message })),
  }));

  // Text the engine would read as something else ("12", "TRUE", "=x") is marked as text.
  const texts: string[] = [];
  for (const s of imported) for (const c of s.cells.values()) if (c !== null && typeof c === 'object' && 'text' in c) texts.push(c.text);
  const readings = engineReadings(texts.filter((t) => !t.startsWith('=') && !t.startsWith("'") && !ISO_DATE.test(t)));
  const settle = (c: ImportedCell): CellContent => {
    if (c === null || typeof c !== 'object') return c;
    if ('formula' in c) return c.formula;
    const t = c.text;
    // ISO date text is how the format writes a date, and how export writes one: it stays a date.
    if (ISO_DATE.test(t)) return t;
    if (t.startsWith('=') || t.startsWith("'") || readings.get(t) !== t) return `'${t}`;
    return t;
  };
  const sheets: SheetDef[] = imported.map((s) => sheetOf(s.sheet, new Map([...s.cells].map(([k, c]) => [k, settle(c)]))));

  const names = importDefinedNames(bookInfo, ctx, problems);
  const meta = metaSheet ? readMetadata(metaSheet, fileName, problems) : undefined;
  if (meta?.broken) return { problems };

  const base = baseName(fileName) || 'Imported';
  const fields: Record<string, unknown> = meta?.fields ?? {
    format: WORKBOOK_FORMAT,
    id: idFromFileName(base),
    name: { zh: base, en: base },
    productLine: 'imported',
    version: '1.0.0',
    currency: 'CNY',
  };
  const draft: Record<string, unknown> = { ...fields, sheets, names };
  const ordered = Object.fromEntries([...FIELD_ORDER.filter((k) => k in draft), ...Object.keys(draft).filter((k) => !FIELD_ORDER.includes(k))].map((k) => [k, draft[k]]));

  const sink = new ErrorSink(fileName);
  const workbook = validateWorkbook(ordered, sink);
  for (const e of sink.errors) problems.push(locateError(e, imported, names, meta?.rows));
  return workbook && sink.ok ? { workbook, problems } : { problems };
}

type NamedExpression = Workbook['names'][number];

function importDefinedNames(
  book: { sheets: readonly string[]; names: readonly XmlDefinedName[] },
  ctx: FormulaContext,
  problems: XlsxProblem[],
): NamedExpression[] {
  const names: NamedExpression[] = [];
  const globalNames = new Set(book.names.filter((n) => n.localSheetId === undefined).map((n) => n.name.toLowerCase()));
  const localCount = new Map<string, number>();
  for (const n of book.names) if (n.localSheetId !== undefined) localCount.set(n.name.toLowerCase(), (localCount.get(n.name.toLowerCase()) ?? 0) + 1);
  for (const n of book.names) {
    // Print areas, print titles, filter ranges: Excel's own bookkeeping, not part of a price.
    if (/^_xlnm\./i.test(n.name)) continue;
    const say = (message: string) => problems.push({ message: `defined name "${n.name}" (${n.text}): ${message}` });
    if (n.localSheetId !== undefined) {
      const sheet = book.sheets[n.localSheetId] ?? `#${n.localSheetId}`;
      const clash = globalNames.has(n.name.toLowerCase()) || (localCount.get(n.name.toLowerCase()) ?? 0) > 1;
      if (clash) {
        say(`is local to sheet "${sheet}" and another name "${n.name}" exists; a price model has only global names, so it was not imported`);
        continue;
      }
      say(`was local to sheet "${sheet}"; imported as a global name`);
    }
    const text = n.text.trim();
    let expression: NamedExpression['expression'];
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) expression = Number(text);
    else if (/^(TRUE|FALSE)$/i.test(text)) expression = text.toUpperCase() === 'TRUE';
    else {
      const reading = formulaFromExcel(text, ctx);
      const reasons = unsupportedParts(reading);
      if (reasons.length > 0) {
        say(`${reasons.join('; ')}; not imported, so formulas using it will report an unknown name`);
        continue;
      }
      if (reading.deletedReference) say('refers to deleted cells (#REF!); kept as written');
      expression = reading.formula;
    }
    names.push({ name: n.name, expression, ...(n.comment !== undefined ? { comment: n.comment } : {}) });
  }
  return names;
}

interface Metadata {
  readonly fields: Record<string, unknown>;
  /** Row of each field in the metadata sheet, for messages. */
  readonly rows: ReadonlyMap<string, number>;
  /** A field could not be read as JSON: the model cannot be assembled. */
  readonly broken: boolean;
}

function readMetadata(ws: ExcelJS.Worksheet, fileName: string, problems: XlsxProblem[]): Metadata {
  const fields: Record<string, unknown> = {};
  const rows = new Map<string, number>();
  let broken = false;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (r === 1) return;
    const field = plainText(row.getCell(1).value)?.trim();
    if (field === undefined || field === '') return;
    const parts: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (Number(cell.col) >= 2) parts.push(plainText(cell.value) ?? (cell.value === null ? '' : String(cell.value)));
    });
    const at = { sheet: ws.name, cell: `B${r}` };
    if (field === 'sheets' || field === 'names') {
      problems.push({ ...at, message: `field "${field}" comes from the spreadsheet itself, not the metadata sheet; ignored` });
      return;
    }
    if (rows.has(field)) {
      problems.push({ ...at, message: `field "${field}" is given twice; the first one (row ${rows.get(field)}) was used` });
      return;
    }
    const sink = new ErrorSink(fileName);
    const value = parseJsonText(parts.join(''), sink);
    rows.set(field, r);
    if (!sink.ok) {
      broken = true;
      for (const e of sink.errors) problems.push({ ...at, message: `${fileName}: ${field}: ${e.message}` });
      return;
    }
    fields[field] = value;
  });
  return { fields, rows, broken };
}

/** A validation error → a problem pointing at the sheet and cell it concerns. */
function locateError(
  e: WorkbookError,
  imported: readonly { sheet: string; xlsxName: string }[],
  names: readonly NamedExpression[],
  metaRows: ReadonlyMap<string, number> | undefined,
): XlsxProblem {
  const message = formatWorkbookError(e);
  const sheetMatch = /^sheets\[(\d+)\](?:\.cells(?:\.([A-Z]+[0-9]+)|\["([^"]+)"\])|\.rows\[(\d+)\]\[(\d+)\])?/.exec(e.path);
  if (sheetMatch) {
    const sheet = imported[Number(sheetMatch[1])]?.xlsxName;
    const cell = sheetMatch[2] ?? sheetMatch[3] ?? (sheetMatch[4] !== undefined ? formatA1({ row: Number(sheetMatch[4]), col: Number(sheetMatch[5]) }) : undefined);
    return { ...(sheet !== undefined ? { sheet } : {}), ...(cell !== undefined ? { cell } : {}), message };
  }
  const nameMatch = /^names\[(\d+)\]/.exec(e.path);
  if (nameMatch) return { message: `defined name "${names[Number(nameMatch[1])]?.name ?? '?'}": ${message}` };
  const field = /^[A-Za-z_$][\w$]*/.exec(e.path)?.[0];
  const row = field !== undefined ? metaRows?.get(field) : undefined;
  if (row !== undefined) return { sheet: METADATA_SHEET, cell: `B${row}`, message };
  return { message };
}
