/**
 * Parameter values: checking them against a parameter's domain, reading them from text
 * (command line, form fields), and converting them to what the formula engine stores.
 */
import type { Parameter } from './schema.js';
import { describeValue } from './errors.js';

export type ParameterValue = number | string | boolean;

const DAY_MS = 86_400_000;
/** Spreadsheet day 0 (1899-12-30), so that serial 45000 is the same day as in Excel. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** `2026-11-27` → spreadsheet serial day number, or undefined if it is not a real date. */
export function isoDateToSerial(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round((ms - SERIAL_EPOCH_MS) / DAY_MS);
}

export function serialToIsoDate(serial: number): string {
  return new Date(SERIAL_EPOCH_MS + Math.round(serial) * DAY_MS).toISOString().slice(0, 10);
}

function formatOptionList(p: Extract<Parameter, { type: 'choice' }>): string {
  const values = p.options.map((o) => JSON.stringify(o.value));
  return values.length > 12 ? `${values.slice(0, 12).join(', ')}, …` : values.join(', ');
}

function isOnStep(value: number, base: number, step: number): boolean {
  const k = (value - base) / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k));
}

/** Why `value` is not allowed for `p`, or undefined if it is. */
export function checkParameterValue(p: Parameter, value: unknown): string | undefined {
  switch (p.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, got ${describeValue(value)}`;
      if (p.type === 'integer' && !Number.isInteger(value)) return `expected a whole number, got ${value}`;
      if (p.min !== undefined && value < p.min) return `${value} is below the minimum ${p.min}`;
      if (p.max !== undefined && value > p.max) return `${value} is above the maximum ${p.max}`;
      if (p.step !== undefined && !isOnStep(value, p.min ?? 0, p.step)) return `${value} is not a multiple of the step ${p.step} from ${p.min ?? 0}`;
      return undefined;
    }
    case 'choice': {
      if (typeof value !== 'string' && typeof value !== 'number') return `expected one of ${formatOptionList(p)}, got ${describeValue(value)}`;
      if (!p.options.some((o) => o.value === value)) return `${JSON.stringify(value)} is not one of the options ${formatOptionList(p)}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${describeValue(value)}`;
    case 'text':
      if (typeof value !== 'string') return `expected text, got ${describeValue(value)}`;
      if (p.maxLength !== undefined && value.length > p.maxLength) return `text is longer than ${p.maxLength} characters`;
      return undefined;
    case 'date': {
      if (typeof value !== 'string' || isoDateToSerial(value) === undefined) return `expected a date written YYYY-MM-DD, got ${describeValue(value)}`;
      if (p.min !== undefined && value < p.min) return `${value} is before the earliest date ${p.min}`;
      if (p.max !== undefined && value > p.max) return `${value} is after the latest date ${p.max}`;
      return undefined;
    }
  }
}

export type ParsedValue = { ok: true; value: ParameterValue } | { ok: false; message: string };

/** Plain decimal notation; Number() would also take '' (0) and '0x10' (16). */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Text typed by a user (command line, form field) → a checked value for `p`. */
export function parseParameterText(p: Parameter, text: string): ParsedValue {
  let value: ParameterValue;
  const trimmed = text.trim();
  switch (p.type) {
    case 'number':
    case 'integer': {
      if (!NUMBER_TEXT.test(trimmed)) return { ok: false, message: `expected a number, got ${JSON.stringify(text)}` };
      value = Number(trimmed);
      break;
    }
    case 'choice': {
      // A numeric option matches by value, so "3.0" selects the option 3.
      const asNumber = NUMBER_TEXT.test(trimmed) ? Number(trimmed) : undefined;
      const option = p.options.find((o) => (typeof o.value === 'number' ? o.value === asNumber : o.value === trimmed));
      if (!option) return { ok: false, message: `${JSON.stringify(text)} is not one of the options ${formatOptionList(p)}` };
      value = option.value;
      break;
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (TRUE_WORDS.has(lower)) value = true;
      else if (FALSE_WORDS.has(lower)) value = false;
      else return { ok: false, message: `expected true or false, got ${JSON.stringify(text)}` };
      break;
    }
    case 'text':
      value = text;
      break;
    case 'date':
      value = trimmed;
      break;
  }
  const problem = checkParameterValue(p, value);
  return problem === undefined ? { ok: true, value } : { ok: false, message: problem };
}

/** A checked parameter value → the raw cell content the formula engine stores. */
export function toEngineValue(p: Parameter, value: ParameterValue): number | string | boolean {
  if (p.type === 'date') {
    const serial = isoDateToSerial(String(value));
    if (serial === undefined) throw new Error(`invalid date ${String(value)} for parameter ${p.id}`);
    return serial;
  }
  // A text value starting with "=" must stay text, not become a formula.
  if (typeof value === 'string' && value.startsWith('=')) return `'${value}`;
  return value;
}
