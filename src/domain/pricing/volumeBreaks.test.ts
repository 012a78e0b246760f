import { describe, expect, it } from 'vitest';
import { bandFor, blockTotalMinor, graduatedTotalMinor, validateBands, volumeTotalMinor, VolumeBreakError, type VolumeBand } from './volumeBreaks.js';

// 1–10 at 10.00, 11–50 at 8.00, 51+ at 6.50 (CNY fen).
const bands: VolumeBand[] = [
  { from: 1, to: 10, unitPriceMinor: 1000 },
  { from: 11, to: 50, unitPriceMinor: 800 },
  { from: 51, to: null, unitPriceMinor: 650 },
];

describe('graduated volume breaks', () => {
  it.each([
    [1, 1000],
    [10, 10000], // exactly on the first boundary: all in band 1
    [11, 10800], // 10×1000 + 1×800
    [50, 42000], // 10000 + 40×800
    [51, 42650], // 42000 + 1×650
    [100, 74500], // 42000 + 50×650
  ])('quantity %i costs %i fen', (quantity, expected) => {
    expect(graduatedTotalMinor(bands, quantity)).toBe(expected);
  });
});

describe('block volume breaks', () => {
  it.each([
    [1, 1000],
    [10, 10000], // 10×1000
    [11, 8800], // 11×800
    [50, 40000], // 50×800
    [51, 33150], // 51×650
    [100, 65000],
  ])('quantity %i costs %i fen', (quantity, expected) => {
    expect(blockTotalMinor(bands, quantity)).toBe(expected);
  });

  it('picks the band on its edges', () => {
    expect(bandFor(bands, 10).unitPriceMinor).toBe(1000);
    expect(bandFor(bands, 11).unitPriceMinor).toBe(800);
  });

  it('dispatches on the kind', () => {
    expect(volumeTotalMinor({ kind: 'block', bands }, 11)).toBe(8800);
    expect(volumeTotalMinor({ kind: 'graduated', bands }, 11)).toBe(10800);
  });
});

describe('bad input', () => {
  it.each([0, -3, 2.5, Number.NaN])('refuses quantity %d', (quantity) => {
    expect(() => graduatedTotalMinor(bands, quantity)).toThrow(VolumeBreakError);
    expect(() => blockTotalMinor(bands, quantity)).toThrow(/quantity must be a whole number/);
  });

  it('refuses a quantity above a closed last band', () => {
    const closed: VolumeBand[] = [{ from: 1, to: 5, unitPriceMinor: 100 }];
    expect(() => blockTotalMinor(closed, 6)).toThrow(/above the last band, which ends at 5/);
  });

  it('names the band that is wrong', () => {
    expect(validateBands(bands)).toEqual([]);
    expect(validateBands([{ from: 2, to: 5, unitPriceMinor: 1 }])).toEqual(['band 1 (2–5): the first band must start at 1']);
    expect(
      validateBands([
        { from: 1, to: 5, unitPriceMinor: 1 },
        { from: 7, to: null, unitPriceMinor: 1 },
      ]),
    ).toEqual(['band 2 (7–∞): gap after band 1 (1–5)']);
    expect(
      validateBands([
        { from: 1, to: 5, unitPriceMinor: 1 },
        { from: 5, to: null, unitPriceMinor: 1 },
      ]),
    ).toEqual(['band 2 (5–∞): overlaps band 1 (1–5)']);
    expect(
      validateBands([
        { from: 1, to: null, unitPriceMinor: 1 },
        { from: 2, to: null, unitPriceMinor: 1 },
      ]),
    ).toEqual(['band 1 (1–∞): only the last band may be open-ended']);
    expect(validateBands([{ from: 1, to: null, unitPriceMinor: -1 }])[0]).toMatch(/^band 1 \(1–∞\): unitPriceMinor/);
    expect(validateBands([{ from: 1, to: 0, unitPriceMinor: 1 }])[0]).toMatch(/^band 1 \(1–0\)/);
    expect(() => graduatedTotalMinor([{ from: 1, to: 3, unitPriceMinor: 1 }, { from: 5, to: null, unitPriceMinor: 1 }], 2)).toThrow(
      /invalid volume breaks: band 2 \(5–∞\): gap/,
    );
  });
});
