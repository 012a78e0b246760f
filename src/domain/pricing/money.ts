/**
 * Money: decimal rounding as Excel does it, and settlement into integer minor units.
 *
 * Binary floats cannot hold 1.005 (it is 1.00499999999999989…), so rounding the float
 * directly gives 1.00. Excel first reduces a number to 15 significant decimal digits and
 * rounds that decimal; we do the same, so `1.005 → 1.01`, `-1.005 → -1.01`, `2.675 → 2.68`.
 */

export type RoundingMode = 'half-away' | 'up' | 'down';

/** Excel's working precision: 15 significant decimal digits. */
const SIGNIFICANT_DIGITS = 15;

/**
 * Round `x` to `places` decimal places (negative places round to tens, hundreds, …).
 * - `half-away`: half away from zero (Excel ROUND)
 * - `up`: away from zero (Excel ROUNDUP)
 * - `down`: toward zero (Excel ROUNDDOWN)
 *
 * @example roundDecimal(1.005, 2) === 1.01; roundDecimal(-2.5, 0) === -3; roundDecimal(1234, -2) === 1200
 */
export function roundDecimal(x: number, places: number, mode: RoundingMode = 'half-away'): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const p = Math.trunc(places);
  const negative = x < 0;
  // "d.dddddddddddddde±n": the 15-digit decimal Excel would see.
  const [mantissa = '', exponentText = '0'] = Math.abs(x).toExponential(SIGNIFICANT_DIGITS - 1).split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  // Number of leading digits that survive rounding to `p` places.
  const keep = exponent + 1 + p;
  if (keep >= SIGNIFICANT_DIGITS) return Number((negative ? '-' : '') + `${digits}e${exponent - SIGNIFICANT_DIGITS + 1}`);
  let kept: bigint;
  let rest: string;
  if (keep <= 0) {
    kept = 0n;
    // Digits shifted right of the kept part; leading zeros when keep < 0.
    rest = '0'.repeat(-keep) + digits;
  } else {
    kept = BigInt(digits.slice(0, keep));
    rest = digits.slice(keep);
  }
  if (mode === 'half-away' && rest.charCodeAt(0) >= 53 /* '5' */) kept += 1n;
  else if (mode === 'up' && /[1-9]/.test(rest)) kept += 1n;
  if (kept === 0n) return negative ? -0 : 0;
  const result = Number(`${kept}e${-p}`);
  return negative ? -result : result;
}

/** Minor units per major unit for the currencies we price in (ISO 4217 exponent). */
const MINOR_UNIT_EXPONENT: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, VND: 0 };

export function currencyDecimals(currency: string): number {
  return MINOR_UNIT_EXPONENT[currency] ?? 2;
}

export class MoneyRangeError extends Error {}

/**
 * The one way a price leaves the engine: rounded half away from zero to `decimals` places
 * and expressed as an integer count of minor units (fen for CNY).
 *
 * @example settle(1.005) === 101; settle(-2.675) === -268
 */
export function settle(amount: number, decimals = 2): number {
  if (!Number.isFinite(amount)) throw new MoneyRangeError(`cannot settle ${amount}: not a finite number`);
  const rounded = roundDecimal(amount, decimals, 'half-away');
  // The rounded decimal has at most `decimals` places, so scaling lands within a hair of an integer.
  const minor = Math.round(rounded * 10 ** decimals);
  if (!Number.isSafeInteger(minor)) throw new MoneyRangeError(`cannot settle ${amount}: too large to count exactly in minor units`);
  return minor === 0 ? 0 : minor;
}

/** Sum integer minor units, refusing any that are not safe integers (a sum must be exact). */
export function sumMinor(amounts: Iterable<number>): number {
  let total = 0;
  for (const a of amounts) {
    if (!Number.isSafeInteger(a)) throw new MoneyRangeError(`not an integer amount of minor units: ${a}`);
    total += a;
    if (!Number.isSafeInteger(total)) throw new MoneyRangeError('sum too large to count exactly in minor units');
  }
  return total;
}

/** Minor units back to a decimal number for display or JSON (exact for |x| < 2^53 / 10^decimals). */
export function fromMinor(minor: number, decimals = 2): number {
  return Number(`${minor}e-${decimals}`);
}

/** "1234.50" style text of a minor-unit amount, exact (no float formatting involved). */
export function formatMinor(minor: number, decimals = 2): string {
  const negative = minor < 0;
  const digits = Math.abs(minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return (negative ? '-' : '') + whole + (decimals > 0 ? '.' + frac : '');
}
