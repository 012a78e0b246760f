/**
 * Number parameters filled from a market index series (`"index": "AL-A00"`), and the aluminium
 * profile's `a00_price`: 0 keeps the model's own A00 table, a value replaces it. Expected
 * figures are worked out by hand in docs/examples/aluminium-profile.md (cases 2 and 9).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/cli/main.js';
import { freezeIndex } from '../../src/domain/pricing/marketIndex.js';
import type { IndexSeries } from '../../src/domain/pricing/marketIndex.js';
import { PriceModel, formatWorkbookError, parseWorkbookText } from '../../src/domain/workbook/index.js';

const PROFILE = 'workbooks/aluminium-profile.workbook.json';

/** Case 2's configuration (docs/examples/aluminium-profile.md#case-2) without the quote date. */
const CASE_2 = {
  alloy: '6063-T5',
  complexity: 'medium',
  kg_per_m: 1.2,
  perimeter_mm: 260,
  stock_length_mm: 6000,
  cut_length_mm: 1450,
  pieces: 400,
  kerf_mm: 4,
  end_offcut_mm: 100,
  treatment: 'anod_aa10',
};

const opened: PriceModel[] = [];
afterAll(() => opened.forEach((m) => m.dispose()));

async function openProfile(): Promise<PriceModel> {
  const r = await PriceModel.open(PROFILE, fileSource);
  if (!r.ok) throw new Error(r.errors.map(formatWorkbookError).join('\n'));
  opened.push(r.model);
  return r.model;
}

function priced(model: PriceModel, values: Record<string, unknown>): { a00: unknown; totalMinor: number | undefined; metalMinor: number | undefined } {
  const set = model.set(values);
  if (!set.ok) throw new Error(JSON.stringify(set.problems));
  return { a00: model.read('a00_price').value, totalMinor: model.read('total_price').minor, metalMinor: model.read('metal').minor };
}

/** The profile file with its `a00_price` parameter changed by `edit`, parsed again. */
function withA00Parameter(edit: (p: Record<string, unknown>) => void): string[] {
  const wb = JSON.parse(readFileSync(PROFILE, 'utf8')) as { parameters: Record<string, unknown>[] };
  const p = wb.parameters.find((q) => q.id === 'a00_price');
  if (!p) throw new Error('a00_price missing');
  edit(p);
  const parsed = parseWorkbookText(JSON.stringify(wb), 'edited.workbook.json');
  return parsed.ok ? [] : parsed.errors.map(formatWorkbookError);
}

describe('the index field of a number parameter', () => {
  it('is declared on the aluminium profile: a00_price takes AL-A00, default 0, in its own input cell', async () => {
    const model = await openProfile();
    const p = model.parameters.find((q) => q.id === 'a00_price');
    expect(p).toMatchObject({ type: 'number', index: 'AL-A00', default: 0, min: 0, unit: 'CNY/t', group: 'commercial', bind: 'Inputs!B12' });
    expect(p?.label).toEqual({ zh: '铝锭价(指数)', en: 'A00 ingot price (index)' });
    // A free cell: no other parameter writes it.
    expect(model.parameters.filter((q) => q.bind === 'Inputs!B12').map((q) => q.id)).toEqual(['a00_price']);
  });

  it('refuses an empty key, a key with spaces, and an index on a parameter that is not a number', () => {
    expect(withA00Parameter(() => undefined)).toEqual([]);
    expect(withA00Parameter((p) => (p.index = ''))).toEqual([
      'edited.workbook.json: parameters[1].index: must name a market index series, e.g. "AL-A00" (not empty, no spaces)',
    ]);
    expect(withA00Parameter((p) => (p.index = 'AL A00'))).toEqual([
      'edited.workbook.json: parameters[1].index: must name a market index series, e.g. "AL-A00" (not empty, no spaces)',
    ]);
    expect(withA00Parameter((p) => (p.index = 20480))[0]).toMatch(/^edited\.workbook\.json: parameters\[1\]\.index: expected text/);
    // Only number parameters carry an index: on an integer it is an unknown field.
    expect(withA00Parameter((p) => (p.type = 'integer'))).toEqual([
      'edited.workbook.json: parameters[1].index: unknown field (check the spelling; see docs/workbook-format.md)',
    ]);
  });
});

describe('aluminium profile: a00_price', () => {
  it('0 keeps the table: case 2 as before (20,270 on 2026-03-15, total 21,080.58)', async () => {
    const model = await openProfile();
    expect(priced(model, { ...CASE_2, quote_date: '2026-03-15', a00_price: 0 })).toEqual({ a00: 20270, totalMinor: 2108058, metalMinor: 1459440 });
  });

  it('a value replaces the table: case 9 (20,480 instead of the table 19,960, total 21,237.82)', async () => {
    const model = await openProfile();
    // Table alone on 2026-04-20: 19,960 (2026-04-01); metal 0.72 × 19,960 = 14,371.20.
    expect(priced(model, { ...CASE_2, quote_date: '2026-04-20', a00_price: 0 })).toMatchObject({ a00: 19960, metalMinor: 1437120 });
    // 0.72 × 20,480 = 14,745.60; scrap 589.82; + 3,168.00 + 2,534.40 + 200.00 = 21,237.82.
    expect(priced(model, { ...CASE_2, quote_date: '2026-04-20', a00_price: 20480 })).toEqual({ a00: 20480, totalMinor: 2123782, metalMinor: 1474560 });
  });

  it('a quote freezes the series value of its date; a later point does not move the frozen price', async () => {
    const model = await openProfile();
    const series: IndexSeries = {
      key: 'AL-A00',
      name: 'A00 aluminium ingot',
      unit: 'CNY/t',
      points: [
        { date: '2026-03-02', value: 20300 },
        { date: '2026-04-01', value: 20480 },
      ],
    };
    const param = model.parameters.find((p) => p.id === 'a00_price');
    const key = param?.type === 'number' ? param.index : undefined;
    expect(key).toBe(series.key);
    const frozen = freezeIndex(series, '2026-04-20');
    expect(frozen).toEqual({ series: 'AL-A00', date: '2026-04-01', value: 20480 });
    expect(priced(model, { ...CASE_2, quote_date: '2026-04-20', a00_price: frozen.value }).totalMinor).toBe(2123782);

    // The admin adds 21,000 on 2026-04-15. Today's value moves; the frozen one does not.
    const updated: IndexSeries = { ...series, points: [...series.points, { date: '2026-04-15', value: 21000 }] };
    const today = freezeIndex(updated, '2026-04-20');
    expect(today).toEqual({ series: 'AL-A00', date: '2026-04-15', value: 21000 });
    // Repriced by hand: metal 0.72 × 21,000 = 15,120.00; scrap × 0.04 = 604.80;
    // 15,120.00 + 3,168.00 + 604.80 + 2,534.40 + 200.00 = 21,627.20.
    expect(priced(model, { ...CASE_2, quote_date: '2026-04-20', a00_price: today.value }).totalMinor).toBe(2162720);
    expect(priced(model, { ...CASE_2, quote_date: '2026-04-20', a00_price: frozen.value }).totalMinor).toBe(2123782);
  });

  it('with an index value a date before the table still prices; without one it is #N/A', async () => {
    const model = await openProfile();
    expect(priced(model, { ...CASE_2, quote_date: '2024-12-31', a00_price: 20480 })).toEqual({ a00: 20480, totalMinor: 2123782, metalMinor: 1474560 });
    model.set({ a00_price: 0 });
    expect(model.read('total_price').error?.code).toBe('#N/A');
    expect(model.read('a00_price').error?.code).toBe('#N/A');
  });

  it('refuses a negative index value', async () => {
    const model = await openProfile();
    expect(model.set({ a00_price: -1 })).toEqual({ ok: false, problems: [{ parameter: 'a00_price', message: '-1 is below the minimum 0' }] });
  });
});
