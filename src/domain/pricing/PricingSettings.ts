/**
 * Record type: what an admin sets once for every quote, held in the `directory` document
 * (ARCHITECTURE.md): company header, numbering, tax, tiers with their policies, regions,
 * supply/demand load factors, volume breaks, market index series, currency rates and the
 * catalogue of plain items. Fields are only ever added; a retired field name is never reused.
 */
import { z } from 'zod';
import { IndexSeriesSchema } from './marketIndex.js';
import { LoadFactorSchema, RegionPolicySchema, TierPolicySchema } from './policies.js';
import { VolumeBreaksSchema } from './volumeBreaks.js';

const Label = z.strictObject({ zh: z.string(), en: z.string() });
const minorUnits = z.number().int().min(0, { message: 'must not be negative' }).refine(Number.isSafeInteger, { message: 'is too large' });

export const CompanyInfo = z.strictObject({
  name: Label,
  address: Label,
  phone: z.string(),
  email: z.string(),
  taxId: z.string(),
  bank: z.string(),
});
export type CompanyInfo = z.infer<typeof CompanyInfo>;

export const TierDefinition = z.strictObject({ label: Label, policy: TierPolicySchema });
export type TierDefinition = z.infer<typeof TierDefinition>;

export const RegionDefinition = z.strictObject({ label: Label, policy: RegionPolicySchema });
export type RegionDefinition = z.infer<typeof RegionDefinition>;

export const CurrencyRate = z.strictObject({
  code: z.string().regex(/^[A-Z]{3}$/, { message: 'must be a 3-letter ISO 4217 code such as USD' }),
  /** CNY per one unit of the currency. */
  cnyPerUnit: z.number().finite().positive({ message: 'must be greater than 0' }),
  /** The day the rate was taken. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' }),
});
export type CurrencyRate = z.infer<typeof CurrencyRate>;

export const CatalogueItem = z.strictObject({
  sku: z.string().min(1).max(64),
  name: Label,
  unit: z.string().max(16),
  priceMinor: minorUnits,
  costMinor: minorUnits,
  productLine: z.string(),
  /** Volume breaks for this item, if any. */
  volumeBreaks: VolumeBreaksSchema.optional(),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const PricingSettings = z.strictObject({
  company: CompanyInfo,
  /** e.g. `Q-{YYYY}-{NNNN}` (src/domain/quote/quoteNumber.ts). */
  numberScheme: z.string().min(1),
  vatRatePct: z.number().min(0).max(100),
  /** A new quote is valid this many days from its quote date. */
  validityDays: z.number().int().min(1).max(365),
  /** A discount above the tier cap: refused, or routed to approval. */
  overCap: z.enum(['refuse', 'approval']),
  /** Sales reps who can own quotes and customers (users arrive with the sync server). */
  owners: z.array(z.string().min(1)),
  tiers: z.array(TierDefinition).min(1, { message: 'must define at least one tier' }),
  regions: z.array(RegionDefinition).min(1, { message: 'must define at least one region' }),
  loadFactors: z.array(LoadFactorSchema),
  indices: z.array(IndexSeriesSchema),
  currencies: z.array(CurrencyRate),
  catalogue: z.array(CatalogueItem),
});
export type PricingSettings = z.infer<typeof PricingSettings>;
export type PricingSection = keyof PricingSettings;
