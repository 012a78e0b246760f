/**
 * Record types of a quote as its document holds it (`quote:<id>`, ARCHITECTURE.md): the header,
 * the lines of the current revision, the frozen earlier revisions and the lifecycle events.
 * Money is integer minor units of the quote's currency. Fields are only ever added; a retired
 * field name is never reused.
 */
import { z } from 'zod';
import { FrozenIndexValueSchema } from '../pricing/marketIndex.js';
import { computeQuoteTotals } from '../pricing/quoteTotals.js';
import type { QuoteLine, QuoteTotals } from '../pricing/quoteTotals.js';
import { CalendarDate, QuoteState } from './lifecycle.js';

const minorUnits = z
  .number()
  .int({ message: 'must be a whole number of minor units' })
  .min(0, { message: 'must not be negative' })
  .refine(Number.isSafeInteger, { message: 'is too large' });
const Percent = z.number().finite().min(0, { message: 'must be at least 0' }).max(100, { message: 'must be at most 100' });
const Timestamp = z.iso.datetime({ offset: true });
const Id = z.string().min(1, { message: 'must not be empty' }).max(64);

export const LineInclusion = z.enum(['standard', 'optional', 'alternative']);
export type LineInclusion = z.infer<typeof LineInclusion>;

export const SectionLineRecord = z.strictObject({
  kind: z.literal('section'),
  id: Id,
  title: z.string().max(200),
});
export type SectionLineRecord = z.infer<typeof SectionLineRecord>;

const pricedFields = {
  id: Id,
  description: z.string().max(2000),
  quantity: z.number().finite().positive({ message: 'must be greater than 0' }),
  /** e.g. 'pc', 'm', 'kg'. */
  unit: z.string().max(16),
  /** List price per unit after supply/demand and regional factors, before the line discount. */
  unitPriceMinor: minorUnits,
  unitCostMinor: minorUnits,
  discountPct: Percent,
  /** Optional and alternative lines are shown but count only when chosen. */
  inclusion: LineInclusion,
  chosen: z.boolean(),
};

/** A plain catalogue item (spare part, service, freight insurance …). */
export const CatalogueLineRecord = z.strictObject({
  kind: z.literal('catalogue'),
  ...pricedFields,
  sku: z.string().max(64),
});
export type CatalogueLineRecord = z.infer<typeof CatalogueLineRecord>;

/** One step from the model's price to the line's list price (load factor, region). */
export const PolicyStepRecord = z.strictObject({
  step: z.enum(['load', 'region']),
  label: z.string(),
  factor: z.number().positive(),
  deltaMinor: z.number().int(),
});
export type PolicyStepRecord = z.infer<typeof PolicyStepRecord>;

export const ParameterValue = z.union([z.number(), z.string(), z.boolean()]);
export type ParameterValue = z.infer<typeof ParameterValue>;

/** A product configured on a released model version; repriced only on that release. */
export const ConfiguredLineRecord = z.strictObject({
  kind: z.literal('configured'),
  ...pricedFields,
  modelId: Id,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'must be a version like 1.0.0' }),
  /** Content hash of the release: what the price was computed with. */
  releaseHash: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 hex digest' }),
  productLine: z.string().min(1),
  /** Every parameter's value as priced. */
  values: z.record(z.string(), ParameterValue),
  /** Parameters the user set (the rest are defaults or rule choices). */
  fixed: z.array(z.string()),
  /** The model's unit price in the quote currency, before policy steps. */
  modelUnitPriceMinor: minorUnits,
  policySteps: z.array(PolicyStepRecord),
  /** Market index values the line was priced with, with their dates. */
  frozenIndices: z.array(FrozenIndexValueSchema),
});
export type ConfiguredLineRecord = z.infer<typeof ConfiguredLineRecord>;

export const QuoteLineRecord = z.discriminatedUnion('kind', [SectionLineRecord, CatalogueLineRecord, ConfiguredLineRecord]);
export type QuoteLineRecord = z.infer<typeof QuoteLineRecord>;
export type PricedLineRecord = CatalogueLineRecord | ConfiguredLineRecord;

export const Inquiry = z.strictObject({
  requirements: z.string().max(10_000),
  /** Quantity the customer asked about, as they put it (the lines carry the priced quantities). */
  quantity: z.number().finite().positive({ message: 'must be greater than 0' }).optional(),
  requestedDate: CalendarDate.optional(),
});
export type Inquiry = z.infer<typeof Inquiry>;

export const QuoteHeader = z
  .strictObject({
    id: Id,
    /** e.g. Q-2026-0001; kept by every revision. */
    number: z.string().min(1).max(64),
    revision: z.number().int().min(1),
    customerId: Id,
    /** The customer's name when the revision was made (printed; the customer record may change). */
    customerName: z.string(),
    owner: z.string().min(1, { message: 'must name the sales rep who owns the quote' }),
    currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be a 3-letter ISO 4217 code such as CNY' }),
    /** CNY per unit of `currency` when the quote was priced (1 for CNY). */
    exchangeRate: z.number().finite().positive(),
    /** The day prices and market indices are taken from. */
    quoteDate: CalendarDate,
    validUntil: CalendarDate.optional(),
    tier: z.string().min(1),
    region: z.string().min(1),
    paymentTerms: z.string().max(2000),
    defaultDiscountPct: Percent,
    discountCapPct: Percent,
    /** What a discount above the cap does: refused, or allowed but routed to approval. */
    overCap: z.enum(['refuse', 'approval']),
    vatRatePct: Percent,
    freightMinor: minorUnits,
    inquiry: Inquiry,
    notes: z.string().max(10_000),
    state: QuoteState,
    /** Why the quote was won or lost. */
    outcomeReason: z.string().max(2000).optional(),
    createdAt: Timestamp,
    /** When the state last changed. */
    changedAt: Timestamp,
    /** Set on a copy made by "duplicate for another customer". */
    copiedFrom: Id.optional(),
  })
  .refine((h) => (h.state === 'won' || h.state === 'lost') === (h.outcomeReason !== undefined), {
    path: ['outcomeReason'],
    message: 'is required for a won or lost quote, and only then',
  });
export type QuoteHeader = z.infer<typeof QuoteHeader>;

export const QuoteEvent = z.strictObject({
  at: Timestamp,
  revision: z.number().int().min(1),
  kind: z.enum(['created', 'transition', 'revised', 'repriced']),
  from: QuoteState.optional(),
  to: QuoteState.optional(),
  by: z.string(),
  note: z.string().max(2000).optional(),
});
export type QuoteEvent = z.infer<typeof QuoteEvent>;

/** An earlier revision, frozen when the next one was started: readable, never edited. */
export const RevisionSnapshot = z.strictObject({
  header: QuoteHeader,
  lines: z.array(QuoteLineRecord),
  frozenAt: Timestamp,
});
export type RevisionSnapshot = z.infer<typeof RevisionSnapshot>;

export interface QuoteRecord {
  readonly header: QuoteHeader;
  readonly lines: readonly QuoteLineRecord[];
  /** Earlier revisions, oldest first. */
  readonly revisions: readonly RevisionSnapshot[];
  readonly events: readonly QuoteEvent[];
}

export function isPricedLine(line: QuoteLineRecord): line is PricedLineRecord {
  return line.kind !== 'section';
}

/** The lines as the totals calculation takes them. */
export function totalsLines(lines: readonly QuoteLineRecord[]): QuoteLine[] {
  return lines.map((line) =>
    line.kind === 'section'
      ? { kind: 'section', id: line.id, title: line.title }
      : {
          kind: 'item',
          id: line.id,
          description: line.description,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
          unitCostMinor: line.unitCostMinor,
          discountPct: line.discountPct,
          inclusion: line.inclusion,
          chosen: line.chosen,
        },
  );
}

/** Subtotal, discount, freight, VAT, total, cost and margin of a header and its lines. */
export function quoteTotals(header: Pick<QuoteHeader, 'vatRatePct' | 'freightMinor'>, lines: readonly QuoteLineRecord[]): QuoteTotals {
  return computeQuoteTotals(totalsLines(lines), { vatRatePct: header.vatRatePct, freightMinor: header.freightMinor });
}

/** Lines whose discount is above the cap: they need approval (or are refused, per `overCap`). */
export function linesOverCap(header: Pick<QuoteHeader, 'discountCapPct'>, lines: readonly QuoteLineRecord[]): PricedLineRecord[] {
  return lines.filter(isPricedLine).filter((l) => l.discountPct > header.discountCapPct);
}

/** States in which the lines and header of the current revision may be edited. */
export const EDITABLE_STATES: readonly QuoteState[] = ['inquiry', 'solution_design', 'quoted'];
/** States from which a new revision may be started. */
export const REVISABLE_STATES: readonly QuoteState[] = ['quoted', 'approval', 'sent', 'expired'];
