import { describe, expect, it } from 'vitest';
import { CellReader, placeOf, tableProblems, type TableLayout } from './policyTable';

const regions: TableLayout = {
  section: 'regions',
  rowWord: (n) => `Row ${n}`,
  columns: [
    { key: 'key', label: 'Key', path: 'policy.region' },
    { key: 'factor', label: 'Factor', path: 'policy.factor' },
  ],
};

const catalogue: TableLayout = {
  section: 'catalogue',
  rowWord: (n) => `Row ${n}`,
  columns: [{ key: 'sku', label: 'SKU', path: 'sku' }],
  nested: { path: ['volumeBreaks', 'bands'], subWord: (n) => `Band ${n}`, columns: [{ key: 'to', label: 'To', path: 'to' }] },
};

describe('tableProblems', () => {
  it('puts a refusal on the cell its path names, counting rows from 1', () => {
    expect(tableProblems(['pricing.regions.1.policy.factor Too small: expected number to be >0'], regions, 'en')).toEqual([
      { cell: '1:factor', where: 'Row 2 · Factor', text: 'Too small: expected number to be >0' },
    ]);
  });

  it('puts a nested refusal on the nested cell', () => {
    expect(tableProblems(['pricing.catalogue.0.volumeBreaks.bands.2.to Invalid input'], catalogue, 'en')).toEqual([
      { cell: '0/2:to', where: 'Row 1 · Band 3 · To', text: 'Invalid input' },
    ]);
  });

  it('keeps problems of the whole table or another section whole', () => {
    expect(tableProblems(['region "east" is defined twice', 'pricing.tiers.0.policy.key bad'], regions, 'en')).toEqual([
      { text: 'region "east" is defined twice' },
      { text: 'pricing.tiers.0.policy.key bad' },
    ]);
    expect(tableProblems(['pricing.regions must define at least one region'], regions, 'zh-CN')).toEqual([{ text: '至少需要一个区域' }]);
  });

  it('names the row when the column is not on the table', () => {
    expect(tableProblems(['pricing.regions.0.label.zh Invalid'], regions, 'en')).toEqual([{ where: 'Row 1', text: 'label.zh Invalid' }]);
  });
});

describe('CellReader', () => {
  it('reads good cells and notes each bad one at its place', () => {
    const reader = new CellReader('en');
    expect(reader.number('1.05', placeOf(regions, 0, 'factor'))).toBe(1.05);
    expect(reader.yuan('800.5', placeOf(regions, 0, 'factor'))).toBe(80050);
    expect(reader.result('ok')).toEqual({ ok: true, value: 'ok' });
    expect(reader.number('abc', placeOf(regions, 2, 'factor'))).toBeNaN();
    expect(reader.result('ok')).toEqual({ ok: false, problems: [{ cell: '2:factor', where: 'Row 3 · Factor', text: '"abc" is not a number' }] });
  });
});
