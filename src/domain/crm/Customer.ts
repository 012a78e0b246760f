/**
 * Record type: a customer (the basis of key-account management) as the `crm` document holds
 * it. Fields are only ever added; a retired field name is never reused.
 */
import { z } from 'zod';

const Id = z.string().min(1, { message: 'must not be empty' }).max(64);

export const Contact = z.strictObject({
  name: z.string().trim().min(1, { message: 'must not be empty' }).max(100),
  role: z.string().max(100),
  phone: z.string().max(40),
  email: z.union([z.literal(''), z.email({ message: 'must be an e-mail address like name@example.com' })]),
});
export type Contact = z.infer<typeof Contact>;

export const Customer = z.strictObject({
  id: Id,
  /** Company name as printed on quotes. */
  name: z.string().trim().min(1, { message: 'must not be empty' }).max(200),
  industry: z.string().max(100),
  /** Key of a region policy in the directory (freight, regional factor). */
  region: z.string().min(1, { message: 'must name a region' }),
  /** Key of a tier in the directory (its policy applies to every new quote). */
  tier: z.string().min(1, { message: 'must name a tier' }),
  /** Overrides the tier's payment terms when not empty. */
  paymentTerms: z.string().max(2000),
  creditLimitMinor: z.number().int().min(0, { message: 'must not be negative' }).refine(Number.isSafeInteger, { message: 'is too large' }),
  taxId: z.string().max(32),
  contacts: z.array(Contact),
  /** The sales rep who owns the account. */
  owner: z.string().min(1, { message: 'must name the sales rep who owns the account' }),
  notes: z.string().max(10_000),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Set when deleted; kept so quotes that name the customer still resolve. */
  deletedAt: z.iso.datetime({ offset: true }).optional(),
});
export type Customer = z.infer<typeof Customer>;

/** What a user fills in to create or edit a customer. */
export const CustomerInput = Customer.omit({ id: true, createdAt: true, updatedAt: true, deletedAt: true });
export type CustomerInput = z.infer<typeof CustomerInput>;
