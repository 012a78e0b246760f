/**
 * Forms ↔ records: every record of the example workbooks survives being shown in a form and
 * read back untouched, and text that cannot be read is reported at its field.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkbookText } from '../../../domain/workbook/parse';
import type { Parameter } from '../../../domain/workbook/schema';
import type { JsonRecord, ModelInfo } from '../../../sync/model/recordCommands';
import { RECORD_KINDS } from '../../../sync/model/recordCommands';
import { draftOf, emptyDraft, formatLoose, infoDraftOf, infoPatchOf, parseLoose, recordOf } from './drafts';
import type { ParameterDraft, TestDraft } from './drafts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.workbook.json') ? [full] : [];
  });
}

describe('draftOf / recordOf', () => {
  for (const file of files('workbooks')) {
    it(`every record of ${file} reads back unchanged`, () => {
      const parsed = parseWorkbookText(readFileSync(file, 'utf8'), file);
      if (!parsed.ok) throw new Error(`${file} does not load`);
      const wb = parsed.workbook;
      for (const kind of RECORD_KINDS) {
        for (const record of wb[kind] as unknown as JsonRecord[]) {
          const back = recordOf(kind, draftOf(kind, record), wb.parameters);
          expect(back, `${kind} ${String(record.id ?? record.name)}`).toEqual({ ok: true, record });
        }
      }
    });
  }

  it('reports unreadable numbers at their field and keeps reading the rest', () => {
    const draft: ParameterDraft = { ...emptyDraft('parameters'), id: 'w', labelZh: '宽', labelEn: 'Width', bind: 'Inputs!B2', default: '12', min: 'ten', step: '0,5' };
    expect(recordOf('parameters', draft)).toEqual({
      ok: false,
      problems: [
        { field: 'min', message: 'expected a number, got "ten"' },
        { field: 'step', message: 'expected a number, got "0,5"' },
      ],
    });
  });

  it('reads a choice default as the option it names, numbers and quoted text alike', () => {
    const base: ParameterDraft = { ...emptyDraft('parameters'), id: 'pn', labelZh: '压力', labelEn: 'Pressure', type: 'choice', bind: 'Inputs!B2' };
    const options = [
      { value: '10', zh: 'PN10', en: 'PN10' },
      { value: '"16"', zh: 'PN16', en: 'PN16' },
    ];
    expect(recordOf('parameters', { ...base, options, default: '10' })).toMatchObject({ ok: true, record: { default: 10, options: [{ value: 10 }, { value: '16' }] } });
    expect(recordOf('parameters', { ...base, options, default: '"16"' })).toMatchObject({ ok: true, record: { default: '16' } });
  });

  it('reads given values the way each parameter reads text, and expected values loosely', () => {
    const parameters: Parameter[] = [
      { id: 'dn', label: { zh: '通径', en: 'DN' }, type: 'choice', options: [{ value: 100, label: { zh: 'DN100', en: 'DN100' } }], default: 100, bind: 'Inputs!B1' },
      { id: 'coated', label: { zh: '涂层', en: 'Coated' }, type: 'boolean', default: false, bind: 'Inputs!B2' },
    ];
    const draft: TestDraft = {
      ...emptyDraft('tests'),
      id: 't1',
      given: [
        { key: 'dn', value: '100' },
        { key: 'coated', value: 'yes' },
      ],
      expect: [
        { key: 'size', value: 'L-120', tolerance: '' },
        { key: 'price', value: '337.04', tolerance: '0.01' },
        { key: 'ok', value: 'true', tolerance: '' },
      ],
    };
    expect(recordOf('tests', draft, parameters)).toEqual({
      ok: true,
      record: { id: 't1', given: { dn: 100, coated: true }, expect: { size: 'L-120', price: { value: 337.04, tolerance: 0.01 }, ok: true } },
    });
    const twice: TestDraft = { ...draft, given: [...draft.given, { key: 'dn', value: '100' }], expect: [{ key: 'price', value: ' ', tolerance: '' }] };
    expect(recordOf('tests', twice, parameters)).toEqual({
      ok: false,
      problems: [
        { field: 'given.dn', message: 'is given twice' },
        { field: 'expect.price', message: 'give the expected value' },
      ],
    });
  });

  it('parseLoose and formatLoose are each other’s reverse', () => {
    for (const v of [10, -2.5, 'WCB', '10', 'true', '"quoted"', ' spaced ', true, false]) {
      expect(parseLoose(formatLoose(v), true)).toEqual(v);
    }
    expect(parseLoose('1e3', false)).toBe(1000);
    expect(parseLoose('true', false)).toBe('true');
  });
});

describe('model info', () => {
  const info: ModelInfo = { id: 'm', kind: 'product', name: { zh: '阀', en: 'Valve' }, description: { zh: '说明', en: 'About' }, productLine: 'valves', version: '1.0.0', currency: 'CNY' };

  it('names only the fields changed, one language at a time', () => {
    expect(infoPatchOf(info, { ...infoDraftOf(info), nameEn: 'Butterfly valve', version: '1.1.0' })).toEqual({ name: { en: 'Butterfly valve' }, version: '1.1.0' });
    expect(infoPatchOf(info, infoDraftOf(info))).toEqual({});
  });

  it('clearing both description texts removes the description', () => {
    expect(infoPatchOf(info, { ...infoDraftOf(info), descriptionZh: '', descriptionEn: ' ' })).toEqual({ description: null });
  });
});
