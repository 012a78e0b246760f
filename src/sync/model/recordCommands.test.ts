/**
 * Record commands on one replica and between two. Expected records are the ones typed, and
 * expected messages are worked out from the format's rules (docs/workbook-format.md).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workbook } from '../../domain/workbook/schema.js';
import type { ModuleInclude, Output, Parameter, TestCase } from '../../domain/workbook/schema.js';
import { L, workbook } from '../../domain/workbook/testSupport.js';
import { insertRows } from './modelCommands.js';
import { docToWorkbook, listSheets, sheetIdByName, workbookToDoc } from './modelDoc.js';
import {
  RecordError,
  addRecord,
  moveRecord,
  readModelInfo,
  readRecords,
  recordPatch,
  removeRecord,
  setModelInfo,
  updateRecord,
} from './recordCommands.js';
import type { NamedExpression } from './recordCommands.js';

/** Inputs has one row (A1:B1); Calc B1 = 120, B2 = B1 × Qty; Tables two rows of prices. */
function smallWorkbook(): Workbook {
  return Workbook.parse(
    workbook({
      id: 'small',
      name: L('Small', '小'),
      sheets: [
        { name: 'Inputs', cells: { A1: 'Qty', B1: 2 } },
        { name: 'Calc', cells: { A1: 'Rate', B1: 120, A2: 'Total', B2: '=B1*Qty' } },
        { name: 'Tables', rows: [['GG25', 800], ['WCB', 1200]] },
      ],
      names: [{ name: 'Qty', expression: '=Inputs!$B$1' }],
      parameters: [{ id: 'qty', label: L('Quantity', '数量'), type: 'integer', min: 1, default: 2, bind: 'Inputs!B1' }],
      outputs: [{ id: 'total', label: L('Total', '总价'), role: 'total_price', ref: 'Calc!B2' }],
      tests: [{ id: 'two', given: { qty: 2 }, expect: { total: 240 } }],
    }),
  );
}

function fresh(): Y.Doc {
  const doc = new Y.Doc();
  workbookToDoc(smallWorkbook(), doc);
  return doc;
}

function replicaOf(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const stored = (doc: Y.Doc, kind: string, index: number) => (doc.getMap('model').get(kind) as Y.Array<Y.Map<unknown>>).get(index);

const sizeParameter: Parameter = {
  id: 'size',
  label: { zh: '规格', en: 'Size' },
  type: 'choice',
  unit: 'mm',
  group: 'size',
  description: { zh: '阀门规格', en: 'Valve size' },
  options: [
    { value: 'S', label: { zh: '小', en: 'Small' } },
    { value: 'M', label: { zh: '中', en: 'Medium' } },
  ],
  default: 'M',
  bind: 'Inputs!B2',
};

describe('add, read back, follow rows', () => {
  it('every kind comes back from docToWorkbook exactly as typed', () => {
    const doc = fresh();
    const output: Output = { id: 'rate', label: { zh: '费率', en: 'Rate' }, role: 'breakdown', ref: 'Calc!B1', unit: 'CNY', money: false, decimals: 3, step: 2 };
    const module: ModuleInclude = { id: 'coat', file: 'modules/coat.workbook.json', inputs: { area: '=Calc!$B$1*2', colour: 'RAL7035', layers: 2, primed: true, none: null } };
    const name: NamedExpression = { name: 'Rate', expression: '=Tables!$B$2*2', comment: 'WCB price doubled' };
    const test: TestCase = {
      id: 'three',
      description: '3 × 120 = 360',
      given: { qty: 3 },
      expect: { total: { value: 360, tolerance: 0.5 } },
      tolerance: 0.01,
      source: 'by hand',
    };
    addRecord(doc, 'parameters', sizeParameter, 'me');
    addRecord(doc, 'outputs', output, 'me');
    addRecord(doc, 'modules', module, 'me');
    addRecord(doc, 'names', name, 'me');
    addRecord(doc, 'tests', test, 'me');
    const wb = docToWorkbook(doc);
    expect(wb.parameters[1]).toEqual(sizeParameter);
    expect(wb.outputs[1]).toEqual(output);
    expect(wb.modules[0]).toEqual(module);
    expect(wb.names[1]).toEqual(name);
    expect(wb.tests[1]).toEqual(test);
    expect(readRecords(doc, 'names')[1]).toEqual(name);
  });

  it('stores references in id form and grows the sheet to reach a new bound cell', () => {
    const doc = fresh();
    expect(listSheets(doc)[0]).toMatchObject({ name: 'Inputs', rowCount: 1 });
    addRecord(doc, 'parameters', sizeParameter, 'me');
    expect(listSheets(doc)[0]).toMatchObject({ name: 'Inputs', rowCount: 2 });
    expect(stored(doc, 'parameters', 1).get('bind')).toMatch(/^⟦s:[0-9a-z]{12},c:[0-9a-z]{12},r:[0-9a-z]{12}⟧$/);
    addRecord(doc, 'names', { name: 'Rate', expression: '=Tables!$B$2*2' }, 'me');
    expect(stored(doc, 'names', 1).get('expression')).not.toContain('Tables');
  });

  it('rows inserted above a bound cell keep the parameter on the same data', () => {
    const doc = fresh();
    addRecord(doc, 'parameters', sizeParameter, 'me');
    addRecord(doc, 'names', { name: 'Rate', expression: '=Tables!$B$2*2' }, 'me');
    addRecord(doc, 'modules', { id: 'coat', file: 'c.workbook.json', inputs: { area: '=Inputs!B2+Tables!B1' } }, 'me');
    insertRows(doc, sheetIdByName(doc, 'Inputs') as string, 0, 3, 'me');
    insertRows(doc, sheetIdByName(doc, 'Tables') as string, 1, 1, 'me');
    const wb = docToWorkbook(doc);
    // Inputs!B2 with 3 rows above it is B5; Tables row 2 with a row inserted above it is row 3, row 1 stays.
    expect(wb.parameters[1]?.bind).toBe('Inputs!B5');
    expect(wb.parameters[0]?.bind).toBe('Inputs!B4');
    expect(wb.names[1]?.expression).toBe('=Tables!$B$3*2');
    expect(wb.modules[0]?.inputs).toEqual({ area: '=Inputs!B5+Tables!B1' });
  });

  it('adds at a position', () => {
    const doc = fresh();
    addRecord(doc, 'outputs', { id: 'first', label: L('First'), role: 'other', ref: 'Calc!B1' }, 'me', 0);
    expect(readRecords(doc, 'outputs').map((o) => o.id)).toEqual(['first', 'total']);
  });
});

describe('validation', () => {
  it('refuses bad records with the reason and where, leaving the document byte-identical', () => {
    const doc = fresh();
    const before = Y.encodeStateAsUpdate(doc);
    const refused = (fn: () => void): string => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(RecordError);
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused(() => addRecord(doc, 'parameters', { ...sizeParameter, default: 'XL' }, 'me'))).toBe(
      'parameter "size": default: "XL" is not one of the options "S", "M"',
    );
    expect(refused(() => addRecord(doc, 'parameters', { ...sizeParameter, bind: 'Inptus!B2' }, 'me'))).toBe('parameter "size": bind: there is no sheet "Inptus"');
    expect(refused(() => addRecord(doc, 'parameters', { ...sizeParameter, id: 'qty' }, 'me'))).toBe('parameter "qty": id: there is already a parameter "qty"');
    expect(refused(() => addRecord(doc, 'parameters', { ...sizeParameter, label: { zh: '', en: 'Size' } }, 'me'))).toBe('parameter "size": label.zh: must not be empty');
    expect(refused(() => addRecord(doc, 'parameters', { ...sizeParameter, colour: 'red' }, 'me'))).toBe(
      'parameter "size": colour: unknown field (check the spelling; see docs/workbook-format.md)',
    );
    expect(refused(() => addRecord(doc, 'names', { name: 'qty', expression: '=B2*2' }, 'me'))).toBe(
      'name "qty": name: there is already a name "qty"\nname "qty": expression: "=B2*2": every cell must name its sheet here, as in Inputs!B2',
    );
    expect(refused(() => addRecord(doc, 'outputs', { id: 'x', label: L('X'), role: 'price', ref: 'Calc!B1' }, 'me'))).toMatch(/^output "x": role: must be one of "unit_price", /);
    expect(refused(() => addRecord(doc, 'tests', { id: 't', given: { qtty: 1 }, expect: { total: 1, weight: 2 } }, 'me'))).toBe(
      'test case "t": given.qtty: unknown parameter "qtty"\ntest case "t": expect.weight: unknown output "weight"',
    );
    expect(refused(() => addRecord(doc, 'modules', { id: 'm', file: 'm.json', inputs: { a: '=Nowhere!A1' } }, 'me'))).toBe('module "m": inputs.a: there is no sheet "Nowhere"');
    expect(refused(() => updateRecord(doc, 'parameters', 'qty', { min: 5 }, 'me'))).toBe('parameter "qty": default: 2 is below the minimum 5');
    expect(refused(() => updateRecord(doc, 'parameters', 'nope', { min: 5 }, 'me'))).toBe('parameter "nope": no such record (removed or renamed elsewhere?)');
    expect(refused(() => updateRecord(doc, 'outputs', 'total', { ref: 'Calc!⟦c:a,r:b⟧' }, 'me'))).toMatch(/^output "total": ref: .*reserved for stored references$/);
    expect(refused(() => removeRecord(doc, 'parameters', 'qty', 'me'))).toBe('parameter "qty": test cases "two" use it (given); change them first');
    expect(refused(() => moveRecord(doc, 'parameters', 'qty', 1, 'me'))).toBe('parameter "qty": position 1 is outside 0–0');
    expect(refused(() => setModelInfo(doc, { version: '1.2', currency: 'yuan' }, 'me'))).toBe(
      'model: version: must be a version like 1.0.0\nmodel: currency: must be a 3-letter ISO 4217 code such as CNY',
    );
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});

describe('update, remove, move', () => {
  it('writes only the fields that changed', () => {
    const doc = fresh();
    const changed: string[] = [];
    doc.getMap('model').observeDeep((events) => {
      for (const e of events) if (e instanceof Y.YMapEvent) changed.push(...[...e.keysChanged].map((k) => `${e.path.join('.')}:${k}`));
    });
    updateRecord(doc, 'parameters', 'qty', { label: { zh: '台数', en: 'Quantity' }, bind: 'Inputs!B1', unit: 'pcs' }, 'me');
    expect(changed.sort()).toEqual(['parameters.0.label:zh', 'parameters.0:unit']);
    expect(docToWorkbook(doc).parameters[0]).toEqual({ id: 'qty', label: { zh: '台数', en: 'Quantity' }, type: 'integer', unit: 'pcs', min: 1, default: 2, bind: 'Inputs!B1' });
  });

  it('undefined removes a field; a type change replaces the type-specific fields', () => {
    const doc = fresh();
    updateRecord(doc, 'parameters', 'qty', { type: 'choice', min: undefined, default: 1, options: [{ value: 1, label: L('One') }, { value: 2, label: L('Two') }] }, 'me');
    expect(docToWorkbook(doc).parameters[0]).toEqual({
      id: 'qty',
      label: { zh: '数量', en: 'Quantity' },
      type: 'choice',
      default: 1,
      options: [{ value: 1, label: L('One') }, { value: 2, label: L('Two') }],
      bind: 'Inputs!B1',
    });
  });

  it('renaming a parameter or an output renames it in the test cases', () => {
    const doc = fresh();
    updateRecord(doc, 'parameters', 'qty', { id: 'quantity' }, 'me');
    updateRecord(doc, 'outputs', 'total', { id: 'total_price' }, 'me');
    expect(docToWorkbook(doc).tests[0]).toEqual({ id: 'two', given: { quantity: 2 }, expect: { total_price: 240 } });
  });

  it('an expectation can become a value with its own tolerance and back', () => {
    const doc = fresh();
    updateRecord(doc, 'tests', 'two', { expect: { total: { value: 240, tolerance: 0.1 } } }, 'me');
    expect(docToWorkbook(doc).tests[0]?.expect).toEqual({ total: { value: 240, tolerance: 0.1 } });
    updateRecord(doc, 'tests', 'two', { expect: { total: 241 } }, 'me');
    expect(docToWorkbook(doc).tests[0]?.expect).toEqual({ total: 241 });
  });

  it('removes and moves', () => {
    const doc = fresh();
    addRecord(doc, 'parameters', sizeParameter, 'me');
    addRecord(doc, 'parameters', { id: 'coated', label: L('Coated'), type: 'boolean', default: false, bind: 'Inputs!B3' }, 'me');
    moveRecord(doc, 'parameters', 'coated', 0, 'me');
    expect(readRecords(doc, 'parameters').map((p) => p.id)).toEqual(['coated', 'qty', 'size']);
    expect(docToWorkbook(doc).parameters[0]?.bind).toBe('Inputs!B3');
    removeRecord(doc, 'parameters', 'size', 'me');
    removeRecord(doc, 'tests', 'two', 'me');
    removeRecord(doc, 'parameters', 'qty', 'me');
    expect(readRecords(doc, 'parameters').map((p) => p.id)).toEqual(['coated']);
  });

  it('each command is one undo step', () => {
    const doc = fresh();
    const undo = new Y.UndoManager(doc.getMap('model'), { trackedOrigins: new Set(['me']), captureTimeout: 0 });
    addRecord(doc, 'parameters', sizeParameter, 'me');
    updateRecord(doc, 'parameters', 'size', { default: 'S', unit: undefined }, 'me');
    undo.undo();
    expect(docToWorkbook(doc).parameters[1]).toEqual(sizeParameter);
    undo.undo();
    expect(docToWorkbook(doc)).toEqual(smallWorkbook());
  });
});

describe('model info', () => {
  it('reads and changes name, description, product line, version, currency', () => {
    const doc = fresh();
    setModelInfo(doc, { name: { zh: '小阀' }, description: { zh: '说明', en: 'About' }, productLine: 'valves', version: '1.1.0', currency: 'EUR' }, 'me');
    expect(readModelInfo(doc)).toEqual({
      id: 'small',
      kind: 'product',
      name: { zh: '小阀', en: 'Small' },
      description: { zh: '说明', en: 'About' },
      productLine: 'valves',
      version: '1.1.0',
      currency: 'EUR',
    });
    setModelInfo(doc, { description: null }, 'me');
    expect(docToWorkbook(doc).description).toBeUndefined();
  });
});

describe('two replicas editing at once', () => {
  it('label.zh on one and label.en on the other both survive; so do unit and min', () => {
    const a = fresh();
    const b = replicaOf(a);
    updateRecord(a, 'parameters', 'qty', { label: { zh: '台数' }, unit: 'pcs' }, 'a');
    updateRecord(b, 'parameters', 'qty', { label: { en: 'Units' }, min: 2 }, 'b');
    sync(a, b);
    const expected = { id: 'qty', label: { zh: '台数', en: 'Units' }, type: 'integer', unit: 'pcs', min: 2, default: 2, bind: 'Inputs!B1' };
    expect(docToWorkbook(a).parameters[0]).toEqual(expected);
    expect(docToWorkbook(b).parameters[0]).toEqual(expected);
  });

  it('a patch computed from the form leaves the other person’s field alone', () => {
    const a = fresh();
    const b = replicaOf(a);
    const opened = readRecords(b, 'outputs')[0] as Record<string, never>;
    updateRecord(a, 'outputs', 'total', { label: { en: 'Grand total' } }, 'a');
    sync(a, b);
    // b's form still shows the old English label; b changes only the Chinese one.
    const patch = recordPatch(opened, { ...opened, label: { zh: '合计', en: 'Total' } });
    expect(patch).toEqual({ label: { zh: '合计' } });
    updateRecord(b, 'outputs', 'total', patch, 'b');
    sync(a, b);
    expect(docToWorkbook(a).outputs[0]?.label).toEqual({ zh: '合计', en: 'Grand total' });
  });

  it('model names edited in two languages at once both survive', () => {
    const a = fresh();
    const b = replicaOf(a);
    setModelInfo(a, { name: { zh: '小阀门' } }, 'a');
    setModelInfo(b, { name: { en: 'Small valve' } }, 'b');
    sync(a, b);
    expect(readModelInfo(a).name).toEqual({ zh: '小阀门', en: 'Small valve' });
  });
});

describe('recordPatch', () => {
  it('names changed fields, removed fields as undefined, and object keys one by one', () => {
    expect(recordPatch({ id: 'a', label: { zh: '甲', en: 'A' }, unit: 'mm', options: [1] }, { id: 'a', label: { zh: '乙', en: 'A' }, options: [1, 2] })).toEqual({
      label: { zh: '乙' },
      unit: undefined,
      options: [1, 2],
    });
  });
});
