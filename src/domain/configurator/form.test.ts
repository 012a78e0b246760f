import { describe, expect, it } from 'vitest';
import { parseParameterText } from '../workbook/parameters.js';
import { Workbook } from '../workbook/schema.js';
import { formOf } from './form.js';
import { miniValve } from './testSupport.js';

const valve = Workbook.parse(miniValve);

describe('formOf', () => {
  it('groups fields in the order the model first names each group, ungrouped last', () => {
    const form = formOf(valve, 'en');
    expect(form.groups.map((g) => [g.id, g.fields.map((f) => f.id)])).toEqual([
      ['size', ['dn']],
      ['materials', ['body', 'coating']],
      ['commercial', ['qty', 'delivery']],
      [null, ['note']],
    ]);
    expect(form).toMatchObject({ modelId: 'mini-valve', title: 'Mini valve', locale: 'en' });
  });

  it('describes each field in the chosen language, with its domain and default', () => {
    const zh = formOf(valve, 'zh');
    const fields = Object.fromEntries(zh.groups.flatMap((g) => g.fields).map((f) => [f.id, f]));
    expect(zh.title).toBe('小阀门');
    expect(fields.dn).toEqual({ id: 'dn', label: '公称通径', unit: 'mm', type: 'integer', min: 50, max: 600, step: 50, default: 100, defaultText: '100', required: true });
    expect(fields.body).toEqual({
      id: 'body',
      label: '阀体材料',
      type: 'choice',
      default: 'WCB',
      defaultText: 'WCB',
      required: true,
      options: [
        { value: 'GG25', text: 'GG25', label: '灰铸铁' },
        { value: 'WCB', text: 'WCB', label: '铸钢WCB' },
        { value: 'CF8M', text: 'CF8M', label: '不锈钢CF8M' },
      ],
    });
    expect(fields.coating).toEqual({ id: 'coating', label: '环氧涂层', description: '内外熔结环氧', type: 'boolean', default: false, defaultText: 'false', required: true });
    expect(fields.delivery).toEqual({ id: 'delivery', label: '交货日期', type: 'date', min: '2026-01-01', default: '2026-01-01', defaultText: '2026-01-01', required: true });
    expect(fields.note).toEqual({ id: 'note', label: '备注', type: 'text', maxLength: 20, default: '', defaultText: '', required: false });
    expect(formOf(valve, 'en').groups[1]?.fields[1]).toMatchObject({ label: 'Epoxy coating', description: 'Fusion-bonded epoxy, inside and out' });
  });

  it('gives texts that parse back to the values they stand for', () => {
    const withNumbers = Workbook.parse({
      ...miniValve,
      parameters: [
        {
          id: 'pn',
          label: { zh: '压力', en: 'Pressure' },
          type: 'choice',
          default: 16,
          bind: 'Inputs!B1',
          options: [
            { value: 10, label: { zh: 'PN10', en: 'PN10' } },
            { value: 16, label: { zh: 'PN16', en: 'PN16' } },
          ],
        },
        { id: 'tiny', label: { zh: '小', en: 'Tiny' }, type: 'number', default: 1e-7, bind: 'Inputs!B2' },
      ],
    });
    const fields = formOf(withNumbers, 'en').groups.flatMap((g) => g.fields);
    for (const [i, field] of fields.entries()) {
      const p = withNumbers.parameters[i]!;
      expect(parseParameterText(p, field.defaultText)).toEqual({ ok: true, value: p.default });
      if (field.type === 'choice') for (const o of field.options) expect(parseParameterText(p, o.text)).toEqual({ ok: true, value: o.value });
    }
    expect(fields[1]?.defaultText).toBe('1e-7');
  });
});
