import { describe, expect, it } from 'vitest';
import { formatWorkbookError } from './errors.js';
import type { ExplainNode } from './explain.js';
import { PriceModel } from './PriceModel.js';
import { L, memorySource, workbook } from './testSupport.js';

/** A small valve: body price by material, scaled by DN, optional coating, 25 % markup. */
const miniValve = workbook({
  sheets: [
    { name: 'Inputs', cells: { A1: 'DN', B1: 100, A2: 'Quantity', B2: 1, A3: 'Coating', B3: false, A4: 'Body', B4: 'WCB' } },
    {
      name: 'Calc',
      cells: {
        A1: 'Body price',
        B1: '=VLOOKUP(Inputs!B4,Bodies,2,FALSE())*Inputs!B1/100',
        A2: 'Coating',
        B2: '=IF(Inputs!B3,35,0)',
        A3: 'Unit price',
        B3: '=ROUND((B1+B2)*Markup,2)',
        A4: 'Total',
        B4: '=B3*Qty',
        A5: 'Ratio',
        B5: '=B2/(B1-1200)',
      },
    },
    { name: 'Tables', rows: [['GG25', 800], ['WCB', 1200], ['CF8M', 2600]] },
  ],
  names: [
    { name: 'Bodies', expression: '=Tables!$A$1:$B$3' },
    { name: 'Qty', expression: '=Inputs!$B$2' },
    { name: 'Markup', expression: 1.25 },
  ],
  parameters: [
    { id: 'dn', label: L('Nominal size'), type: 'integer', min: 50, max: 600, step: 50, default: 100, bind: 'Inputs!B1' },
    { id: 'qty', label: L('Quantity'), type: 'integer', min: 1, default: 1, bind: 'Qty' },
    { id: 'coating', label: L('Coating'), type: 'boolean', default: false, bind: 'Inputs!B3' },
    { id: 'body', label: L('Body'), type: 'choice', options: [{ value: 'GG25', label: L('Grey iron') }, { value: 'WCB', label: L('WCB') }, { value: 'CF8M', label: L('CF8M') }], default: 'WCB', bind: 'Inputs!B4' },
    { id: 'markup', label: L('Markup'), type: 'number', min: 1, default: 1.25, bind: 'Markup' },
  ],
  outputs: [
    { id: 'unit_price', label: L('Unit price'), role: 'unit_price', ref: 'Calc!B3' },
    { id: 'total_price', label: L('Total'), role: 'total_price', ref: 'Calc!B4' },
    { id: 'ratio', label: L('Coating ratio'), role: 'other', ref: 'Calc!B5' },
  ],
});

async function open(files: Record<string, unknown>, file = 'p.workbook.json'): Promise<PriceModel> {
  const r = await PriceModel.open(file, memorySource(files));
  if (!r.ok) throw new Error(r.errors.map(formatWorkbookError).join('\n'));
  return r.model;
}

async function openErrors(files: Record<string, unknown>, file = 'p.workbook.json'): Promise<string[]> {
  const r = await PriceModel.open(file, memorySource(files));
  if (r.ok) throw new Error('expected load errors');
  return r.errors.map(formatWorkbookError);
}

describe('PriceModel: parameters in, outputs out', () => {
  it('prices the defaults', async () => {
    const m = await open({ 'p.workbook.json': miniValve });
    // WCB 1200 × 100/100 = 1200; × 1.25 = 1500.00
    expect(m.read('unit_price')).toEqual({ id: 'unit_price', value: 1500, minor: 150000 });
    expect(m.read('total_price').minor).toBe(150000);
  });

  it('sets many parameters in one batch', async () => {
    const m = await open({ 'p.workbook.json': miniValve });
    expect(m.set({ dn: 250, body: 'CF8M', coating: true, qty: 3 })).toEqual({ ok: true });
    // CF8M 2600 × 250/100 = 6500; + 35 coating = 6535; × 1.25 = 8168.75; × 3 = 24506.25
    expect(m.read('unit_price').value).toBe(8168.75);
    expect(m.read('total_price').minor).toBe(2450625);
  });

  it('writes a parameter bound to a constant name', async () => {
    const m = await open({ 'p.workbook.json': miniValve });
    m.set({ markup: 1.1 });
    // 1200 × 1.1 = 1320
    expect(m.read('unit_price').value).toBe(1320);
  });

  it('writes a parameter bound to an empty cell rows below the last used one', async () => {
    // Regression: the rows between were left as holes, and the engine refused the sheet.
    const text = JSON.stringify(
      workbook({
        sheets: [{ name: 'Calc', cells: { A1: 'Price', B1: '=B30*2' } }],
        parameters: [{ id: 'width', label: L('Width'), type: 'number', default: 21, bind: 'Calc!B30' }],
        outputs: [{ id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B1' }],
      }),
    );
    const opened = await PriceModel.open('far.workbook.json', memorySource({ 'far.workbook.json': text }));
    if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
    expect(opened.model.read('price').value).toBe(42);
    opened.model.dispose();
  });

  it('refuses a batch with any invalid value and changes nothing', async () => {
    const m = await open({ 'p.workbook.json': miniValve });
    const r = m.set({ dn: 250, body: 'Bronze', qty: 0, pressure: 16 });
    expect(r).toEqual({
      ok: false,
      problems: [
        { parameter: 'body', message: '"Bronze" is not one of the options "GG25", "WCB", "CF8M"' },
        { parameter: 'qty', message: '0 is below the minimum 1' },
        { parameter: 'pressure', message: 'unknown parameter "pressure"' },
      ],
    });
    expect(m.values().dn).toBe(100);
    expect(m.read('unit_price').value).toBe(1500);
  });

  it('reports an output in error with its code', async () => {
    const m = await open({ 'p.workbook.json': miniValve });
    // B2 / (1200 - 1200): 0 / 0
    expect(m.read('ratio')).toEqual({ id: 'ratio', value: null, error: { code: '#DIV/0!', message: 'division by zero' } });
    m.set({ body: 'CF8M', coating: true });
    // 35 / (2600 - 1200) = 0.025
    expect(m.read('ratio').value).toBe(0.025);
  });

  it('evaluates many configurations and restores its own values', async () => {
    const m = await open({ 'p.workbook.json': miniValve });
    m.set({ dn: 300 });
    const results = m.evaluate([{ body: 'GG25' }, { body: 'CF8M', dn: 50 }, { body: 'Tin' }]);
    // GG25 800 × 1 = 800 × 1.25 = 1000; CF8M 2600 × 0.5 = 1300 × 1.25 = 1625
    expect(results[0]).toMatchObject({ ok: true, outputs: { unit_price: { value: 1000 } } });
    expect(results[1]).toMatchObject({ ok: true, outputs: { unit_price: { value: 1625 } } });
    expect(results[2]).toEqual({ ok: false, problems: [{ parameter: 'body', message: '"Tin" is not one of the options "GG25", "WCB", "CF8M"' }] });
    expect(m.values().dn).toBe(300);
    // WCB 1200 × 3 = 3600 × 1.25 = 4500
    expect(m.read('unit_price').value).toBe(4500);
  });
});

describe('PriceModel: limits', () => {
  it('refuses a row wider than a spreadsheet allows, at that row', async () => {
    const wide = workbook({ sheets: [{ name: 'S', rows: [[1], Array.from({ length: 16_385 }, () => 1)] }] });
    expect(await openErrors({ 'p.workbook.json': wide })).toEqual(['p.workbook.json: sheets[0].rows[1]: a row may have at most 16384 cells']);
  });
});

describe('PriceModel: numbers as a spreadsheet user expects', () => {
  const numbers = workbook({
    sheets: [
      {
        name: 'S',
        cells: {
          A1: 'x',
          B1: 1.005,
          B2: '=ROUND(B1,2)',
          B3: '=ROUNDUP(0.1*3,1)',
          B4: '=ROUNDDOWN(-1.999,2)',
          B5: '=1234567890.12*1',
          B6: '=B5',
          B7: '=B8-DATE(2026,1,1)',
          B8: '2026-01-01',
          B9: '=ROUND(-2.675,2)',
          B10: '=IF("Énergie"="énergie",1,0)+IF("é"="e",10,0)+COUNTIF(C1:C3,"edelstahl")*100',
          C1: 'Edelstahl',
          C2: 'edelstähl',
          C3: 'EDELSTAHL',
        },
      },
    ],
    parameters: [
      { id: 'x', label: L('x'), type: 'number', default: 1.005, bind: 'S!B1' },
      { id: 'day', label: L('Day'), type: 'date', default: '2026-01-01', bind: 'S!B8' },
    ],
    outputs: [
      { id: 'round', label: L('ROUND'), role: 'other', ref: 'S!B2' },
      { id: 'roundup', label: L('ROUNDUP'), role: 'other', ref: 'S!B3' },
      { id: 'rounddown', label: L('ROUNDDOWN'), role: 'other', ref: 'S!B4' },
      { id: 'big', label: L('Big'), role: 'other', ref: 'S!B5' },
      { id: 'big_money', label: L('Big money'), role: 'total_price', ref: 'S!B6' },
      { id: 'days', label: L('Days'), role: 'other', ref: 'S!B7' },
      { id: 'neg', label: L('Negative'), role: 'other', ref: 'S!B9' },
      { id: 'text', label: L('Text comparison'), role: 'other', ref: 'S!B10' },
    ],
  });

  it('rounds like Excel inside formulas', async () => {
    const m = await open({ 'p.workbook.json': numbers });
    expect(m.read('round').value).toBe(1.01);
    expect(m.read('roundup').value).toBe(0.3);
    expect(m.read('rounddown').value).toBe(-1.99);
    expect(m.read('neg').value).toBe(-2.68);
    m.set({ x: 2.675 });
    expect(m.read('round').value).toBe(2.68);
  });

  it('compares text as Excel does: case does not matter, accents do', async () => {
    const m = await open({ 'p.workbook.json': numbers });
    // 1 (Énergie = énergie) + 0 (é <> e) + 2 × 100 (Edelstahl, EDELSTAHL; not edelstähl)
    expect(m.read('text').value).toBe(201);
  });

  it('keeps cents on amounts up to 10^12', async () => {
    const m = await open({ 'p.workbook.json': numbers });
    expect(m.read('big').value).toBe(1234567890.12);
    expect(m.read('big_money').minor).toBe(123456789012);
  });

  it('stores date parameters as spreadsheet day numbers', async () => {
    const m = await open({ 'p.workbook.json': numbers });
    expect(m.read('days').value).toBe(0);
    m.set({ day: '2026-03-01' });
    // January 31 + February 28 days
    expect(m.read('days').value).toBe(59);
    expect(m.set({ day: '2026-02-30' })).toEqual({ ok: false, problems: [{ parameter: 'day', message: 'expected a date written YYYY-MM-DD, got the text "2026-02-30"' }] });
  });
});

describe('PriceModel.explain', () => {
  const find = (n: ExplainNode, pred: (x: ExplainNode) => boolean): ExplainNode | undefined => {
    if (pred(n)) return n;
    for (const c of n.children) {
      const f = find(c, pred);
      if (f) return f;
    }
    return undefined;
  };

  it('traces an output to parameters and table cells with their values', async () => {
    const m = await open({ 'p.workbook.json': miniValve });
    m.set({ body: 'CF8M', dn: 200 });
    const tree = m.explain('unit_price');
    // 2600 × 2 = 5200 × 1.25 = 6500
    expect(tree).toMatchObject({ ref: 'unit_price', kind: 'output', value: 6500, label: { en: 'Unit price' } });
    const top = tree.children[0] as ExplainNode;
    expect(top).toMatchObject({ ref: 'Calc!B3', kind: 'formula', formula: '=ROUND((B1+B2)*Markup,2)', label: { en: 'Unit price' } });
    expect(find(tree, (n) => n.ref === 'Calc!B1')).toMatchObject({ value: 5200, label: { en: 'Body price' } });
    expect(find(tree, (n) => n.parameter === 'body')).toMatchObject({ kind: 'parameter', ref: 'Inputs!B4', value: 'CF8M' });
    expect(find(tree, (n) => n.parameter === 'dn')).toMatchObject({ kind: 'parameter', value: 200 });
    const table = find(tree, (n) => n.kind === 'range');
    expect(table).toMatchObject({ ref: 'Tables!A1:B3', label: { en: 'Bodies' } });
    expect(table?.children.map((c) => c.value)).toEqual(['GG25', 800, 'WCB', 1200, 'CF8M', 2600]);
    expect(find(tree, (n) => n.ref === 'Markup')).toMatchObject({ kind: 'parameter', parameter: 'markup', value: 1.25, label: { en: 'Markup' } });
  });

  it('expands a shared precedent once and marks the repeats', async () => {
    const m = await open({
      'p.workbook.json': workbook({
        sheets: [{ name: 'S', cells: { A1: 1, A2: '=A1*2', A3: '=A2+A2*A1' } }],
        parameters: [{ id: 'a', label: L('a'), type: 'number', default: 1, bind: 'S!A1' }],
        outputs: [{ id: 'out', label: L('out'), role: 'other', ref: 'S!A3' }],
      }),
    });
    const tree = m.explain('out');
    const a3 = tree.children[0] as ExplainNode;
    expect(a3.value).toBe(4);
    const a2 = a3.children.find((c) => c.ref === 'S!A2');
    expect(a2?.children.map((c) => c.ref)).toEqual(['S!A1']);
    expect(a3.children.filter((c) => c.ref === 'S!A2')).toHaveLength(1);
  });
});

const finishModule = (rate: number) =>
  workbook({
    id: 'finish',
    kind: 'module',
    sheets: [{ name: 'Calc', cells: { A1: 'Area', B1: 1, A2: 'Rate', B2: rate, A3: 'Cost', B3: '=ROUND(B1*Rate,2)' } }],
    names: [{ name: 'Rate', expression: '=Calc!$B$2' }],
    parameters: [{ id: 'area_m2', label: L('Area'), type: 'number', min: 0, default: 1, bind: 'Calc!B1' }],
    outputs: [{ id: 'cost', label: L('Cost'), role: 'unit_cost', ref: 'Calc!B3' }],
  });

/** A module that includes the finish module as "coat": total = 2 × coat cost of (width × 10) m². */
const middleModule = () =>
  workbook({
    id: 'middle',
    kind: 'module',
    sheets: [{ name: 'Calc', cells: { A1: 'Width', B1: 1, A2: 'Total', B2: '=coat.cost*2' } }],
    parameters: [{ id: 'width', label: L('Width'), type: 'number', default: 1, bind: 'Calc!B1' }],
    outputs: [{ id: 'total', label: L('Total'), role: 'unit_cost', ref: 'Calc!B2' }],
    modules: [{ id: 'coat', file: 'finish.workbook.json', inputs: { area_m2: '=Calc!B1*10' } }],
  });

/** A frame painted inside and out: the same module twice, with its own `Rate` beside ours. */
const frame = workbook({
  sheets: [{ name: 'Calc', cells: { A1: 'Size', B1: 2, A2: 'Rate', B2: 1000, A3: 'Price', B3: '=inside.cost+outside.cost+Rate' } }],
  names: [{ name: 'Rate', expression: '=Calc!$B$2' }],
  parameters: [{ id: 'size_m', label: L('Size'), type: 'number', min: 0, default: 2, bind: 'Calc!B1' }],
  outputs: [{ id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B3' }],
  modules: [
    { id: 'inside', file: 'modules/finish.workbook.json', inputs: { area_m2: '=Calc!B1*Calc!B1' } },
    { id: 'outside', file: 'modules/finish.workbook.json', inputs: { area_m2: '=Calc!B1*Calc!B1*1.5' } },
  ],
});

describe('modules', () => {
  it('includes a module twice, each with its own inputs, without mixing up names', async () => {
    const m = await open({ 'p.workbook.json': frame, 'modules/finish.workbook.json': finishModule(40) });
    // inside: 2 × 2 = 4 m² × 40 = 160; outside: 6 m² × 40 = 240; + our Rate 1000 = 1400
    expect(m.read('price').value).toBe(1400);
    m.set({ size_m: 3 });
    // 9 × 40 = 360; 13.5 × 40 = 540; + 1000 = 1900
    expect(m.read('price').value).toBe(1900);
  });

  it('a change in a module flows into the product that uses it', async () => {
    const m = await open({ 'p.workbook.json': frame, 'modules/finish.workbook.json': finishModule(55) });
    // 4 × 55 = 220; 6 × 55 = 330; + 1000 = 1550
    expect(m.read('price').value).toBe(1550);
  });

  it('nests modules', async () => {
    const middle = middleModule();
    const top = workbook({
      sheets: [{ name: 'Calc', cells: { A1: 'Width', B1: 3, A2: 'Price', B2: '=mid.total+1' } }],
      parameters: [{ id: 'w', label: L('W'), type: 'number', default: 3, bind: 'Calc!B1' }],
      outputs: [{ id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B2' }],
      modules: [{ id: 'mid', file: 'modules/middle.workbook.json', inputs: { width: '=Calc!B1' } }],
    });
    const m = await open({ 'p.workbook.json': top, 'modules/middle.workbook.json': middle, 'modules/finish.workbook.json': finishModule(40) });
    // width 3 → 30 m² × 40 = 1200; × 2 = 2400; + 1 = 2401
    expect(m.read('price').value).toBe(2401);
    const tree = m.explain('price');
    const json = JSON.stringify(tree);
    expect(json).toContain('"module":"mid.coat"');
    // The input cell feeding the nested module is named after what it feeds.
    expect(json).toContain('"label":{"zh":"coat.area_m2","en":"coat.area_m2"}');
  });

  it('nests modules under the same alias at two levels', async () => {
    // middle includes finish as "coat", and the product includes middle as "coat" too: the
    // sheets become coat·Calc (middle) and coat·coat·Calc (finish) and must not be confused.
    const middle = middleModule();
    const top = workbook({
      sheets: [{ name: 'Calc', cells: { A1: 'Width', B1: 2, A2: 'Price', B2: '=coat.total+Calc!B1' } }],
      parameters: [{ id: 'w', label: L('W'), type: 'number', default: 2, bind: 'Calc!B1' }],
      outputs: [{ id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B2' }],
      modules: [{ id: 'coat', file: 'modules/middle.workbook.json', inputs: { width: '=Calc!B1*3' } }],
    });
    const m = await open({ 'p.workbook.json': top, 'modules/middle.workbook.json': middle, 'modules/finish.workbook.json': finishModule(40) });
    // width 2 × 3 = 6 → 60 m² × 40 = 2400; × 2 = 4800; + 2 = 4802
    expect(m.read('price').value).toBe(4802);
  });

  it('refuses a module that uses a name only the product defines', async () => {
    const leaky = finishModule(40) as { sheets: { cells: Record<string, unknown> }[] };
    (leaky.sheets[0] as { cells: Record<string, unknown> }).cells.B3 = '=B1*Rate*Size';
    const errors = await openErrors({ 'p.workbook.json': frame, 'modules/finish.workbook.json': leaky });
    expect(errors).toEqual(['modules/finish.workbook.json: sheets[0].cells.B3: unknown name "Size" in "=B1*Rate*Size"']);
  });

  it('refuses an input formula with a cell reference that names no sheet', async () => {
    const bad = structuredClone(frame) as { modules: { inputs: Record<string, string> }[] };
    (bad.modules[0] as { inputs: Record<string, string> }).inputs.area_m2 = '=B1*B1';
    const errors = await openErrors({ 'p.workbook.json': bad, 'modules/finish.workbook.json': finishModule(40) });
    expect(errors).toEqual(['p.workbook.json: modules[0].inputs.area_m2: "=B1*B1": name the sheet of every cell (Inputs!B3), since inputs are read from the including workbook']);
  });
});

describe('PriceModel.setCells: cells of the product written in one batch', () => {
  it('writes values and formulas of the product sheets, recalculating once', async () => {
    const m = await open({ 'p.workbook.json': miniValve });
    // WCB body 1200 × 100/100 = 1200; Tables!B2 → 1000 and coating cell formula → 100: (1000 + 100) × 1.25 = 1375.
    expect(m.setCells([
      { sheet: 'Tables', cell: 'B2', content: 1000 },
      { sheet: 'Calc', cell: 'B2', content: '=IF(Inputs!B3,35,100)' },
    ])).toEqual({ ok: true });
    expect(m.read('unit_price').value).toBe(1375);
    expect(m.setCells([{ sheet: 'Calc', cell: 'B2', content: null }])).toEqual({ ok: true });
    expect(m.read('unit_price').value).toBe(1250); // 1000 × 1.25
    m.dispose();
  });

  it('refuses parameter cells, unknown sheets, module sheets and bad addresses, writing nothing', async () => {
    const mod = workbook({ id: 'mod', kind: 'module', sheets: [{ name: 'M', cells: { A1: 5 } }], outputs: [{ id: 'five', label: L('Five'), role: 'other', ref: 'M!A1' }] });
    const product = { ...miniValve, modules: [{ id: 'm', file: 'mod.workbook.json' }] };
    const m = await open({ 'p.workbook.json': product, 'mod.workbook.json': mod });
    const r = m.setCells([
      { sheet: 'Tables', cell: 'B2', content: 1 },
      { sheet: 'Inputs', cell: 'B1', content: 200 },
      { sheet: 'Nowhere', cell: 'A1', content: 1 },
      { sheet: 'm·M', cell: 'A1', content: 1 },
      { sheet: 'Calc', cell: '$B$1', content: 1 },
    ]);
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.problems.map((p) => `${p.sheet}!${p.cell}: ${p.message}`);
    expect(messages).toHaveLength(4);
    expect(messages[0]).toContain('parameter "dn"');
    expect(messages[1]).toContain('unknown sheet "Nowhere"');
    expect(messages[2]).toContain('belongs to a module');
    expect(messages[3]).toContain('not a cell address');
    expect(m.read('unit_price').value).toBe(1500); // unchanged: 1200 × 1.25
    m.dispose();
  });
});
