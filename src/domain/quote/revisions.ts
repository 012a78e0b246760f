/**
 * Compare two revisions of a quote line by line (paired by line id), with the totals and
 * margin deltas in integer minor units. Pure: the caller decides what to show.
 */
import { sumMinor, settle } from '../pricing/money.js';
import { RevisionLine, lineAmounts } from './RevisionLine.js';
import type { LineAmounts } from './RevisionLine.js';

export type ComparedField = 'description' | 'quantity' | 'unitPriceMinor' | 'costMinor' | 'discountPct';
const COMPARED_FIELDS: readonly ComparedField[] = ['description', 'quantity', 'unitPriceMinor', 'costMinor', 'discountPct'];

export interface FieldChange {
  readonly field: ComparedField;
  readonly from: string | number;
  readonly to: string | number;
}

export interface LineWithAmounts {
  readonly line: RevisionLine;
  readonly amounts: LineAmounts;
}

export interface ChangedLine {
  readonly id: string;
  readonly changes: readonly FieldChange[];
  readonly before: LineAmounts;
  readonly after: LineAmounts;
  /** after − before */
  readonly netDeltaMinor: number;
  readonly marginDeltaMinor: number;
}

export interface RevisionTotals extends LineAmounts {
  /** margin ÷ net in basis points (1234 = 12.34 %), half away from zero; null when net is 0. */
  readonly marginBasisPoints: number | null;
}

export interface TotalsDelta extends LineAmounts {
  /** null when either side has no margin ratio */
  readonly marginBasisPoints: number | null;
}

export interface RevisionComparison {
  /** In the order of revision b. */
  readonly added: readonly LineWithAmounts[];
  /** In the order of revision a. */
  readonly removed: readonly LineWithAmounts[];
  /** In the order of revision b. */
  readonly changed: readonly ChangedLine[];
  readonly unchangedIds: readonly string[];
  readonly totalsA: RevisionTotals;
  readonly totalsB: RevisionTotals;
  /** b − a */
  readonly delta: TotalsDelta;
}

export class RevisionLinesError extends Error {
  override name = 'RevisionLinesError';
}

function checkLines(label: string, lines: readonly unknown[]): RevisionLine[] {
  const seen = new Set<string>();
  return lines.map((raw, index) => {
    const parsed = RevisionLine.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'line';
      throw new RevisionLinesError(`revision ${label}, line ${index + 1}: ${field} ${issue?.message ?? 'is invalid'}`);
    }
    if (seen.has(parsed.data.id)) throw new RevisionLinesError(`revision ${label}, line ${index + 1}: id "${parsed.data.id}" is used twice`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

/** Sum the lines' amounts; the margin ratio from the sums, not an average of line ratios. */
export function revisionTotals(lines: readonly RevisionLine[]): RevisionTotals {
  const amounts = lines.map(lineAmounts);
  const pick = (k: keyof LineAmounts): number => sumMinor(amounts.map((a) => a[k]));
  const netMinor = pick('netMinor');
  const marginMinor = pick('marginMinor');
  return {
    grossMinor: pick('grossMinor'),
    discountMinor: pick('discountMinor'),
    netMinor,
    costMinor: pick('costMinor'),
    marginMinor,
    marginBasisPoints: netMinor === 0 ? null : settle((marginMinor * 10_000) / netMinor, 0),
  };
}

/**
 * Lines present only in `b` are added, only in `a` removed; a line in both with any compared
 * field different is changed (with each field's old → new). Throws `RevisionLinesError` naming
 * the revision and line when a line is malformed or an id repeats.
 *
 * @example compareRevisions(v1.lines, v2.lines).delta.marginMinor // how much margin V2 gained
 */
export function compareRevisions(a: readonly unknown[], b: readonly unknown[]): RevisionComparison {
  const linesA = checkLines('A', a);
  const linesB = checkLines('B', b);
  const byIdA = new Map(linesA.map((l) => [l.id, l]));
  const idsB = new Set(linesB.map((l) => l.id));

  const added: LineWithAmounts[] = [];
  const changed: ChangedLine[] = [];
  const unchangedIds: string[] = [];
  for (const after of linesB) {
    const before = byIdA.get(after.id);
    if (before === undefined) {
      added.push({ line: after, amounts: lineAmounts(after) });
      continue;
    }
    const changes = COMPARED_FIELDS.filter((f) => before[f] !== after[f]).map((f) => ({ field: f, from: before[f], to: after[f] }));
    if (changes.length === 0) {
      unchangedIds.push(after.id);
      continue;
    }
    const amountsBefore = lineAmounts(before);
    const amountsAfter = lineAmounts(after);
    changed.push({
      id: after.id,
      changes,
      before: amountsBefore,
      after: amountsAfter,
      netDeltaMinor: amountsAfter.netMinor - amountsBefore.netMinor,
      marginDeltaMinor: amountsAfter.marginMinor - amountsBefore.marginMinor,
    });
  }
  const removed = linesA.filter((l) => !idsB.has(l.id)).map((l) => ({ line: l, amounts: lineAmounts(l) }));

  const totalsA = revisionTotals(linesA);
  const totalsB = revisionTotals(linesB);
  const delta: TotalsDelta = {
    grossMinor: totalsB.grossMinor - totalsA.grossMinor,
    discountMinor: totalsB.discountMinor - totalsA.discountMinor,
    netMinor: totalsB.netMinor - totalsA.netMinor,
    costMinor: totalsB.costMinor - totalsA.costMinor,
    marginMinor: totalsB.marginMinor - totalsA.marginMinor,
    marginBasisPoints: totalsA.marginBasisPoints === null || totalsB.marginBasisPoints === null ? null : totalsB.marginBasisPoints - totalsA.marginBasisPoints,
  };
  return { added, removed, changed, unchangedIds, totalsA, totalsB, delta };
}
