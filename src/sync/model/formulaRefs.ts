/**
 * Formula references in two spellings: A1, as people and HyperFormula write them, and the id
 * form the model document stores, where every reference names stable sheet, row and column
 * ids, so it keeps pointing at the same cells while rows and columns are inserted and deleted
 * concurrently. Pure TypeScript (no Yjs): the document supplies ids and positions through
 * small interfaces.
 *
 * Id form: each reference is one token between ⟦ and ⟧, made of corners separated by `~`,
 * each corner a comma-separated list of `s:<sheet id>` (only if the A1 text named a sheet),
 * `c:<column id>` and `r:<row id>`, the last two prefixed with `$` when absolute:
 *
 *   A1                      id form
 *   B2                      ⟦c:k2x…,r:9fa…⟧
 *   Tables!$A$9:$J$22       ⟦s:q1w…,$c:a01…,$r:b02…~$c:a10…,$r:b15…⟧
 *   A:C, 'My sheet'!2:5     ⟦c:…~c:…⟧, ⟦s:…,r:…~r:…⟧
 *
 * Everything else (strings, function names, names such as `actuator.unit_cost`, numbers,
 * error literals, whitespace) is kept verbatim. A reference this module cannot resolve (a
 * sheet that does not exist, a cell reference with no sheet where there is no current sheet)
 * is also kept verbatim, in A1, and simply does not follow row moves.
 *
 * Back to A1: a reference to a deleted row, column or sheet becomes `#REF!`, like Excel. A
 * range whose corner row (column) was deleted shrinks: the corner moves inward to the row
 * (column) that was its nearest survivor when it was deleted, and if the range has no row
 * left the range is `#REF!`. Ranges are stored corner-ordered (`B9:B2` becomes `B2:B9`),
 * as HyperFormula stores them, so the start corner is always the upper or left one.
 */
import { MAX_COLS, MAX_ROWS, columnLetters } from '../../domain/workbook/a1.js';

/** One axis of a corner: a row or column (index in A1, id in the id form) and its `$`. */
export interface AxisRef<T> {
  readonly at: T;
  readonly absolute: boolean;
}

/** A cell (column and row), a whole column (column only) or a whole row (row only). */
export interface RefCorner<T> {
  /** A sheet name in A1, a sheet id in the id form; absent when the text named no sheet. */
  readonly sheet?: string;
  readonly col?: AxisRef<T>;
  readonly row?: AxisRef<T>;
}

/** A single corner, or a range from `start` to `end` (both of the same kind). */
export interface Reference<T> {
  readonly start: RefCorner<T>;
  readonly end?: RefCorner<T>;
}

/** Zero-based indexes. */
export type A1Reference = Reference<number>;
export type IdReference = Reference<string>;

export type FormulaToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'a1'; readonly text: string; readonly ref: A1Reference }
  | { readonly kind: 'id'; readonly text: string; readonly ref: IdReference };

// Character classes of HyperFormula's lexer (parser/parser-consts): letters it accepts in
// names and unquoted sheet names, and the characters that may continue a name.
const LETTER = 'A-Za-z\\u00C0-\\u02AF';
const NAME_CHAR = `${LETTER}0-9_.`;
const SHEET = `(?:([${LETTER}0-9_]+)|'((?:[^']|'')*)')!`;

const WHITESPACE = /[ \t\n\r]+/y;
const OPERATOR_CHARS = new Set('+-*/^=<>%(){}:,;&');
const OFFSET = /OFFSET/iy;
const PROCEDURE = new RegExp(`[${LETTER}][${NAME_CHAR}]*\\(`, 'y');
const COLUMN_RANGE = new RegExp(`(?:${SHEET})?(\\$?)([A-Za-z]+):(?:${SHEET})?(\\$?)([A-Za-z]+)`, 'y');
const ROW_RANGE = new RegExp(`(?:${SHEET})?(\\$?)([0-9]+):(?:${SHEET})?(\\$?)([0-9]+)`, 'y');
const NUMBER = /(?:\.\d+|\d+(?:\.\d*)?)(?:e[+-]?\d+)?/y;
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/y;
const ERROR = /#[A-Za-z0-9/]+[?!]?/y;
const CELL = new RegExp(`(?:${SHEET})?(\\$?)([A-Za-z]+)(\\$?)([0-9]+)(?![${NAME_CHAR}])`, 'y');
const NAME = new RegExp(`[${LETTER}_][${NAME_CHAR}]*`, 'y');
const ID_TOKEN = /⟦([^⟦⟧"]*)⟧/y;

const UNQUOTED_SHEET = new RegExp(`^[${LETTER}0-9_]+$`);

function columnIndex(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

function sheetOf(m: RegExpExecArray, unquoted: number): string | undefined {
  const plain = m[unquoted];
  if (plain !== undefined) return plain;
  const quoted = m[unquoted + 1];
  return quoted === undefined ? undefined : quoted.replace(/''/g, "'");
}

function colAxis(dollar: string | undefined, letters: string | undefined): AxisRef<number> | undefined {
  if (letters === undefined) return undefined;
  const at = columnIndex(letters);
  return at < MAX_COLS ? { at, absolute: dollar === '$' } : undefined;
}

function rowAxis(dollar: string | undefined, digits: string | undefined): AxisRef<number> | undefined {
  if (digits === undefined) return undefined;
  const n = Number(digits);
  return n >= 1 && n <= MAX_ROWS ? { at: n - 1, absolute: dollar === '$' } : undefined;
}

function corner(sheet: string | undefined, col?: AxisRef<number>, row?: AxisRef<number>): RefCorner<number> {
  return { ...(sheet === undefined ? {} : { sheet }), ...(col ? { col } : {}), ...(row ? { row } : {}) };
}

/** Raw tokens before cell ranges are joined: `sep` is a range colon, `space` whitespace. */
type RawToken = FormulaToken | { readonly kind: 'sep' | 'space'; readonly text: string };

/**
 * Split a formula into tokens, trying HyperFormula's token patterns in HyperFormula's order
 * (the first that matches wins, as in its lexer), so that `LOG10(` is a function, `PN_16`
 * and `actuator.unit_cost` are names, `1e17` is a number and `"A1"` a string, exactly where
 * HyperFormula sees them so. `⟦…⟧` tokens of the id form are recognised as well.
 */
function rawTokens(formula: string): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = i;
    return re.exec(formula);
  };
  while (i < formula.length) {
    const ch = formula.charAt(i);
    let m: RegExpExecArray | null;
    if (ch === '⟦' && (m = at(ID_TOKEN))) {
      const ref = parseIdReference(m[0]);
      out.push(ref ? { kind: 'id', text: m[0], ref } : { kind: 'text', text: m[0] });
    } else if ((m = at(WHITESPACE))) {
      out.push({ kind: 'space', text: m[0] });
    } else if (ch === ':') {
      out.push({ kind: 'sep', text: ch });
    } else if (OPERATOR_CHARS.has(ch)) {
      out.push({ kind: 'text', text: ch });
    } else if ((m = at(OFFSET)) || (m = at(PROCEDURE))) {
      out.push({ kind: 'text', text: m[0] });
    } else if ((m = at(COLUMN_RANGE))) {
      const a = colAxis(m[3], m[4]);
      const b = colAxis(m[7], m[8]);
      const ref = a && b ? { start: corner(sheetOf(m, 1), a), end: corner(sheetOf(m, 5), b) } : undefined;
      out.push(ref ? { kind: 'a1', text: m[0], ref } : { kind: 'text', text: m[0] });
    } else if ((m = at(ROW_RANGE))) {
      const a = rowAxis(m[3], m[4]);
      const b = rowAxis(m[7], m[8]);
      const ref = a && b ? { start: corner(sheetOf(m, 1), undefined, a), end: corner(sheetOf(m, 5), undefined, b) } : undefined;
      out.push(ref ? { kind: 'a1', text: m[0], ref } : { kind: 'text', text: m[0] });
    } else if ((m = at(NUMBER)) || (m = at(STRING)) || (m = at(ERROR))) {
      out.push({ kind: 'text', text: m[0] });
    } else if (ch === '"') {
      // An unterminated string: HyperFormula refuses the formula; translate nothing after it,
      // in either direction, so both spellings keep the same text.
      out.push({ kind: 'text', text: formula.slice(i) });
    } else if ((m = at(CELL))) {
      const col = colAxis(m[3], m[4]);
      const row = rowAxis(m[5], m[6]);
      out.push(col && row ? { kind: 'a1', text: m[0], ref: { start: corner(sheetOf(m, 1), col, row) } } : { kind: 'text', text: m[0] });
    } else if ((m = at(NAME))) {
      out.push({ kind: 'text', text: m[0] });
    } else {
      out.push({ kind: 'text', text: ch });
    }
    i += out[out.length - 1]?.text.length ?? 1;
  }
  return out;
}

const isCell = (t: RawToken | undefined): t is Extract<FormulaToken, { kind: 'a1' }> =>
  t?.kind === 'a1' && t.ref.end === undefined && t.ref.start.col !== undefined && t.ref.start.row !== undefined;

/**
 * The tokens of `formula`, with `A1:B2` (also `A1 : B2`, as HyperFormula allows) joined into
 * one range reference and adjacent plain text merged.
 */
export function lexFormula(formula: string): FormulaToken[] {
  const raw = rawTokens(formula);
  const out: FormulaToken[] = [];
  const pushText = (text: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + text };
    else out.push({ kind: 'text', text });
  };
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i] as RawToken;
    if (isCell(t)) {
      let j = i + 1;
      if (raw[j]?.kind === 'space') j++;
      if (raw[j]?.kind === 'sep') {
        j++;
        if (raw[j]?.kind === 'space') j++;
        const end = raw[j];
        if (isCell(end)) {
          const text = raw.slice(i, j + 1).map((r) => r.text).join('');
          out.push({ kind: 'a1', text, ref: { start: t.ref.start, end: end.ref.start } });
          i = j;
          continue;
        }
      }
    }
    if (t.kind === 'a1' || t.kind === 'id') out.push(t);
    else pushText(t.text);
  }
  return out;
}

/** The A1 references of a formula, e.g. to see which rows and columns it needs. */
export function a1References(formula: string): A1Reference[] {
  return lexFormula(formula).flatMap((t) => (t.kind === 'a1' ? [t.ref] : []));
}

/** A sheet name as a formula writes it: bare when HyperFormula allows, else quoted. */
export function formatSheetName(name: string): string {
  return UNQUOTED_SHEET.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function formatA1Corner(c: RefCorner<number>): string {
  const sheet = c.sheet === undefined ? '' : `${formatSheetName(c.sheet)}!`;
  const col = c.col ? `${c.col.absolute ? '$' : ''}${columnLetters(c.col.at)}` : '';
  const row = c.row ? `${c.row.absolute ? '$' : ''}${c.row.at + 1}` : '';
  return sheet + col + row;
}

export function formatA1Reference(ref: A1Reference): string {
  return formatA1Corner(ref.start) + (ref.end ? `:${formatA1Corner(ref.end)}` : '');
}

function formatIdCorner(c: RefCorner<string>): string {
  const parts: string[] = [];
  if (c.sheet !== undefined) parts.push(`s:${c.sheet}`);
  if (c.col) parts.push(`${c.col.absolute ? '$' : ''}c:${c.col.at}`);
  if (c.row) parts.push(`${c.row.absolute ? '$' : ''}r:${c.row.at}`);
  return parts.join(',');
}

export function formatIdReference(ref: IdReference): string {
  return `⟦${formatIdCorner(ref.start)}${ref.end ? `~${formatIdCorner(ref.end)}` : ''}⟧`;
}

const ID_PART = /^(s|\$?c|\$?r):([A-Za-z0-9_-]+)$/;

function parseIdCorner(text: string): RefCorner<string> | undefined {
  let sheet: string | undefined;
  let col: AxisRef<string> | undefined;
  let row: AxisRef<string> | undefined;
  // Parts come in the order s, c, r, each at most once.
  let stage = 0;
  for (const part of text.split(',')) {
    const m = ID_PART.exec(part);
    if (!m) return undefined;
    const [, key = '', id = ''] = m;
    const kind = key.replace('$', '');
    const order = kind === 's' ? 1 : kind === 'c' ? 2 : 3;
    if (order <= stage) return undefined;
    stage = order;
    if (kind === 's') sheet = id;
    else if (kind === 'c') col = { at: id, absolute: key.startsWith('$') };
    else row = { at: id, absolute: key.startsWith('$') };
  }
  if (!col && !row) return undefined;
  return { ...(sheet === undefined ? {} : { sheet }), ...(col ? { col } : {}), ...(row ? { row } : {}) };
}

/** `⟦…⟧` → the reference, or undefined if the text is not a well-formed id reference. */
export function parseIdReference(text: string): IdReference | undefined {
  if (!text.startsWith('⟦') || !text.endsWith('⟧')) return undefined;
  const corners = text.slice(1, -1).split('~');
  if (corners.length > 2) return undefined;
  const start = parseIdCorner(corners[0] ?? '');
  if (!start) return undefined;
  if (corners.length === 1) return { start };
  const end = parseIdCorner(corners[1] ?? '');
  if (!end || (end.col === undefined) !== (start.col === undefined) || (end.row === undefined) !== (start.row === undefined)) return undefined;
  return { start, end };
}

/** What the document knows to turn A1 into ids. */
export interface IdTarget {
  /** The id of the sheet a formula names (HyperFormula matches sheet names ignoring case). */
  sheetId(name: string): string | undefined;
  /** The id of the row at `index` of a sheet; undefined beyond the sheet's rows. */
  rowId(sheetId: string, index: number): string | undefined;
  colId(sheetId: string, index: number): string | undefined;
}

export type Axis = 'rows' | 'cols';

/** What the document knows to turn ids back into A1. */
export interface A1Source {
  /** The current name of a sheet; undefined if it was removed. */
  sheetName(sheetId: string): string | undefined;
  /** The current index of a row or column; undefined once it is deleted (or if it is unknown). */
  indexOf(sheetId: string, axis: Axis, id: string): number | undefined;
  /**
   * For a deleted row or column: the current index of the one that was its nearest survivor
   * on `side` when it was deleted (or that one's survivor, if it went too); undefined if none.
   */
  survivorOf(sheetId: string, axis: Axis, id: string, side: 'before' | 'after'): number | undefined;
}

/** Thrown when A1 text already holds an id-form reference: `⟦…⟧` is reserved for the document. */
export class ReservedReferenceError extends Error {}

function requireNoIdTokens(formula: string, tokens: readonly FormulaToken[]): void {
  const id = tokens.find((t) => t.kind === 'id');
  if (id) throw new ReservedReferenceError(`${JSON.stringify(formula)} contains ${id.text}; text between ⟦ and ⟧ is reserved for stored references`);
}

/** Throws ReservedReferenceError if typed A1 text contains an id-form reference. */
export function requireNoIdReferences(formula: string): void {
  requireNoIdTokens(formula, lexFormula(formula));
}

/** Corners in order on each axis (`B9:B2` → `B2:B9`, `$C2:B9` → `B2:$C9`), as HyperFormula stores ranges. */
export function normaliseRange(ref: A1Reference): A1Reference {
  const { start, end } = ref;
  if (!end) return ref;
  const swapCol = start.col !== undefined && end.col !== undefined && start.col.at > end.col.at;
  const swapRow = start.row !== undefined && end.row !== undefined && start.row.at > end.row.at;
  if (!swapCol && !swapRow) return ref;
  return {
    start: corner(start.sheet, swapCol ? end.col : start.col, swapRow ? end.row : start.row),
    end: corner(end.sheet, swapCol ? start.col : end.col, swapRow ? start.row : end.row),
  };
}

function referenceToIds(a1: A1Reference, target: IdTarget, contextSheet: string | undefined): IdReference | undefined {
  const ref = normaliseRange(a1);
  const sheetFor = (c: RefCorner<number>, fallback: string | undefined) => (c.sheet === undefined ? fallback : target.sheetId(c.sheet));
  const startSheet = sheetFor(ref.start, contextSheet);
  if (startSheet === undefined) return undefined;
  const endSheet = ref.end ? sheetFor(ref.end, startSheet) : startSheet;
  if (endSheet === undefined) return undefined;
  const convert = (c: RefCorner<number>, sheet: string, sheetId: string | undefined): RefCorner<string> | undefined => {
    const col = c.col ? target.colId(sheet, c.col.at) : undefined;
    const row = c.row ? target.rowId(sheet, c.row.at) : undefined;
    if ((c.col && col === undefined) || (c.row && row === undefined)) return undefined;
    return {
      ...(sheetId === undefined ? {} : { sheet: sheetId }),
      ...(c.col && col !== undefined ? { col: { at: col, absolute: c.col.absolute } } : {}),
      ...(c.row && row !== undefined ? { row: { at: row, absolute: c.row.absolute } } : {}),
    };
  };
  const start = convert(ref.start, startSheet, ref.start.sheet === undefined ? undefined : startSheet);
  if (!start) return undefined;
  if (!ref.end) return { start };
  const end = convert(ref.end, endSheet, ref.end.sheet === undefined ? undefined : endSheet);
  return end ? { start, end } : undefined;
}

/**
 * A1 formula (or any formula text) → id form. References on `contextSheet` (a sheet id) need
 * no sheet name; with no context sheet (names, module inputs) such references stay as written.
 * Throws ReservedReferenceError if the text already contains an id-form reference.
 */
export function toIdForm(formula: string, target: IdTarget, contextSheet: string | undefined): string {
  const tokens = lexFormula(formula);
  requireNoIdTokens(formula, tokens);
  return tokens
    .map((t) => {
      if (t.kind !== 'a1') return t.text;
      const ref = referenceToIds(t.ref, target, contextSheet);
      return ref ? formatIdReference(ref) : t.text;
    })
    .join('');
}

/**
 * Indexes of a range's corners on one axis, or undefined for #REF!: a deleted start corner
 * moves to its survivor after it, a deleted end corner to its survivor before it, and a
 * range left with nothing between them is gone.
 */
function rangeAxis(source: A1Source, axis: Axis, startSheet: string, start: string, endSheet: string, end: string): [number, number] | undefined {
  const startLive = source.indexOf(startSheet, axis, start);
  const endLive = source.indexOf(endSheet, axis, end);
  const lo = startLive ?? source.survivorOf(startSheet, axis, start, 'after');
  const hi = endLive ?? source.survivorOf(endSheet, axis, end, 'before');
  if (lo === undefined || hi === undefined) return undefined;
  // Two live corners keep their order even if it is reversed (text written before ranges
  // were stored corner-ordered); a moved corner that passed the other means nothing is left.
  if (lo > hi && (startLive === undefined || endLive === undefined)) return undefined;
  return [lo, hi];
}

export const REF_ERROR = '#REF!';

function referenceToA1(ref: IdReference, source: A1Source, contextSheet: string | undefined): string {
  const startSheet = ref.start.sheet ?? contextSheet;
  const endSheet = ref.end?.sheet ?? startSheet;
  if (startSheet === undefined || endSheet === undefined) return REF_ERROR;
  const startName = source.sheetName(startSheet);
  const endName = source.sheetName(endSheet);
  if (startName === undefined || endName === undefined) return REF_ERROR;
  const a1Corner = (c: RefCorner<string>, name: string, col: number | undefined, row: number | undefined): RefCorner<number> =>
    corner(
      c.sheet === undefined ? undefined : name,
      c.col && col !== undefined ? { at: col, absolute: c.col.absolute } : undefined,
      c.row && row !== undefined ? { at: row, absolute: c.row.absolute } : undefined,
    );

  const { start, end } = ref;
  if (!end) {
    const col = start.col ? source.indexOf(startSheet, 'cols', start.col.at) : undefined;
    const row = start.row ? source.indexOf(startSheet, 'rows', start.row.at) : undefined;
    if ((start.col && col === undefined) || (start.row && row === undefined)) return REF_ERROR;
    return formatA1Reference({ start: a1Corner(start, startName, col, row) });
  }
  const cols = start.col && end.col ? rangeAxis(source, 'cols', startSheet, start.col.at, endSheet, end.col.at) : null;
  const rows = start.row && end.row ? rangeAxis(source, 'rows', startSheet, start.row.at, endSheet, end.row.at) : null;
  if (cols === undefined || rows === undefined) return REF_ERROR;
  return formatA1Reference({
    start: a1Corner(start, startName, cols?.[0], rows?.[0]),
    end: a1Corner(end, endName, cols?.[1], rows?.[1]),
  });
}

/** Id form → A1, with `#REF!` for references to deleted rows, columns or sheets. */
export function toA1Form(formula: string, source: A1Source, contextSheet: string | undefined): string {
  return lexFormula(formula)
    .map((t) => (t.kind === 'id' ? referenceToA1(t.ref, source, contextSheet) : t.text))
    .join('');
}

/**
 * A bare reference such as a parameter's `bind` or an output's `ref`: `Inputs!B2` → the
 * reference, or undefined for anything else (a name such as `Qty`). The workbook format also
 * accepts sheet names HyperFormula would want quoted (`输入!B2`, `My sheet!B2`).
 */
export function parseBareReference(text: string): A1Reference | undefined {
  const tokens = lexFormula(text);
  const only = tokens.length === 1 ? tokens[0] : undefined;
  requireNoIdTokens(text, tokens);
  if (only?.kind === 'a1') return only.ref.start.sheet === undefined ? undefined : only.ref;
  const loose = /^([^'!]+)!(\$?[A-Za-z]+\$?[0-9]+)$/.exec(text);
  if (!loose) return undefined;
  const [ref] = a1References(`${formatSheetName(loose[1] ?? '')}!${loose[2] ?? ''}`);
  return ref;
}

/** A bare reference (see parseBareReference) → id form; names and unknown sheets stay as written. */
export function bareRefToIdForm(text: string, target: IdTarget): string {
  const ref = parseBareReference(text);
  const ids = ref ? referenceToIds(ref, target, undefined) : undefined;
  return ids ? formatIdReference(ids) : text;
}

/** The reverse of bareRefToIdForm: an id-form reference → `Sheet!B2` (or `#REF!`); other text unchanged. */
export function bareRefToA1Form(text: string, source: A1Source): string {
  const tokens = lexFormula(text);
  const only = tokens.length === 1 ? tokens[0] : undefined;
  return only?.kind === 'id' ? referenceToA1(only.ref, source, undefined) : text;
}

/**
 * A formula in A1 as it reads once copied `rowOffset` rows down and `colOffset` columns right,
 * the way Excel's fill and paste do it: relative rows and columns move, `$`-absolute ones stay,
 * sheet names are kept. A reference that would leave the sheet (above row 1, left of column A,
 * past the largest sheet) becomes `#REF!`; for a range, if either corner leaves. References
 * that do not move keep their text exactly; strings, names and functions are untouched.
 *
 * @example
 *   shiftFormula('=B2*$C$1+Tables!A$3', 2, 1) // '=C4*$C$1+Tables!B$3'
 */
export function shiftFormula(a1Formula: string, rowOffset: number, colOffset: number): string {
  if (rowOffset === 0 && colOffset === 0) return a1Formula;
  return lexFormula(a1Formula)
    .map((t) => {
      if (t.kind !== 'a1') return t.text;
      const moved = shiftReference(t.ref, rowOffset, colOffset);
      if (moved === undefined) return REF_ERROR;
      return moved === t.ref ? t.text : formatA1Reference(moved);
    })
    .join('');
}

/** The reference moved (the same object if nothing in it is relative), or undefined if it leaves the sheet. */
function shiftReference(ref: A1Reference, rowOffset: number, colOffset: number): A1Reference | undefined {
  const moves = (c: RefCorner<number>) => (c.row !== undefined && !c.row.absolute && rowOffset !== 0) || (c.col !== undefined && !c.col.absolute && colOffset !== 0);
  if (!moves(ref.start) && !(ref.end && moves(ref.end))) return ref;
  const start = shiftCorner(ref.start, rowOffset, colOffset);
  if (!start) return undefined;
  if (!ref.end) return { start };
  const end = shiftCorner(ref.end, rowOffset, colOffset);
  return end ? { start, end } : undefined;
}

function shiftCorner(c: RefCorner<number>, rowOffset: number, colOffset: number): RefCorner<number> | undefined {
  const axis = (a: AxisRef<number> | undefined, offset: number, max: number): AxisRef<number> | undefined | null => {
    if (!a || a.absolute) return a;
    const at = a.at + offset;
    return at < 0 || at >= max ? null : { at, absolute: false };
  };
  const row = axis(c.row, rowOffset, MAX_ROWS);
  const col = axis(c.col, colOffset, MAX_COLS);
  if (row === null || col === null) return undefined;
  return corner(c.sheet, col, row);
}
