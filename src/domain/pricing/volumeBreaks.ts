/**
 * Volume breaks on integer minor units, in two kinds:
 * - graduated: each band of the quantity is charged at its own unit price (like tax brackets);
 * - block: the whole quantity is charged at the unit price of the band it falls in.
 */
import { z } from 'zod';
import { sumMinor } from './money.js';

export const VolumeBandSchema = z.object({
  /** First quantity in the band (inclusive). */
  from: z.number().int().min(1),
  /** Last quantity in the band (inclusive); null only on the last, open-ended band. */
  to: z.number().int().min(1).nullable(),
  unitPriceMinor: z.number().int().min(0),
});
export type VolumeBand = z.infer<typeof VolumeBandSchema>;

export const VolumeBreaksSchema = z.object({
  kind: z.enum(['graduated', 'block']),
  bands: z.array(VolumeBandSchema).min(1),
});
export type VolumeBreaks = z.infer<typeof VolumeBreaksSchema>;

export class VolumeBreakError extends Error {}

function describeBand(band: VolumeBand, index: number): string {
  return `band ${index + 1} (${band.from}–${band.to ?? '∞'})`;
}

/**
 * Check bands ascend from 1 with no gaps or overlaps and only the last is open-ended.
 * Returns a list of problems, each naming the band; empty when the bands are valid.
 */
export function validateBands(bands: readonly VolumeBand[]): string[] {
  const problems: string[] = [];
  if (bands.length === 0) return ['at least one band is needed'];
  bands.forEach((band, i) => {
    const name = describeBand(band, i);
    const parsed = VolumeBandSchema.safeParse(band);
    if (!parsed.success) {
      problems.push(`${name}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
      return;
    }
    if (i === 0 && band.from !== 1) problems.push(`${name}: the first band must start at 1`);
    if (band.to !== null && band.to < band.from) problems.push(`${name}: ends before it starts`);
    if (band.to === null && i !== bands.length - 1) problems.push(`${name}: only the last band may be open-ended`);
    const previous = bands[i - 1];
    if (previous && previous.to !== null) {
      if (band.from > previous.to + 1) problems.push(`${name}: gap after ${describeBand(previous, i - 1)}`);
      else if (band.from <= previous.to) problems.push(`${name}: overlaps ${describeBand(previous, i - 1)}`);
    }
  });
  return problems;
}

function checkedBands(bands: readonly VolumeBand[], quantity: number): readonly VolumeBand[] {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new VolumeBreakError(`quantity must be a whole number of at least 1, got ${quantity}`);
  }
  const problems = validateBands(bands);
  if (problems.length > 0) throw new VolumeBreakError(`invalid volume breaks: ${problems.join('; ')}`);
  const last = bands[bands.length - 1];
  if (last && last.to !== null && quantity > last.to) {
    throw new VolumeBreakError(`quantity ${quantity} is above the last band, which ends at ${last.to}`);
  }
  return bands;
}

/**
 * Graduated: units 1..to₁ at price₁, the next band's units at price₂, and so on.
 * @example graduatedTotalMinor([{from:1,to:10,unitPriceMinor:1000},{from:11,to:null,unitPriceMinor:800}], 12) === 11600
 */
export function graduatedTotalMinor(bands: readonly VolumeBand[], quantity: number): number {
  const parts: number[] = [];
  for (const band of checkedBands(bands, quantity)) {
    if (quantity < band.from) break;
    const upTo = band.to === null ? quantity : Math.min(quantity, band.to);
    parts.push((upTo - band.from + 1) * band.unitPriceMinor);
  }
  return sumMinor(parts);
}

/** The band a quantity falls in. */
export function bandFor(bands: readonly VolumeBand[], quantity: number): VolumeBand {
  const band = checkedBands(bands, quantity).find((b) => quantity >= b.from && (b.to === null || quantity <= b.to));
  // Validated bands cover 1..last.to without gaps, so a band is always found.
  if (!band) throw new VolumeBreakError(`no band holds quantity ${quantity}`);
  return band;
}

/**
 * Block: the whole quantity at the unit price of its band.
 * @example blockTotalMinor([{from:1,to:10,unitPriceMinor:1000},{from:11,to:null,unitPriceMinor:800}], 12) === 9600
 */
export function blockTotalMinor(bands: readonly VolumeBand[], quantity: number): number {
  return sumMinor([quantity * bandFor(bands, quantity).unitPriceMinor]);
}

/** Total for a quantity under either kind of volume breaks. */
export function volumeTotalMinor(breaks: VolumeBreaks, quantity: number): number {
  return breaks.kind === 'graduated' ? graduatedTotalMinor(breaks.bands, quantity) : blockTotalMinor(breaks.bands, quantity);
}
