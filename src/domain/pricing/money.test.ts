import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor, fromMinor, MoneyRangeError, roundDecimal, settle, sumMinor } from './money.js';

describe('roundDecimal: half away from zero, as Excel', () => {
  // Values Excel gives for =ROUND(x, places); the float nearest 1.005 is 1.00499999999999989...
  it.each([
    [1.005, 2, 1.01],
    [-1.005, 2, -1.01],
    [2.675, 2, 2.68],
    [-2.675, 2, -2.68],
    [1.115, 2, 1.12],
    [0.125, 2, 0.13],
    [0.5, 0, 1],
    [-0.5, 0, -1],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [1.4999, 0, 1],
    [1234.5, -1, 1230],
    [1250, -2, 1300],
    [1249.99, -2, 1200],
    [0.05, 0, 0],
    [0.004, 2, 0],
    [1234567890.125, 2, 1234567890.13],
    [999999999999.995, 2, 1000000000000],
    [0.1 + 0.2, 15, 0.3],
    [5e-324, 2, 0],
  ])('ROUND(%d, %d) = %d', (x, places, expected) => {
    expect(roundDecimal(x, places)).toBe(expected);
  });

  it.each([
    [0.1 * 3, 1, 0.3], // 0.30000000000000004: Excel's ROUNDUP gives 0.3
    [1.001, 2, 1.01],
    [-1.001, 2, -1.01],
    [2, 2, 2],
    [1234, -2, 1300],
  ])('ROUNDUP(%d, %d) = %d', (x, places, expected) => {
    expect(roundDecimal(x, places, 'up')).toBe(expected);
  });

  it.each([
    [1.999, 2, 1.99],
    [-1.999, 2, -1.99],
    [0.7 + 0.1, 1, 0.8], // 0.7999999999999999 is 0.8 at 15 digits
    [1299, -2, 1200],
  ])('ROUNDDOWN(%d, %d) = %d', (x, places, expected) => {
    expect(roundDecimal(x, places, 'down')).toBe(expected);
  });

  it('passes through non-finite values and zero', () => {
    expect(roundDecimal(Number.POSITIVE_INFINITY, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(roundDecimal(Number.NaN, 2))).toBe(true);
    expect(roundDecimal(0, 2)).toBe(0);
  });

  it('agrees with exact decimal rounding of the written number (BigInt arithmetic)', () => {
    // A decimal with up to 12 significant digits, written as digits + scale; rounding it with
    // integer arithmetic on the digits is a second, independent path.
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n) + 1n, max: 10n ** 12n - 1n }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }), (digits, scale, places) => {
        const text = `${digits}e-${scale}`;
        const x = Number(text);
        const drop = scale - places;
        let expected: number;
        if (drop <= 0) expected = x;
        else {
          const unit = 10n ** BigInt(drop);
          const abs = digits < 0n ? -digits : digits;
          let q = abs / unit;
          if ((abs % unit) * 2n >= unit) q += 1n;
          expected = Number(`${digits < 0n ? '-' : ''}${q}e-${places}`);
        }
        // `+ 0` folds -0 into 0: the sign of a zero result is not part of the contract.
        expect(roundDecimal(x, places) + 0).toBe(expected + 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('settle: money into integer minor units', () => {
  it.each([
    [1.005, 101],
    [-1.005, -101],
    [2.675, 268],
    [0.1 + 0.2, 30],
    [1234567890.12, 123456789012],
    [999999999999.99, 99999999999999],
    [-0.004, 0],
  ])('settle(%d) = %d fen', (amount, minor) => {
    expect(settle(amount)).toBe(minor);
  });

  it('keeps other minor-unit sizes', () => {
    expect(settle(1234.5, 0)).toBe(1235);
    expect(settle(1.0005, 3)).toBe(1001);
  });

  it('refuses what it cannot count exactly', () => {
    expect(() => settle(Number.NaN)).toThrow(MoneyRangeError);
    expect(() => settle(Number.POSITIVE_INFINITY)).toThrow('not a finite number');
    expect(() => settle(1e17)).toThrow('too large');
  });

  it('sums minor units exactly and refuses fractions', () => {
    expect(sumMinor([101, 268, -30])).toBe(339);
    expect(() => sumMinor([1.5])).toThrow('not an integer');
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow('too large');
  });

  it('converts back for display without float noise', () => {
    expect(fromMinor(123456789012)).toBe(1234567890.12);
    expect(formatMinor(123450)).toBe('1234.50');
    expect(formatMinor(-5)).toBe('-0.05');
    expect(formatMinor(7, 0)).toBe('7');
  });
});
