import { describe, expect, it } from 'vitest';
import { settle } from './money.js';
import { freezeIndex, isIsoDate, MarketIndexError, parseIndexCsv, reprice, valueOn, type IndexSeries } from './marketIndex.js';

const aluminium: IndexSeries = {
  key: 'AL-A00',
  name: 'Aluminium A00',
  unit: 'CNY/t',
  points: [
    { date: '2026-03-02', value: 20000 },
    { date: '2026-01-05', value: 19000 },
  ],
};
const copper: IndexSeries = { key: 'CU', name: 'Copper', unit: 'CNY/t', points: [{ date: '2026-01-01', value: 70000 }] };

describe('valueOn', () => {
  it('takes the latest value on or before the date', () => {
    expect(valueOn(aluminium, '2026-01-05')).toEqual({ date: '2026-01-05', value: 19000 });
    expect(valueOn(aluminium, '2026-03-01')).toEqual({ date: '2026-01-05', value: 19000 });
    expect(valueOn(aluminium, '2026-03-02')).toEqual({ date: '2026-03-02', value: 20000 });
    expect(valueOn(aluminium, '2027-01-01').value).toBe(20000);
  });

  it('refuses a date before the first value, and a non-date', () => {
    expect(() => valueOn(aluminium, '2026-01-04')).toThrow('series AL-A00 has no value on or before 2026-01-04');
    expect(() => valueOn(aluminium, '2026-1-4')).toThrow(MarketIndexError);
  });

  it('freezes series, date and value', () => {
    expect(freezeIndex(aluminium, '2026-02-10')).toEqual({ series: 'AL-A00', date: '2026-01-05', value: 19000 });
  });

  it('knows real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
  });
});

describe('parseIndexCsv', () => {
  it('reads lines with or without a header, sorted by date', () => {
    expect(parseIndexCsv('date,value\n2026-02-01,19500.5\n2026-01-01, 19000\n\n')).toEqual({
      ok: true,
      points: [
        { date: '2026-01-01', value: 19000 },
        { date: '2026-02-01', value: 19500.5 },
      ],
    });
    expect(parseIndexCsv('2026-01-01,19000\r\n')).toEqual({ ok: true, points: [{ date: '2026-01-01', value: 19000 }] });
  });

  it('names the line of a bad date or a text in the number column', () => {
    expect(parseIndexCsv('date,value\n2026-01-01,19000\n2026/01/02,19100\n2026-01-03,abc\n2026-01-04\n2026-01-01,1')).toEqual({
      ok: false,
      errors: [
        'line 3: "2026/01/02" is not a date written YYYY-MM-DD',
        'line 4: "abc" is not a number',
        'line 5: expected 2 columns "date,value", found 1',
        'line 6: date 2026-01-01 already given on line 2',
      ],
    });
    expect(parseIndexCsv('2026-02-30,')).toEqual({
      ok: false,
      errors: ['line 1: "2026-02-30" is not a date written YYYY-MM-DD', 'line 1: "" is not a number'],
    });
  });
});

describe('reprice', () => {
  // A housing: 12 kg of aluminium at CNY/t plus 50.00 of labour, in fen.
  const housingPrice = (v: Readonly<Record<string, number>>): number => settle(0.012 * (v['AL-A00'] ?? 0) + 50);
  const series = new Map([
    ['AL-A00', aluminium],
    ['CU', copper],
  ]);

  it('shows old vs new and which series moved', () => {
    const frozen = [freezeIndex(aluminium, '2026-02-10'), freezeIndex(copper, '2026-02-10')];
    // old: 0.012×19000 + 50 = 278.00; new: 0.012×20000 + 50 = 290.00
    expect(reprice([{ lineId: 'L1', frozen, price: housingPrice }], series, '2026-03-10')).toEqual([
      {
        lineId: 'L1',
        oldMinor: 27800,
        newMinor: 29000,
        moves: [{ series: 'AL-A00', from: { date: '2026-01-05', value: 19000 }, to: { date: '2026-03-02', value: 20000 } }],
        reason: 'AL-A00 19000 (2026-01-05) → 20000 (2026-03-02)',
      },
    ]);
  });

  it('reports no reason when nothing moved, and refuses an unknown series', () => {
    const [result] = reprice([{ lineId: 'L2', frozen: [freezeIndex(copper, '2026-02-10')], price: () => 100 }], series, '2026-03-10');
    expect(result).toMatchObject({ oldMinor: 100, newMinor: 100, moves: [], reason: '' });
    expect(() => reprice([{ lineId: 'L3', frozen: [{ series: 'NI', date: '2026-01-01', value: 1 }], price: () => 0 }], series, '2026-03-10')).toThrow(
      'line L3: unknown index series NI',
    );
  });
});
