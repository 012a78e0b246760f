import { describe, expect, it } from 'vitest';
import { catalogueLayout, indicesLayout, latestPoint, nextBand, readCatalogue, readIndices, type CatalogueRow } from './nestedDrafts';
import { policyMessages } from './policyMessages';
import { CellReader } from './policyTable';

const t = policyMessages.en;
const kit = (kind: CatalogueRow['kind'], bands: CatalogueRow['bands']): CatalogueRow => ({
  cells: { sku: 'SP-KIT', nameZh: '备件包', nameEn: 'Kit', unit: 'set', price: '280', cost: '120.5', productLine: 'spares' },
  kind,
  bands,
});

describe('readCatalogue', () => {
  it('reads an item with block breaks, yuan to fen, an empty "to" as open-ended', () => {
    const reader = new CellReader('en');
    const items = readCatalogue(
      [
        kit('block', [
          { from: '1', to: '9', unitPrice: '280' },
          { from: '10', to: '', unitPrice: '255.5' },
        ]),
      ],
      reader,
      catalogueLayout(t),
    );
    expect(reader.problems).toEqual([]);
    expect(items).toEqual([
      {
        sku: 'SP-KIT',
        name: { zh: '备件包', en: 'Kit' },
        unit: 'set',
        priceMinor: 28000,
        costMinor: 12050,
        productLine: 'spares',
        volumeBreaks: {
          kind: 'block',
          bands: [
            { from: 1, to: 9, unitPriceMinor: 28000 },
            { from: 10, to: null, unitPriceMinor: 25550 },
          ],
        },
      },
    ]);
  });

  it('drops the breaks of an item set to none', () => {
    const reader = new CellReader('en');
    const [item] = readCatalogue([kit('none', [{ from: '1', to: '', unitPrice: '1' }])], reader, catalogueLayout(t));
    expect(item && 'volumeBreaks' in item).toBe(false);
  });

  it('refuses bands with a gap, naming the row and band', () => {
    const reader = new CellReader('en');
    readCatalogue(
      [
        kit('graduated', [
          { from: '1', to: '10', unitPrice: '1' },
          { from: '12', to: '', unitPrice: '1' },
        ]),
      ],
      reader,
      catalogueLayout(t),
    );
    expect(reader.problems).toEqual([{ where: 'Row 1 · SP-KIT', text: 'band 2 (12–∞): gap after band 1 (1–10)' }]);
  });

  it('puts an unreadable band cell on its cell', () => {
    const reader = new CellReader('en');
    readCatalogue([kit('block', [{ from: '1', to: 'x', unitPrice: '1' }])], reader, catalogueLayout(t));
    expect(reader.problems).toEqual([{ cell: '0/0:to', where: 'Row 1 · Band 1 · To (incl.)', text: '"x" is not a number' }]);
  });
});

describe('nextBand', () => {
  it('starts one past the last band', () => {
    expect(nextBand([])).toEqual({ from: '1', to: '', unitPrice: '' });
    expect(nextBand([{ from: '1', to: '9', unitPrice: '1' }])).toEqual({ from: '10', to: '', unitPrice: '' });
    expect(nextBand([{ from: '1', to: '', unitPrice: '1' }])).toEqual({ from: '', to: '', unitPrice: '' });
  });
});

describe('readIndices', () => {
  const series = (points: { date: string; value: string }[]) => [{ cells: { key: 'AL-A00', name: 'A00', unit: 'CNY/t' }, points }];

  it('reads points sorted by date', () => {
    const reader = new CellReader('en');
    const read = readIndices(
      series([
        { date: '2026-12-01', value: '21,700' },
        { date: '2026-11-20', value: '21610' },
      ]),
      reader,
      indicesLayout(t),
      t,
    );
    expect(reader.problems).toEqual([]);
    expect(read).toEqual([
      {
        key: 'AL-A00',
        name: 'A00',
        unit: 'CNY/t',
        points: [
          { date: '2026-11-20', value: 21610 },
          { date: '2026-12-01', value: 21700 },
        ],
      },
    ]);
  });

  it('refuses a bad date and a date given twice, on the row as typed', () => {
    const reader = new CellReader('en');
    readIndices(
      series([
        { date: '2026-12-01', value: '1' },
        { date: '2026-02-30', value: '1' },
        { date: '2026-12-01', value: '2' },
      ]),
      reader,
      indicesLayout(t),
      t,
    );
    expect(reader.problems).toEqual([
      { cell: '0/1:date', where: 'Row 1 · Point 2 · Date', text: '"2026-02-30" is not a date written YYYY-MM-DD' },
      { cell: '0/2:date', where: 'Row 1 · Point 3 · Date', text: 'the date 2026-12-01 is given more than once' },
    ]);
  });

  it('finds the latest point by date', () => {
    expect(
      latestPoint([
        { date: '2026-11-20', value: '2' },
        { date: '2026-12-01', value: '3' },
        { date: '2026-01-01', value: '1' },
      ]),
    ).toEqual({ date: '2026-12-01', value: '3' });
    expect(latestPoint([])).toBeUndefined();
  });
});
