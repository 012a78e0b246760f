/**
 * Market index series (aluminium A00, copper, steel plate, …): dated values, looked up as
 * "the latest value on or before a date". A quote line freezes the values it was priced
 * with; `reprice` compares those with today's values, line by line, with the reason.
 */
import { z } from 'zod';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' });

export const IndexPointSchema = z.object({ date: IsoDate, value: z.number().finite() });
export type IndexPoint = z.infer<typeof IndexPointSchema>;

export const IndexSeriesSchema = z.object({
  /** Stable key referenced by models, e.g. 'AL-A00'. */
  key: z.string().min(1),
  name: z.string(),
  /** e.g. 'CNY/t'. */
  unit: z.string(),
  points: z.array(IndexPointSchema),
});
export type IndexSeries = z.infer<typeof IndexSeriesSchema>;

/** The value a quote line was priced with, kept with its date. */
export const FrozenIndexValueSchema = z.object({ series: z.string().min(1), date: IsoDate, value: z.number().finite() });
export type FrozenIndexValue = z.infer<typeof FrozenIndexValueSchema>;

export class MarketIndexError extends Error {}

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * Latest point on or before `date` (ISO strings compare as dates). Throws when the series
 * has no value that early.
 */
export function valueOn(series: IndexSeries, date: string): IndexPoint {
  if (!isIsoDate(date)) throw new MarketIndexError(`"${date}" is not a date written YYYY-MM-DD`);
  let best: IndexPoint | undefined;
  for (const p of series.points) {
    if (p.date <= date && (best === undefined || p.date > best.date)) best = p;
  }
  if (!best) throw new MarketIndexError(`series ${series.key} has no value on or before ${date}`);
  return best;
}

/** Freeze the value of a series on a date for a quote line. */
export function freezeIndex(series: IndexSeries, date: string): FrozenIndexValue {
  const p = valueOn(series, date);
  return { series: series.key, date: p.date, value: p.value };
}

export type IndexCsvResult = { ok: true; points: IndexPoint[] } | { ok: false; errors: string[] };

/**
 * Parse `date,value` lines (ISO dates; a header line is optional; blank lines skipped).
 * Every bad line is reported by its 1-based line number; nothing is returned unless all
 * lines are good, so a partial import never reaches saved data. A later line for the same
 * date is refused rather than guessed.
 */
export function parseIndexCsv(text: string): IndexCsvResult {
  const points: IndexPoint[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '') return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (points.length === 0 && errors.length === 0 && /^date$/i.test(cells[0] ?? '')) return; // header
    if (cells.length !== 2) {
      errors.push(`line ${lineNo}: expected 2 columns "date,value", found ${cells.length}`);
      return;
    }
    const [date = '', valueText = ''] = cells;
    if (!isIsoDate(date)) errors.push(`line ${lineNo}: "${date}" is not a date written YYYY-MM-DD`);
    const value = Number(valueText);
    if (valueText === '' || !Number.isFinite(value)) errors.push(`line ${lineNo}: "${valueText}" is not a number`);
    if (!isIsoDate(date) || valueText === '' || !Number.isFinite(value)) return;
    const earlier = seen.get(date);
    if (earlier !== undefined) {
      errors.push(`line ${lineNo}: date ${date} already given on line ${earlier}`);
      return;
    }
    seen.set(date, lineNo);
    points.push({ date, value });
  });
  if (errors.length > 0) return { ok: false, errors };
  points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ok: true, points };
}

/** A line to reprice: its frozen values and how its unit price follows from index values. */
export interface RepriceLine {
  lineId: string;
  frozen: readonly FrozenIndexValue[];
  /** Unit price in minor units from index values keyed by series. */
  price: (values: Readonly<Record<string, number>>) => number;
}

export interface IndexMove {
  series: string;
  from: { date: string; value: number };
  to: { date: string; value: number };
}

export interface RepriceResult {
  lineId: string;
  oldMinor: number;
  newMinor: number;
  /** Series whose value changed since the line was priced. */
  moves: IndexMove[];
  /** e.g. "AL-A00 19000 (2026-01-05) → 20000 (2026-03-02)"; empty when nothing moved. */
  reason: string;
}

/** Old (frozen) vs new (current on `date`) price per line, with which series moved. */
export function reprice(lines: readonly RepriceLine[], seriesByKey: ReadonlyMap<string, IndexSeries>, date: string): RepriceResult[] {
  return lines.map((line) => {
    const oldValues: Record<string, number> = {};
    const newValues: Record<string, number> = {};
    const moves: IndexMove[] = [];
    for (const f of line.frozen) {
      const series = seriesByKey.get(f.series);
      if (!series) throw new MarketIndexError(`line ${line.lineId}: unknown index series ${f.series}`);
      const now = valueOn(series, date);
      oldValues[f.series] = f.value;
      newValues[f.series] = now.value;
      if (now.value !== f.value) moves.push({ series: f.series, from: { date: f.date, value: f.value }, to: { date: now.date, value: now.value } });
    }
    return {
      lineId: line.lineId,
      oldMinor: line.price(oldValues),
      newMinor: line.price(newValues),
      moves,
      reason: moves.map((m) => `${m.series} ${m.from.value} (${m.from.date}) → ${m.to.value} (${m.to.date})`).join('; '),
    };
  });
}
