/**
 * The configurator and releases on the example models in workbooks/, checked against the
 * figures worked out by hand in docs/examples/ (each expected value below names its case).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Configuration, formOf, valueText } from '../../src/domain/configurator/index.js';
import { settle } from '../../src/domain/pricing/money.js';
import { PriceModel, formatWorkbookError, loadWorkbookTree } from '../../src/domain/workbook/index.js';
import type { WorkbookSource } from '../../src/domain/workbook/index.js';
import { openRelease, releaseModel, verifyRelease } from '../../src/domain/workbook/release.js';

const disk: WorkbookSource = {
  async read(file) {
    try {
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

const VALVE = 'workbooks/butterfly-valve.workbook.json';
const ENCLOSURE = 'workbooks/sheet-metal-enclosure.workbook.json';
const PROFILE = 'workbooks/aluminium-profile.workbook.json';

const opened: PriceModel[] = [];
async function open(file: string): Promise<PriceModel> {
  const r = await PriceModel.open(file, disk);
  if (!r.ok) throw new Error(r.errors.map(formatWorkbookError).join('\n'));
  opened.push(r.model);
  return r.model;
}
afterAll(() => {
  for (const m of opened) m.dispose();
});

/** Type each value as a user would, into a fresh configuration. */
function typed(model: PriceModel, texts: Record<string, string>): Configuration {
  const c = new Configuration(model);
  for (const [field, text] of Object.entries(texts)) {
    const r = c.input(field, text);
    if (r.error) throw new Error(`${field}: ${r.error.message}`);
  }
  return c;
}

/** docs/examples/butterfly-valve.md#case-3, as typed into the form. */
const VALVE_CASE_3 = { dn: '300', pn: '16', connection: 'lug', body: 'WCB', disc: 'CF8M', seat: 'PTFE', medium: 'water', temperature: '150', actuator: 'electric', voltage: 'AC380', qty: '4' };

describe('configurator on the butterfly valve', () => {
  it('generates the form in the model’s group order', async () => {
    const m = await open(VALVE);
    const form = formOf(m.workbook, 'zh');
    expect(form.groups.map((g) => g.id)).toEqual(['size', 'materials', 'service', 'actuation', 'commercial']);
    const temperature = form.groups[2]?.fields.find((f) => f.id === 'temperature');
    expect(temperature).toMatchObject({ type: 'integer', unit: '°C', min: -40, max: 425, defaultText: '20' });
    const ex = form.groups[3]?.fields.find((f) => f.id === 'explosion_proof');
    expect(ex).toMatchObject({ label: '防爆', description: '燃气介质总是防爆' });
  });

  it('prices case 3 as typed, and its waterfall is the hand-computed breakdown', async () => {
    const c = typed(await open(VALVE), VALVE_CASE_3);
    const out = c.price.outputs;
    // Case 3 totals: unit cost 8201.37, unit price R(8201.37 × 1.25, 2) = 10251.71, × 4 = 41006.84
    expect(out.unit_cost?.minor).toBe(820137);
    expect(out.unit_price?.minor).toBe(1025171);
    expect(out.total_price?.minor).toBe(4100684);
    expect(out.actuator_size?.value).toBe('Q-200');
    const w = c.waterfall();
    // Steps 1–6 of case 3: body 563.70, disc/stem/seat 960.00, machining 412.75, actuator 6110.00,
    // surcharges 154.92, margin 2050.34; "check: … = 10251.71 = unit price".
    expect(w.steps.map((s) => [s.id, s.amountMinor, s.cumulativeMinor])).toEqual([
      ['body_cost', 56370, 56370],
      ['trim_cost', 96000, 152370],
      ['machining_cost', 41275, 193645],
      ['actuator_cost', 611000, 804645],
      ['surcharges', 15492, 820137],
      ['margin_step', 205034, 1025171],
    ]);
    expect(w).toMatchObject({ against: 'unit_price', totalMinor: 1025171, reconciles: true, differenceMinor: 0 });
    expect(w.steps[3]?.explain().value).toBe(6110);
  });

  it('keeps the last price, stale, while a number field holds "abc"; the fix prices afresh', async () => {
    const c = new Configuration(await open(VALVE));
    // Case 1 (all defaults): unit price 337.04, total 337.04
    expect(c.price.outputs.unit_price?.minor).toBe(33704);
    const before = c.price;

    c.input('markup_pct', 'abc');
    expect(c.errors).toEqual([{ field: 'markup_pct', code: 'invalid', message: 'expected a number, got "abc"' }]);
    expect(c.price.stale).toBe(true);
    expect(c.price.outputs).toBe(before.outputs);
    expect(c.price.outputs.unit_price?.minor).toBe(33704);

    c.input('markup_pct', '22');
    expect(c.price.stale).toBe(false);
    // Case 1's unit cost 269.63 at 22 %: R(269.63 × 1.22, 2) = R(328.9486, 2) = 328.95;
    // margin 328.95 − 269.63 = 59.32; the five cost steps are case 1's (49.53, 67.60, 84.50, 68.00, 0.00).
    expect(c.price.outputs.unit_price?.minor).toBe(32895);
    const w = c.waterfall();
    expect(w.steps.map((s) => s.amountMinor)).toEqual([4953, 6760, 8450, 6800, 0, 5932]);
    expect(w.reconciles).toBe(true);

    c.input('qty', '20');
    // 328.95 × 20 = 6579.00
    expect(c.price.outputs.total_price?.minor).toBe(657900);
    expect([...c.userSet].sort()).toEqual(['markup_pct', 'qty']);
  });

  it('reports an option that does not exist on the choice field', async () => {
    const c = new Configuration(await open(VALVE));
    expect(c.input('dn', '275').error?.message).toMatch(/^"275" is not one of the options 50, 65, 80/);
  });
});

describe('configurator on the other examples', () => {
  it('sheet-metal enclosure case 1: eight steps, a discount among them, add up to the unit price', async () => {
    const c = typed(await open(ENCLOSURE), {
      width_mm: '600',
      height_mm: '800',
      depth_mm: '300',
      thickness_mm: '1.2',
      material: 'SPCC',
      bends: '16',
      weld_length_mm: '1200',
      coating: 'powder_std',
      customer_tier: 'regular',
      region: 'east',
      quantity: '20',
    });
    // docs/examples/sheet-metal-enclosure.md case 1: 97.81, 4.25, 10.67, 18.00, 41.60, 51.70, −4.48, 6.53 → 226.08
    const w = c.waterfall();
    expect(w.steps.map((s) => s.amountMinor)).toEqual([9781, 425, 1067, 1800, 4160, 5170, -448, 653]);
    expect(w).toMatchObject({ totalMinor: 22608, againstMinor: 22608, reconciles: true });
    expect(c.price.outputs.total_price?.minor).toBe(452160);
  });

  it('aluminium profile case 1: the steps add up to the order total, not the per-piece price', async () => {
    const c = typed(await open(PROFILE), {
      quote_date: '2025-07-01',
      alloy: '6063-T5',
      complexity: 'simple',
      kg_per_m: '0.45',
      perimeter_mm: '120',
      stock_length_mm: '6000',
      cut_length_mm: '800',
      pieces: '300',
      kerf_mm: '4',
      end_offcut_mm: '100',
      treatment: 'none',
    });
    // docs/examples/aluminium-profile.md case 1: 2396.30 + 417.96 + 71.89 + 0.00 + 150.00 − 0.00 = 3036.15;
    // per piece 10.12. The breakdown is checked against the order total it adds up to; held
    // against the unit price it is off by 3036.15 − 10.12 = 3026.03.
    const w = c.waterfall();
    expect(w.steps.map((s) => s.amountMinor)).toEqual([239630, 41796, 7189, 0, 15000, 0]);
    expect(w).toMatchObject({ totalMinor: 303615, against: 'total_price', againstMinor: 303615, reconciles: true, differenceMinor: 0 });
    expect(c.waterfall({ against: 'unit_price' })).toMatchObject({ againstMinor: 1012, reconciles: false, differenceMinor: 302603 });
  });

  it('typing every golden case of every product into the form gives its hand-worked figures', async () => {
    let checked = 0;
    for (const file of [VALVE, ENCLOSURE, PROFILE]) {
      const m = await open(file);
      for (const t of m.workbook.tests) {
        const c = typed(m, Object.fromEntries(Object.entries(t.given).map(([id, v]) => [id, valueText(v)])));
        for (const [id, expected] of Object.entries(t.expect)) {
          const want = typeof expected === 'object' ? expected.value : expected;
          const tolerance = (typeof expected === 'object' ? expected.tolerance : undefined) ?? t.tolerance ?? 1e-6;
          const got = c.price.outputs[id];
          const where = `${m.workbook.id} ${t.id} ${id}`;
          if (got?.minor !== undefined && typeof want === 'number') expect(got.minor, where).toBe(settle(want));
          else if (typeof want === 'number' && typeof got?.value === 'number') expect(Math.abs(got.value - want), where).toBeLessThanOrEqual(tolerance);
          else expect(got?.value ?? got?.error?.code, where).toBe(want);
          checked++;
        }
        // Where the docs give every breakdown step, the waterfall shows exactly those.
        const w = c.waterfall();
        for (const s of w.steps) {
          const want = t.expect[s.id];
          if (typeof want === 'number') expect(s.amountMinor, `${t.id} ${s.id}`).toBe(settle(want));
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe('releases of the example models', () => {
  it('release the valve with its actuator module; the release verifies, opens and prices case 3', async () => {
    const tree = await loadWorkbookTree(VALVE, disk);
    if (!tree.ok) throw new Error(tree.errors.map(formatWorkbookError).join('\n'));
    const r = releaseModel(tree.root, { releasedAt: '2026-05-04T08:30:00.000Z' });
    expect(r).toMatchObject({ modelId: 'butterfly-valve', version: '1.0.0', product: 'butterfly-valve.workbook.json' });
    expect(Object.keys(r.workbooks).sort()).toEqual(['butterfly-valve.workbook.json', 'modules/actuator.workbook.json']);
    expect(verifyRelease(r)).toEqual({ ok: true });
    expect(releaseModel(tree.root).hash).toBe(r.hash);

    const model = await openRelease(r);
    if (!model.ok) throw new Error(model.errors.map(formatWorkbookError).join('\n'));
    opened.push(model.model);
    expect(typed(model.model, VALVE_CASE_3).price.outputs.unit_price?.minor).toBe(1025171);
  });

  it('give each product its own hash', async () => {
    const hashes = new Set<string>();
    for (const file of [VALVE, ENCLOSURE, PROFILE]) {
      const tree = await loadWorkbookTree(file, disk);
      if (!tree.ok) throw new Error(file);
      hashes.add(releaseModel(tree.root).hash);
    }
    expect(hashes.size).toBe(3);
  });
});
