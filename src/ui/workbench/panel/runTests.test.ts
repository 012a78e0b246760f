/**
 * The panel's test run on the butterfly valve: its ten golden cases (worked out by hand in
 * docs/examples/butterfly-valve.md) pass on a model opened from the document; an expectation
 * changed to a wrong figure makes exactly that case fail, showing both figures.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WorkbookSource } from '../../../domain/workbook/load';
import { parseWorkbookText } from '../../../domain/workbook/parse';
import { workbookToDoc } from '../../../sync/model/modelDoc';
import { updateRecord } from '../../../sync/model/recordCommands';
import { runModelTests } from './runTests';

const FILE = 'butterfly-valve.workbook.json';
const modules: WorkbookSource = { read: (f) => Promise.resolve(readFileSync(`workbooks/${f}`, 'utf8')) };

function valveDoc(): Y.Doc {
  const parsed = parseWorkbookText(readFileSync(`workbooks/${FILE}`, 'utf8'), FILE);
  if (!parsed.ok) throw new Error('the valve does not load');
  const doc = new Y.Doc();
  workbookToDoc(parsed.workbook, doc);
  return doc;
}

describe('runModelTests', () => {
  it('passes the valve’s ten cases, then fails the one whose expectation was changed', async () => {
    const doc = valveDoc();
    const first = await runModelTests({ doc, file: FILE, modules });
    expect(first).toMatchObject({ ok: true, passed: 10, failed: 0 });

    // case-1 expects unit_price 337.04 (hand-worked); 400 is wrong on purpose.
    updateRecord(doc, 'tests', 'case-1', { expect: { unit_price: 400 } }, 'me');
    const second = await runModelTests({ doc, file: FILE, modules });
    if (!second.ok) throw new Error(second.errors.join('\n'));
    expect([second.passed, second.failed]).toEqual([9, 1]);
    const case1 = second.cases.find((c) => c.id === 'case-1');
    expect(case1?.pass).toBe(false);
    expect(case1?.checks.find((c) => c.output === 'unit_price')).toMatchObject({ expected: 400, actual: 337.04, pass: false, tolerance: 0.001 });
    expect(case1?.checks.filter((c) => !c.pass)).toHaveLength(1);
    expect(second.cases.filter((c) => !c.pass).map((c) => c.id)).toEqual(['case-1']);
  });

  it('reports a model that does not load instead of throwing', async () => {
    const doc = valveDoc();
    const result = await runModelTests({ doc, file: FILE });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/modules\/actuator\.workbook\.json/);
  });
});
