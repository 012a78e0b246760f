/**
 * Record types: the list projections of quotes (Dexie `quotes`) and customers (Dexie
 * `customers`). Never edited by hand: the quote book and customer book write them from the
 * documents (`quote:<id>`, `crm`). They carry what lists filter, sort and search on.
 *
 * Fields are only ever added; a retired field name is never reused.
 */
import { z } from 'zod';
import { QuoteState } from '../domain/quote/lifecycle.js';

const IsoTime = z.iso.datetime({ offset: true });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const QuoteEntry = z.strictObject({
  id: z.string().min(1),
  number: z.string(),
  revision: z.number().int().min(1),
  customerId: z.string(),
  customerName: z.string(),
  owner: z.string(),
  state: QuoteState,
  /** Product lines of the current revision's lines (for the product line filter). */
  productLines: z.array(z.string()),
  /** Model ids and catalogue SKUs of the lines (for "which quotes contain this product"). */
  products: z.array(z.string()),
  currency: z.string(),
  totalMinor: z.number().int(),
  /** Margin in basis points of net; null when net is 0. Internal, never printed. */
  marginBasisPoints: z.number().int().nullable(),
  quoteDate: IsoDate,
  validUntil: IsoDate.optional(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  /** Lower-case search keys: number, customer name, product names, and their word and CJK suffixes. */
  words: z.array(z.string()),
});
export type QuoteEntry = z.infer<typeof QuoteEntry>;

export const CustomerEntry = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  industry: z.string(),
  region: z.string(),
  tier: z.string(),
  owner: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  deletedAt: IsoTime.optional(),
  /** Lower-case search keys: name, tax id, contact names, and their word and CJK suffixes. */
  words: z.array(z.string()),
});
export type CustomerEntry = z.infer<typeof CustomerEntry>;
