/**
 * The two sections whose rows own a table of their own: catalogue items with their volume
 * breaks (bands), and market index series with their points. Typed cells ⇄ records.
 */
import { isIsoDate, type IndexPoint, type IndexSeries } from '../../domain/pricing/marketIndex';
import type { CatalogueItem, PricingSettings } from '../../domain/pricing/PricingSettings';
import { validateBands, type VolumeBand, type VolumeBreaks } from '../../domain/pricing/volumeBreaks';
import { yuanText } from './fieldText';
import type { PolicyMessages } from './policyMessages';
import { placeOf, type CellReader, type Cells, type Column, type TableLayout } from './policyTable';

const cell = (cells: Readonly<Record<string, string>>, key: string) => (cells[key] ?? '').trim();

// ---------------------------------------------------------------------------------------------
// Catalogue and volume breaks

export type BreaksKind = 'none' | VolumeBreaks['kind'];

export interface CatalogueRow {
  cells: Cells;
  kind: BreaksKind;
  bands: Cells[];
}

export function catalogueLayout(t: PolicyMessages): TableLayout {
  return {
    section: 'catalogue',
    rowWord: t.row,
    columns: [
      { key: 'sku', label: t.sku, path: 'sku' },
      { key: 'nameZh', label: t.nameZh, path: 'name.zh', size: 'wide' },
      { key: 'nameEn', label: t.nameEn, path: 'name.en', size: 'wide' },
      { key: 'unit', label: t.unit, path: 'unit', size: 'narrow' },
      { key: 'price', label: t.price, path: 'priceMinor', size: 'narrow', numeric: true },
      { key: 'cost', label: t.cost, path: 'costMinor', size: 'narrow', numeric: true },
      { key: 'productLine', label: t.productLine, path: 'productLine' },
    ],
    nested: {
      path: ['volumeBreaks', 'bands'],
      subWord: t.band,
      columns: [
        { key: 'from', label: t.from, path: 'from', numeric: true },
        { key: 'to', label: t.to, path: 'to', numeric: true, placeholder: t.toOpen },
        { key: 'unitPrice', label: t.unitPrice, path: 'unitPriceMinor', numeric: true },
      ],
    },
  };
}

export function catalogueRows(s: PricingSettings): CatalogueRow[] {
  return s.catalogue.map((item) => ({
    cells: {
      sku: item.sku,
      nameZh: item.name.zh,
      nameEn: item.name.en,
      unit: item.unit,
      price: yuanText(item.priceMinor),
      cost: yuanText(item.costMinor),
      productLine: item.productLine,
    },
    kind: item.volumeBreaks?.kind ?? 'none',
    bands: (item.volumeBreaks?.bands ?? []).map((b) => ({ from: String(b.from), to: b.to === null ? '' : String(b.to), unitPrice: yuanText(b.unitPriceMinor) })),
  }));
}

/** A band to add after the last: it starts one past the last band's end. */
export function nextBand(bands: readonly Cells[]): Cells {
  const last = bands.at(-1);
  if (!last) return { from: '1', to: '', unitPrice: '' };
  const lastTo = cell(last, 'to');
  return { from: lastTo !== '' && Number.isInteger(Number(lastTo)) ? String(Number(lastTo) + 1) : '', to: '', unitPrice: '' };
}

/** The item's volume breaks as typed; undefined when it has none. Unreadable cells are noted on `reader`. */
export function readBreaks(row: CatalogueRow, index: number, reader: CellReader, layout: TableLayout): VolumeBreaks | undefined {
  if (row.kind === 'none') return undefined;
  const bands: VolumeBand[] = row.bands.map((b, j) => ({
    from: reader.number(b.from, placeOf(layout, index, 'from', j)),
    to: cell(b, 'to') === '' ? null : reader.number(b.to, placeOf(layout, index, 'to', j)),
    unitPriceMinor: reader.yuan(b.unitPrice, placeOf(layout, index, 'unitPrice', j)),
  }));
  return { kind: row.kind, bands };
}

/** What is wrong with the bands (validateBands), or [] when they are good or do not read yet. */
export function bandProblems(breaks: VolumeBreaks | undefined): string[] {
  if (!breaks) return [];
  if (breaks.bands.some((b) => Number.isNaN(b.from) || Number.isNaN(b.unitPriceMinor) || (b.to !== null && Number.isNaN(b.to)))) return [];
  return validateBands(breaks.bands);
}

export function readCatalogue(rows: readonly CatalogueRow[], reader: CellReader, layout: TableLayout): CatalogueItem[] {
  return rows.map((row, i) => {
    const breaks = readBreaks(row, i, reader, layout);
    // The schema checks each band alone; only validateBands sees gaps and overlaps, so it is asked here.
    for (const problem of bandProblems(breaks)) reader.note({ where: `${layout.rowWord(i + 1)} · ${cell(row.cells, 'sku')}`, text: problem });
    const item: CatalogueItem = {
      sku: cell(row.cells, 'sku'),
      name: { zh: cell(row.cells, 'nameZh'), en: cell(row.cells, 'nameEn') },
      unit: cell(row.cells, 'unit'),
      priceMinor: reader.yuan(row.cells.price, placeOf(layout, i, 'price')),
      costMinor: reader.yuan(row.cells.cost, placeOf(layout, i, 'cost')),
      productLine: cell(row.cells, 'productLine'),
    };
    return breaks ? { ...item, volumeBreaks: breaks } : item;
  });
}

// ---------------------------------------------------------------------------------------------
// Market indices

export interface SeriesRow {
  cells: Cells;
  points: Cells[];
}

export function indicesLayout(t: PolicyMessages): TableLayout {
  return {
    section: 'indices',
    rowWord: t.row,
    columns: [
      { key: 'key', label: t.key, path: 'key', size: 'narrow' },
      { key: 'name', label: t.seriesName, path: 'name', size: 'wide' },
      { key: 'unit', label: t.unit, path: 'unit', size: 'narrow' },
    ] satisfies Column[],
    nested: {
      path: ['points'],
      subWord: t.point,
      columns: [
        { key: 'date', label: t.date, path: 'date', placeholder: 'YYYY-MM-DD' },
        { key: 'value', label: t.value, path: 'value', numeric: true },
      ],
    },
  };
}

export function seriesRows(s: PricingSettings): SeriesRow[] {
  return s.indices.map((series) => ({
    cells: { key: series.key, name: series.name, unit: series.unit },
    points: series.points.map((p) => ({ date: p.date, value: String(p.value) })),
  }));
}

/** The latest point as typed (by date), for the series list; undefined when there is none. */
export function latestPoint(points: readonly Cells[]): Cells | undefined {
  let best: Cells | undefined;
  for (const p of points) if (cell(p, 'date') !== '' && (best === undefined || cell(p, 'date') > cell(best, 'date'))) best = p;
  return best;
}

export function readIndices(rows: readonly SeriesRow[], reader: CellReader, layout: TableLayout, t: PolicyMessages): IndexSeries[] {
  return rows.map((row, i) => {
    const seen = new Set<string>();
    const points: IndexPoint[] = row.points.map((p, j) => {
      const date = cell(p, 'date');
      // Dates are checked here, before sorting, so a problem names the row as the user sees it.
      if (!isIsoDate(date)) reader.note({ ...placeOf(layout, i, 'date', j), text: t.notDate(date) });
      // valueOn would pick one of two values for the same day at random: refuse it instead.
      else if (seen.has(date)) reader.note({ ...placeOf(layout, i, 'date', j), text: t.duplicateDate(date) });
      seen.add(date);
      return { date, value: reader.number(p.value, placeOf(layout, i, 'value', j)) };
    });
    points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return { key: cell(row.cells, 'key'), name: cell(row.cells, 'name'), unit: cell(row.cells, 'unit'), points };
  });
}
