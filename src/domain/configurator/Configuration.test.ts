import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PriceModel } from '../workbook/PriceModel.js';
import { Configuration } from './Configuration.js';
import { compileRules } from '../rules/compileRules.js';
import { L, workbook } from '../workbook/testSupport.js';
import { openModel } from './testSupport.js';

const opened: PriceModel[] = [];
async function model(): Promise<PriceModel> {
  const m = await openModel();
  opened.push(m);
  return m;
}
afterEach(() => {
  for (const m of opened.splice(0)) m.dispose();
});

const minor = (c: Configuration, id: string) => c.price.outputs[id]?.minor;

describe('Configuration', () => {
  it('starts at the defaults, with the texts a form shows', async () => {
    const c = new Configuration(await model());
    // WCB 1200 × 100/100 = 1200.00; × 1.25 = 1500.00
    expect(minor(c, 'unit_price')).toBe(150000);
    expect(c.price.stale).toBe(false);
    expect(c.text('dn')).toBe('100');
    expect(c.text('coating')).toBe('false');
    expect(c.text('delivery')).toBe('2026-01-01');
    expect(c.errors).toEqual([]);
    expect([...c.userSet]).toEqual([]);
  });

  it('prices what was typed (the docs case: DN250 CF8M coated × 3)', async () => {
    const c = new Configuration(await model());
    c.input('dn', '250');
    c.input('body', 'CF8M');
    c.input('coating', 'yes');
    c.input('qty', ' 3 ');
    // 2600 × 250/100 = 6500.00; + 35 = 6535.00; × 1.25 = 8168.75; × 3 = 24506.25
    expect(minor(c, 'unit_price')).toBe(816875);
    expect(minor(c, 'total_price')).toBe(2450625);
    expect(c.values()).toMatchObject({ dn: 250, body: 'CF8M', coating: true, qty: 3 });
    expect([...c.userSet].sort()).toEqual(['body', 'coating', 'dn', 'qty']);
    expect(c.price.stale).toBe(false);
  });

  it('keeps the last valid price, marked stale, while a field is invalid', async () => {
    const c = new Configuration(await model());
    c.input('qty', '2');
    const before = c.price;
    expect(before.outputs.total_price?.minor).toBe(300000); // 1500.00 × 2

    expect(c.input('qty', 'abc')).toEqual({ error: { field: 'qty', code: 'invalid', message: 'expected a number, got "abc"' }, recalculated: false });
    expect(c.errors).toEqual([{ field: 'qty', code: 'invalid', message: 'expected a number, got "abc"' }]);
    expect(c.text('qty')).toBe('abc');
    expect(c.price).toEqual({ ...before, stale: true });
    expect(c.values().qty).toBe(2);

    c.input('qty', '4');
    expect(c.errors).toEqual([]);
    expect(c.price.stale).toBe(false);
    expect(c.price.revision).toBeGreaterThan(before.revision);
    expect(minor(c, 'total_price')).toBe(600000); // 1500.00 × 4
  });

  it('reports an empty required field as "required", and accepts an empty text field', async () => {
    const c = new Configuration(await model());
    expect(c.input('dn', '  ').error).toEqual({ field: 'dn', code: 'required', message: 'required' });
    expect(c.input('note', '').error).toBeUndefined();
    expect(c.errors.map((e) => e.field)).toEqual(['dn']);
  });

  it('reports the parser’s message for values outside the domain, per field, in parameter order', async () => {
    const c = new Configuration(await model());
    c.input('qty', '0');
    c.input('dn', '275');
    c.input('body', 'PVC');
    c.input('delivery', '2025-12-31');
    expect(c.errors).toEqual([
      { field: 'dn', code: 'invalid', message: '275 is not a multiple of the step 50 from 50' },
      { field: 'body', code: 'invalid', message: '"PVC" is not one of the options "GG25", "WCB", "CF8M"' },
      { field: 'qty', code: 'invalid', message: '0 is below the minimum 1' },
      { field: 'delivery', code: 'invalid', message: '2025-12-31 is before the earliest date 2026-01-01' },
    ]);
    expect(c.price.stale).toBe(true);
    expect(minor(c, 'unit_price')).toBe(150000);
  });

  it('still prices a valid field while another is invalid, and stays stale', async () => {
    const c = new Configuration(await model());
    c.input('qty', 'x');
    c.input('body', 'GG25');
    // GG25 800 × 100/100 = 800.00; × 1.25 = 1000.00, qty still 1
    expect(minor(c, 'unit_price')).toBe(100000);
    expect(minor(c, 'total_price')).toBe(100000);
    expect(c.price.stale).toBe(true);
  });

  it('does not recalculate for the same value typed again, however it is written', async () => {
    const m = await model();
    const c = new Configuration(m);
    const readAll = vi.spyOn(m, 'readAll');
    expect(c.input('qty', '20').recalculated).toBe(true);
    const { revision } = c.price;
    expect(c.input('qty', '20').recalculated).toBe(false);
    expect(c.input('qty', '20.0').recalculated).toBe(false);
    expect(c.input('qty', '2e1').recalculated).toBe(false);
    expect(c.price.revision).toBe(revision);
    expect(readAll).toHaveBeenCalledTimes(1);
    expect(c.text('qty')).toBe('2e1');
    // Back to a value typed before the error: no new calculation is needed to be fresh again.
    c.input('qty', 'oops');
    expect(c.input('qty', '20').recalculated).toBe(false);
    expect(c.price.stale).toBe(false);
  });

  it('tracks which fields the user set; useDefault forgets one', async () => {
    const c = new Configuration(await model());
    c.input('dn', '100'); // the default, but chosen by the user all the same
    c.input('qty', '5');
    expect([...c.userSet].sort()).toEqual(['dn', 'qty']);
    c.useDefault('qty');
    expect([...c.userSet]).toEqual(['dn']);
    expect(c.text('qty')).toBe('1');
    expect(minor(c, 'total_price')).toBe(150000);
    expect(c.snapshot()).toEqual({ values: { note: '', dn: 100, body: 'WCB', qty: 1, coating: false, delivery: '2026-01-01' }, userSet: ['dn'] });
  });

  it('restores a snapshot, and flags a saved value the model no longer accepts', async () => {
    const c = new Configuration(await model(), { values: { dn: 200, body: 'Bronze', gone: 1 }, userSet: ['dn', 'body', 'gone'] });
    expect(c.text('dn')).toBe('200');
    expect(c.text('body')).toBe('Bronze');
    expect(c.errors).toEqual([{ field: 'body', code: 'invalid', message: '"Bronze" is not one of the options "GG25", "WCB", "CF8M"' }]);
    // DN200 with the default WCB: 1200 × 2 = 2400.00; × 1.25 = 3000.00
    expect(minor(c, 'unit_price')).toBe(300000);
    expect(c.price.stale).toBe(true);
    expect([...c.userSet].sort()).toEqual(['body', 'dn']);
  });

  it('keeps its own values when two configurations share one model', async () => {
    const m = await model();
    const a = new Configuration(m);
    const b = new Configuration(m);
    a.input('dn', '200');
    b.input('body', 'GG25');
    // a: WCB DN200 → 3000.00; b: GG25 DN100 → 1000.00
    expect(minor(a, 'unit_price')).toBe(300000);
    expect(minor(b, 'unit_price')).toBe(100000);
    expect(a.waterfall().steps.map((s) => s.amountMinor)).toEqual([240000, 0, 60000]);
  });

  it('refuses a field the model does not have', async () => {
    const c = new Configuration(await model());
    expect(() => c.input('colour', 'red')).toThrow('unknown field "colour" in model mini-valve');
  });
});

describe('Configuration with configuration rules', () => {
  // A seat rated by temperature: EPDM to 120 °C, PTFE to 180 °C, metal without limit here.
  const seats = workbook({
    sheets: [{ name: 'Calc', cells: { A1: 'Seat', B1: 'EPDM', A2: 'Temp', B2: 20, A3: 'Price', B3: '=B2*2' } }],
    parameters: [
      { id: 'seat', label: L('Seat'), type: 'choice', default: 'EPDM', bind: 'Calc!B1', options: [{ value: 'EPDM', label: L('EPDM') }, { value: 'PTFE', label: L('PTFE') }, { value: 'METAL', label: L('Metal') }] },
      { id: 'temperature', label: L('Temperature'), type: 'integer', default: 20, min: -40, max: 425, bind: 'Calc!B2' },
    ],
    outputs: [{ id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B3' }],
    rules: [
      { id: 'epdm-max', kind: 'requires', if: { seat: 'EPDM' }, then: { temperature: { max: 120 } }, message: L('EPDM up to 120 °C') },
      { id: 'ptfe-max', kind: 'requires', if: { seat: 'PTFE' }, then: { temperature: { max: 180 } }, message: L('PTFE up to 180 °C') },
    ],
  });
  async function ruled(): Promise<Configuration> {
    const m = await openModel(seats);
    opened.push(m);
    const compiled = compileRules(m.workbook, 'seats.workbook.json');
    if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('\n'));
    return new Configuration(m, {}, compiled.rules);
  }

  it('moves a default the user did not set, and explains what a set field excludes', async () => {
    const c = await ruled();
    c.input('temperature', '150');
    // 150 °C rules out EPDM; the seat was never set, so it moves to the next allowed option, PTFE.
    expect(c.values()).toEqual({ seat: 'PTFE', temperature: 150 });
    expect(c.price.stale).toBe(false);
    expect(minor(c, 'price')).toBe(30000);
    const details = c.ruleDetails();
    // Temperature is set: with no other choice every value stays possible.
    expect(details.alternatives.get('temperature')).toEqual({ kind: 'ranges', ranges: [{ min: -40, max: 425 }] });
    expect(details.exclusions.get('seat')?.get('EPDM')).toEqual({ rules: [{ id: 'epdm-max', message: L('EPDM up to 120 °C') }], choices: ['seat', 'temperature'] });
    expect([...(details.exclusions.get('seat')?.keys() ?? [])]).toEqual(['EPDM']);
  });

  it('keeps the last allowed price through a conflict and offers the fix that keeps the last input', async () => {
    const c = await ruled();
    c.input('seat', 'PTFE');
    c.input('temperature', '200');
    expect(c.rules?.consistent).toBe(false);
    expect(c.price.stale).toBe(true);
    // Priced at PTFE and the default 20 °C: 20 × 2.
    expect(minor(c, 'price')).toBe(4000);
    // 200 °C stays (typed last); only the metal seat takes it.
    const fixes = c.fixes();
    expect(fixes).toEqual([{ changes: [{ parameter: 'seat', from: 'PTFE', to: 'METAL' }] }]);
    c.applyFix(fixes[0]!);
    expect(c.values()).toEqual({ seat: 'METAL', temperature: 200 });
    expect(c.price.stale).toBe(false);
    expect(minor(c, 'price')).toBe(40000);
    expect(c.fixes()).toEqual([]);
  });
});
