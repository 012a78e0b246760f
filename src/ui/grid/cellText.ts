/**
 * What a cell shows and what typing into it means: pure functions, no DOM, no engine.
 *
 * Typed text → content: `=…` a formula, a number (1234.5, -3, 1e3, 1,234.5, 12.5%) a number,
 * TRUE/FALSE (any case) a boolean, nothing clears the cell, anything else is text as typed
 * (a leading `'` keeps text that would read as a number; the engine shows it without the `'`).
 */
import type { CellContent } from '../../domain/workbook/schema';
import { a1References } from '../../sync/model/formulaRefs';
import type { Language } from '../i18n';
import { errorCodes, gridMessages, type ErrorCode } from '../workbench/gridMessages';

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** The number `text` spells, or undefined; percentages are divided by 100, as Excel reads them. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  const percent = t.endsWith('%');
  const body = percent ? t.slice(0, -1).trim() : t;
  let n: number | undefined;
  if (PLAIN_NUMBER.test(body)) n = Number(body);
  else if (GROUPED_NUMBER.test(body)) n = Number(body.replace(/,/g, ''));
  if (n === undefined || !Number.isFinite(n)) return undefined;
  // Divide through the decimal text, so 12.5% is 0.125 exactly and not 0.12500000000000003.
  return percent ? Number(`${n}e-2`) : n;
}

/** What typed (or pasted) text stores. */
export function inputToContent(text: string): CellContent {
  if (text.trim() === '') return null;
  if (text.startsWith('=')) return text;
  const n = parseNumber(text);
  if (n !== undefined) return n;
  const upper = text.trim().toUpperCase();
  if (upper === 'TRUE') return true;
  if (upper === 'FALSE') return false;
  return text;
}

/** The text an editor starts with for stored content; inputToContent of it gives the content back. */
export function contentToInput(content: CellContent | undefined): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'boolean') return content ? 'TRUE' : 'FALSE';
  if (typeof content === 'number') return String(content);
  if (content === '' || content.startsWith('=') || content.startsWith("'")) return content;
  // Text that would read back as something else keeps its meaning with a leading apostrophe.
  return typeof inputToContent(content) === 'string' ? content : `'${content}`;
}

/**
 * A number as the grid shows it: as computed, but with binary floating-point noise removed
 * (0.1 + 0.2 shows 0.3, as in Excel, which shows 15 significant digits).
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** An error value as the engine gives it (HyperFormula's DetailedCellError has these fields). */
export interface ErrorLike {
  readonly value: string;
  readonly message?: string;
}

export type EngineValue = number | string | boolean | null | undefined | ErrorLike;

export type DisplayKind = 'empty' | 'number' | 'text' | 'boolean' | 'error';

export interface Display {
  readonly text: string;
  readonly kind: DisplayKind;
}

export function isErrorLike(v: unknown): v is ErrorLike {
  return typeof v === 'object' && v !== null && typeof (v as { value?: unknown }).value === 'string';
}

/** A computed value as the cell shows it: numbers as they are, TRUE/FALSE, errors as their code. */
export function displayValue(v: EngineValue): Display {
  if (v === null || v === undefined || v === '') return { text: '', kind: 'empty' };
  if (typeof v === 'number') return { text: formatNumber(v), kind: 'number' };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE', kind: 'boolean' };
  if (typeof v === 'string') return { text: v, kind: 'text' };
  return { text: v.value, kind: 'error' };
}

export function isErrorCode(code: string): code is ErrorCode {
  return (errorCodes as readonly string[]).includes(code);
}

/**
 * The hover text of an error cell: the code, what it means in plain words, and the engine's
 * own message when it adds something.
 */
export function errorExplanation(code: string, engineMessage: string | undefined, language: Language): string {
  const reason = isErrorCode(code) ? gridMessages[language].errors[code] : '';
  const lines = [reason ? `${code}: ${reason}` : code];
  if (engineMessage && engineMessage.trim() !== '') lines.push(engineMessage.trim());
  return lines.join('\n');
}

/**
 * The code a cell shows when the loader refuses its formula (the engine then has no value for
 * it): read from the loader's message, which names the kind of problem.
 */
export function loadErrorCode(message: string): ErrorCode {
  if (/circular reference/i.test(message)) return '#CYCLE!';
  if (/unknown (function|name)/i.test(message)) return '#NAME?';
  return '#ERROR!';
}

export interface ErrorPlace {
  /** Index of the sheet in display order (the order docToWorkbook writes sheets in). */
  readonly sheetIndex: number;
  readonly row: number;
  readonly col: number;
}

/**
 * The cell a load error's JSON path points at, for paths into a workbook's sheets:
 * `sheets[1].cells.B3` or `sheets[2].rows[4][1]`; undefined for any other path.
 */
export function errorPlace(path: string): ErrorPlace | undefined {
  const cells = /^sheets\[(\d+)\]\.cells\.([A-Z]{1,3})([1-9]\d{0,6})$/.exec(path);
  if (cells) {
    const [, sheet = '', letters = '', digits = ''] = cells;
    let col = 0;
    for (const ch of letters) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { sheetIndex: Number(sheet), row: Number(digits) - 1, col: col - 1 };
  }
  const rows = /^sheets\[(\d+)\]\.rows\[(\d+)\]\[(\d+)\]$/.exec(path);
  if (rows) {
    const [, sheet = '', row = '', col = ''] = rows;
    return { sheetIndex: Number(sheet), row: Number(row), col: Number(col) };
  }
  return undefined;
}

/** A place typed into the name box: a cell or a range, on a named sheet or the current one. */
export interface TypedAddress {
  readonly sheet?: string;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/**
 * An address typed into the name box, Excel's way: `B80`, `b80`, `$B$80`, `Tables!B80`,
 * `'My sheet'!A1:C3`; undefined for anything else (whole rows or columns included).
 */
export function parseAddress(text: string): TypedAddress | undefined {
  const t = text.trim();
  const refs = t === '' ? [] : a1References(t);
  const ref = refs.length === 1 ? refs[0] : undefined;
  if (!ref) return undefined;
  const end = ref.end ?? ref.start;
  const { row: r1, col: c1 } = ref.start;
  const { row: r2, col: c2 } = end;
  if (!r1 || !c1 || !r2 || !c2) return undefined;
  // The reference must be the whole text (not `B2+1`).
  const spelled = t.replace(/\s+/g, '');
  if (!/^(?:(?:'(?:[^']|'')*'|[^!'\s]+)!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$/.test(spelled)) return undefined;
  return {
    ...(ref.start.sheet === undefined ? {} : { sheet: ref.start.sheet }),
    top: Math.min(r1.at, r2.at),
    left: Math.min(c1.at, c2.at),
    bottom: Math.max(r1.at, r2.at),
    right: Math.max(c1.at, c2.at),
  };
}
