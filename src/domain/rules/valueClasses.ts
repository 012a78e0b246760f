/**
 * Parameters as the solver sees them: a finite domain of string keys per parameter.
 *
 * Choice and boolean parameters use their options (`true`/`false`). A number or integer
 * parameter, possibly continuous (temperature), is split at every bound a rule compares it
 * with and at its own min/max into value classes: points (`180`) and the open intervals between
 * them (`(120,180)`). Every rule is constant on each class, so the solver works on finite domains
 * and the allowed classes map back to exact ranges. A class with no valid value in it (an
 * integer gap such as (3,4), a point off the step) is left out of the domain, so an allowed
 * class always has a value the user can type.
 */
import { checkParameterValue } from '../workbook/parameters.js';
import type { ParameterValue } from '../workbook/parameters.js';
import type { Parameter } from '../workbook/schema.js';

export type NumericParameter = Extract<Parameter, { type: 'number' | 'integer' }>;
export type RuleParameter = Extract<Parameter, { type: 'number' | 'integer' | 'choice' | 'boolean' }>;

/** `[a, b]`-style interval of the public API; absent bounds are unbounded, flags absent = closed. */
export interface Interval {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

/** One value class of a numeric parameter: a point, or an open interval (ends may be infinite). */
export interface ValueClass {
  readonly key: string;
  readonly lo: number;
  readonly hi: number;
  readonly point: boolean;
  /** Smallest and largest valid values inside (±Infinity when unbounded), and one in between. */
  readonly first: number;
  readonly last: number;
  readonly representative: number;
}

export interface OptionVariable {
  readonly kind: 'options';
  readonly parameter: RuleParameter;
  readonly keys: readonly string[];
  /** values[i] is the parameter value of keys[i]. */
  readonly values: readonly ParameterValue[];
}

export interface NumberVariable {
  readonly kind: 'ranges';
  readonly parameter: NumericParameter;
  /** Classes with at least one valid value, ascending: the solver's domain. */
  readonly classes: readonly ValueClass[];
  /** keys of classes, ascending. */
  readonly keys: readonly string[];
  /** Ascending candidates including the empty ones (null), so that runs can be merged across gaps. */
  readonly sequence: readonly (ValueClass | null)[];
}

export type RuleVariable = OptionVariable | NumberVariable;

/** The key of a choice option, boolean or number value in the solver's domain. */
function optionKey(value: ParameterValue): string {
  return String(value);
}

export function optionVariable(p: Extract<Parameter, { type: 'choice' | 'boolean' }>): OptionVariable {
  const values: ParameterValue[] = p.type === 'boolean' ? [true, false] : p.options.map((o) => o.value);
  const keys = values.map(optionKey);
  // 10 and "10" would share a key: number them instead (option values are distinct as values).
  const unique = new Set(keys).size === keys.length ? keys : values.map((v, i) => `${optionKey(v)}#${i}`);
  return { kind: 'options', parameter: p, keys: unique, values };
}

const EPS = 1e-9;
const near = (a: number, b: number) => a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a), Math.abs(b)));
/** Twelve significant digits: hides float noise from `base + k × step`. */
const tidy = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(12)) : x);

const formatBound = (x: number) => (x === -Infinity ? '-∞' : x === Infinity ? '∞' : String(x));

/** Grid of valid values: base + k × step, or undefined for a continuous number. */
function gridOf(p: NumericParameter): { base: number; step: number } | undefined {
  if (p.step !== undefined) return { base: p.min ?? 0, step: p.step };
  if (p.type === 'integer') return { base: 0, step: 1 };
  return undefined;
}

/** Smallest and largest valid values strictly inside (lo, hi), or undefined if none. */
function validInside(p: NumericParameter, lo: number, hi: number): { first: number; last: number; representative: number } | undefined {
  const grid = gridOf(p);
  if (!grid) {
    if (!(hi > lo) || near(lo, hi)) return undefined;
    const representative = lo === -Infinity && hi === Infinity ? 0 : lo === -Infinity ? hi - 1 : hi === Infinity ? lo + 1 : tidy((lo + hi) / 2);
    return { first: lo, last: hi, representative };
  }
  const { base, step } = grid;
  let kLo = lo === -Infinity ? -Infinity : Math.floor((lo - base) / step);
  if (kLo !== -Infinity) while (tidy(base + kLo * step) <= lo || near(base + kLo * step, lo)) kLo++;
  let kHi = hi === Infinity ? Infinity : Math.ceil((hi - base) / step);
  if (kHi !== Infinity) while (tidy(base + kHi * step) >= hi || near(base + kHi * step, hi)) kHi--;
  if (kLo > kHi) return undefined;
  const first = kLo === -Infinity ? -Infinity : tidy(base + kLo * step);
  const last = kHi === Infinity ? Infinity : tidy(base + kHi * step);
  const kMid = kLo === -Infinity && kHi === Infinity ? 0 : kLo === -Infinity ? kHi : kHi === Infinity ? kLo : Math.floor((kLo + kHi) / 2);
  return { first, last, representative: tidy(base + kMid * step) };
}

/** Split a number or integer parameter at `cuts` (values outside its min/max are ignored). */
export function numberVariable(p: NumericParameter, cuts: Iterable<number>): NumberVariable {
  const lo = p.min ?? -Infinity;
  const hi = p.max ?? Infinity;
  const points = [...new Set([...cuts, ...(p.min !== undefined ? [p.min] : []), ...(p.max !== undefined ? [p.max] : [])])]
    .filter((x) => Number.isFinite(x) && x >= lo && x <= hi)
    .sort((a, b) => a - b)
    .filter((x, i, all) => i === 0 || !near(x, all[i - 1] as number));

  const sequence: (ValueClass | null)[] = [];
  const interval = (a: number, b: number) => {
    const inside = validInside(p, a, b);
    sequence.push(inside ? { key: `(${formatBound(a)},${formatBound(b)})`, lo: a, hi: b, point: false, ...inside } : null);
  };
  let previous = lo;
  if (points.length === 0) interval(lo, hi);
  points.forEach((x, i) => {
    if (i > 0 || lo === -Infinity) interval(previous, x);
    const valid = checkParameterValue(p, x) === undefined;
    sequence.push(valid ? { key: String(x), lo: x, hi: x, point: true, first: x, last: x, representative: x } : null);
    previous = x;
  });
  if (points.length > 0 && hi === Infinity) interval(previous, hi);

  const classes = sequence.filter((c): c is ValueClass => c !== null);
  return { kind: 'ranges', parameter: p, classes, keys: classes.map((c) => c.key), sequence };
}

export function isNumeric(p: Parameter): p is NumericParameter {
  return p.type === 'number' || p.type === 'integer';
}

/** Whether the class lies inside the bounds (rules cut at every bound, so a class is all in or all out). */
export function classWithin(c: ValueClass, b: { min?: number | undefined; max?: number | undefined; above?: number | undefined; below?: number | undefined }): boolean {
  return valueWithin(c.representative, b);
}

export function valueWithin(x: number, b: { min?: number | undefined; max?: number | undefined; above?: number | undefined; below?: number | undefined }): boolean {
  return (b.min === undefined || x >= b.min) && (b.max === undefined || x <= b.max) && (b.above === undefined || x > b.above) && (b.below === undefined || x < b.below);
}

/** The class holding `x`, or undefined when x is in none (outside min/max, off the grid). */
export function classOf(v: NumberVariable, x: number): ValueClass | undefined {
  for (const c of v.classes) {
    if (c.point ? near(x, c.lo) : x > c.lo && x < c.hi && !near(x, c.lo) && !near(x, c.hi)) return c;
  }
  return undefined;
}

/** The key of a value in the variable's domain, or undefined if the value is not in it. */
export function keyOf(v: RuleVariable, value: ParameterValue): string | undefined {
  if (v.kind === 'options') {
    const i = v.values.findIndex((x) => x === value);
    return i < 0 ? undefined : v.keys[i];
  }
  return typeof value === 'number' ? classOf(v, value)?.key : undefined;
}

/** The valid value of class `c` nearest to `target` (ties: the smaller). */
export function nearestInClass(v: NumberVariable, c: ValueClass, target: number): number {
  if (c.point) return c.first;
  const grid = gridOf(v.parameter);
  if (grid) {
    const k = Math.round((target - grid.base) / grid.step);
    const x = tidy(grid.base + k * grid.step);
    if (x < c.first) return c.first;
    if (x > c.last) return c.last;
    return x;
  }
  if (target > c.lo && target < c.hi) return target;
  // An open end has no nearest value: step in by a round amount (179 in (120,180), 0.29 in (0.05,0.3)).
  const width = c.hi - c.lo;
  const inset = width >= 2 ? 1 : 10 ** (Math.floor(Math.log10(width)) - 1);
  return target <= c.lo ? tidy(c.lo + inset) : tidy(c.hi - inset);
}

/** The value a key stands for (for a class: its valid value nearest `near`, else its representative). */
export function valueOfKey(v: RuleVariable, key: string, nearTo?: ParameterValue): ParameterValue | undefined {
  if (v.kind === 'options') {
    const i = v.keys.indexOf(key);
    return i < 0 ? undefined : v.values[i];
  }
  const c = v.classes.find((x) => x.key === key);
  if (!c) return undefined;
  return typeof nearTo === 'number' ? nearestInClass(v, c, nearTo) : c.representative;
}

/** Allowed classes → the fewest intervals that cover exactly their valid values. */
export function rangesOf(v: NumberVariable, allowedKeys: ReadonlySet<string>): Interval[] {
  const out: Interval[] = [];
  let run: { from: ValueClass; to: ValueClass } | undefined;
  const close = () => {
    if (run) out.push(intervalOf(v, run.from, run.to));
    run = undefined;
  };
  for (const c of v.sequence) {
    if (c === null) continue; // an empty gap joins its neighbours
    if (allowedKeys.has(c.key)) run = run ? { from: run.from, to: c } : { from: c, to: c };
    else close();
  }
  close();
  return out;
}

function intervalOf(v: NumberVariable, from: ValueClass, to: ValueClass): Interval {
  // On a grid (integers, steps) the ends are the first and last valid values, closed.
  const discrete = gridOf(v.parameter) !== undefined;
  const lowValue = discrete ? from.first : from.lo;
  const highValue = discrete ? to.last : to.hi;
  return {
    ...(Number.isFinite(lowValue) ? { min: lowValue } : {}),
    ...(Number.isFinite(highValue) ? { max: highValue } : {}),
    ...(!discrete && !from.point && Number.isFinite(lowValue) ? { minOpen: true } : {}),
    ...(!discrete && !to.point && Number.isFinite(highValue) ? { maxOpen: true } : {}),
  };
}

/** Numeric distance for "nearest" among options whose values are all numbers; undefined otherwise. */
export function numericOptionValues(v: OptionVariable): readonly number[] | undefined {
  return v.values.every((x) => typeof x === 'number') ? (v.values as readonly number[]) : undefined;
}
