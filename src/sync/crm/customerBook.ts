/**
 * Customers: the `crm` document (ARCHITECTURE.md) with its list projection in Dexie
 * (`customers`). Visits and follow-ups join the same document later.
 *
 * Shape. Additive only.
 *   doc.getMap('customers')   customer id → Customer (JSON value, replaced whole on edit)
 *
 * A customer is checked against the record type and against the directory (its tier and
 * region must exist) before it is written; a refused edit writes nothing. Deleting marks the
 * customer deleted: quotes that name it still resolve.
 */
import type * as Y from 'yjs';
import { Customer, CustomerInput } from '../../domain/crm/Customer.js';
import type { PricingSettings } from '../../domain/pricing/PricingSettings.js';
import type { SuanpanDb } from '../../store/db.js';
import type { CustomerEntry } from '../../store/quoteEntry.js';
import { searchWords } from '../../store/searchWords.js';
import type { DocPersistence, PersistedDoc } from '../persistence.js';
import { zodProblems } from '../quote/quoteDoc.js';

export const CRM_DOC = 'crm';
export const CUSTOMERS_MAP = 'customers';
export const CRM_ORIGIN = Symbol('crm');

export type CustomerResult = { readonly ok: true; readonly customer: Customer } | { readonly ok: false; readonly problems: readonly string[] };

export function customerEntry(c: Customer): CustomerEntry {
  const entry: CustomerEntry = {
    id: c.id,
    name: c.name,
    industry: c.industry,
    region: c.region,
    tier: c.tier,
    owner: c.owner,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    words: searchWords(c.name, c.taxId, c.industry, ...c.contacts.map((k) => k.name)),
  };
  return c.deletedAt === undefined ? entry : { ...entry, deletedAt: c.deletedAt };
}

function newCustomerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `c-${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('').slice(0, 12)}`;
}

export interface CustomerBookOptions {
  readonly db: SuanpanDb;
  readonly persistence: DocPersistence;
  /** The price policies, to check tiers and regions (read at each write: they may change). */
  readonly settings: () => PricingSettings;
  readonly now?: () => string;
  readonly onError?: (error: unknown) => void;
}

export class CustomerBook {
  private pending = new Set<string>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly now: () => string;

  private constructor(
    private readonly options: CustomerBookOptions,
    private readonly persisted: PersistedDoc,
  ) {
    this.now = options.now ?? (() => new Date().toISOString());
    this.map.observe((event) => {
      for (const key of event.keysChanged) this.pending.add(key);
      this.scheduleProjection();
    });
  }

  static async open(options: CustomerBookOptions): Promise<CustomerBook> {
    const book = new CustomerBook(options, await options.persistence.open(CRM_DOC));
    await book.reproject();
    return book;
  }

  get doc(): Y.Doc {
    return this.persisted.doc;
  }

  private get map(): Y.Map<unknown> {
    return this.persisted.doc.getMap<unknown>(CUSTOMERS_MAP);
  }

  /** Rewrites entries that differ from the document (after an interrupted session or a sync). */
  async reproject(): Promise<void> {
    const customers = this.all(true);
    const stored = new Map((await this.options.db.customers.toArray()).map((e) => [e.id, e]));
    const stale = customers.filter((c) => stored.get(c.id)?.updatedAt !== c.updatedAt || (stored.get(c.id)?.deletedAt ?? null) !== (c.deletedAt ?? null));
    if (stale.length > 0) await this.options.db.customers.bulkPut(stale.map(customerEntry));
  }

  private scheduleProjection(): void {
    this.flushing = this.flushing
      .then(async () => {
        const ids = [...this.pending];
        this.pending.clear();
        if (ids.length === 0) return;
        const entries = ids.flatMap((id) => {
          const c = this.get(id, true);
          return c ? [customerEntry(c)] : [];
        });
        await this.options.db.customers.bulkPut(entries);
      })
      .catch((e: unknown) => (this.options.onError ?? console.error)(e));
  }

  /** Resolves once every edit so far is in the list projection. */
  async flush(): Promise<void> {
    await this.flushing;
  }

  get(id: string, includeDeleted = false): Customer | undefined {
    const parsed = Customer.safeParse(this.map.get(id));
    if (!parsed.success) return undefined;
    return includeDeleted || parsed.data.deletedAt === undefined ? parsed.data : undefined;
  }

  /** Every customer in the document, checked; a broken record is skipped (and reported once). */
  all(includeDeleted = false): Customer[] {
    const out: Customer[] = [];
    for (const [id, value] of this.map.entries()) {
      const parsed = Customer.safeParse(value);
      if (!parsed.success) {
        (this.options.onError ?? console.error)(new Error(`customer ${id} cannot be read: ${zodProblems(parsed.error, id).join('; ')}`));
        continue;
      }
      if (includeDeleted || parsed.data.deletedAt === undefined) out.push(parsed.data);
    }
    return out;
  }

  private check(input: unknown): { ok: true; input: CustomerInput } | { ok: false; problems: string[] } {
    const parsed = CustomerInput.safeParse(input);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, 'customer') };
    const settings = this.options.settings();
    const problems: string[] = [];
    if (!settings.tiers.some((t) => t.policy.key === parsed.data.tier)) {
      problems.push(`customer.tier "${parsed.data.tier}" is not a tier of the price policies (${settings.tiers.map((t) => t.policy.key).join(', ')})`);
    }
    if (!settings.regions.some((r) => r.policy.region === parsed.data.region)) {
      problems.push(`customer.region "${parsed.data.region}" is not a region of the price policies (${settings.regions.map((r) => r.policy.region).join(', ')})`);
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, input: parsed.data };
  }

  create(input: CustomerInput, id?: string): CustomerResult {
    const checked = this.check(input);
    if (!checked.ok) return checked;
    const customerId = id ?? newCustomerId();
    if (this.map.has(customerId)) return { ok: false, problems: [`customer ${customerId} already exists`] };
    const at = this.now();
    const customer: Customer = { ...checked.input, id: customerId, createdAt: at, updatedAt: at };
    this.doc.transact(() => this.map.set(customerId, customer), CRM_ORIGIN);
    return { ok: true, customer };
  }

  update(id: string, input: CustomerInput): CustomerResult {
    const existing = this.get(id);
    if (!existing) return { ok: false, problems: [`there is no customer ${id}`] };
    const checked = this.check(input);
    if (!checked.ok) return checked;
    const customer: Customer = { ...checked.input, id, createdAt: existing.createdAt, updatedAt: this.now() };
    this.doc.transact(() => this.map.set(id, customer), CRM_ORIGIN);
    return { ok: true, customer };
  }

  remove(id: string): CustomerResult {
    const existing = this.get(id);
    if (!existing) return { ok: false, problems: [`there is no customer ${id}`] };
    const at = this.now();
    const customer: Customer = { ...existing, updatedAt: at, deletedAt: at };
    this.doc.transact(() => this.map.set(id, customer), CRM_ORIGIN);
    return { ok: true, customer };
  }

  restore(id: string): CustomerResult {
    const existing = this.get(id, true);
    if (!existing?.deletedAt) return { ok: false, problems: [`customer ${id} is not deleted`] };
    const { deletedAt: _gone, ...rest } = existing;
    const customer: Customer = { ...rest, updatedAt: this.now() };
    this.doc.transact(() => this.map.set(id, customer), CRM_ORIGIN);
    return { ok: true, customer };
  }

  onChange(listener: () => void): () => void {
    const handler = () => listener();
    this.map.observe(handler);
    return () => this.map.unobserve(handler);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.persisted.destroy();
  }
}
