import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseWorkbookText } from '../../domain/workbook/parse.js';
import { L, workbook } from '../../domain/workbook/testSupport.js';
import { docToWorkbook, workbookToDoc } from './modelDoc.js';
import { RulesEditError, setRules } from './ruleCommands.js';

const FILE = 'valve.workbook.json';
const model = workbook({
  sheets: [{ name: 'Calc', cells: { A1: 'Seat', B1: 'EPDM', A2: 'Temp', B2: 20, A3: 'Price', B3: '=B2*2' } }],
  parameters: [
    { id: 'seat', label: L('Seat'), type: 'choice', default: 'EPDM', bind: 'Calc!B1', options: [{ value: 'EPDM', label: L('EPDM') }, { value: 'PTFE', label: L('PTFE') }] },
    { id: 'temperature', label: L('Temperature'), type: 'integer', default: 20, min: -40, max: 425, bind: 'Calc!B2' },
  ],
  outputs: [{ id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B3' }],
});
const ptfeRule = { id: 'ptfe-max', kind: 'requires', if: { seat: 'PTFE' }, then: { temperature: { max: 180 } }, message: { zh: 'PTFE 最高 180 °C', en: 'PTFE up to 180 °C' } };

function docOf(): Y.Doc {
  const parsed = parseWorkbookText(JSON.stringify(model), FILE);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const doc = new Y.Doc();
  workbookToDoc(parsed.workbook, doc);
  return doc;
}

describe('setRules', () => {
  it('stores checked rules as one undoable step, read back exactly', () => {
    const doc = docOf();
    const origin = {};
    const undo = new Y.UndoManager(doc.getMap('model'), { trackedOrigins: new Set([origin]) });
    setRules(doc, FILE, [ptfeRule], origin);
    expect(docToWorkbook(doc).rules).toEqual([ptfeRule]);
    undo.undo();
    expect(docToWorkbook(doc).rules).toEqual([]);
  });

  it('refuses unknown parameters and options with their paths, and changes nothing', () => {
    const doc = docOf();
    setRules(doc, FILE, [ptfeRule], null);
    const before = Y.encodeStateAsUpdate(doc);
    const bad = [{ ...ptfeRule, if: { seal: 'PTFE' } }, { ...ptfeRule, id: 'metal', if: { seat: 'METAL' } }];
    let error: unknown;
    try {
      setRules(doc, FILE, bad, null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RulesEditError);
    const lines = (error as RulesEditError).errors.map((e) => e.path);
    expect(lines).toEqual(['rules[0].if.seal', 'rules[1].if.seat']);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('refuses what is not a list', () => {
    expect(() => setRules(docOf(), FILE, { id: 'x' }, null)).toThrow('valve.workbook.json: rules: must be a list of rules');
  });
});
