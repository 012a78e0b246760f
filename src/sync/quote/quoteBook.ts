/**
 * The quote book: every quote on this device, each a Y.Doc (`quote:<id>`, quoteDoc.ts) with a
 * list projection in Dexie (`quotes`) for lists, filters and search.
 *
 * It is where a quote meets the rest of the app: the customer (crm), the price policies
 * (directory) and the released models (library). It prices lines on the release they are
 * pinned to, applies the customer's tier to every new quote, numbers quotes, and keeps the
 * projection in step with the document.
 *
 * Invariants:
 * - One live Y.Doc per quote (`open` of an open quote returns the same doc, reference counted).
 * - A line is only ever written priced: the price comes from its release and the policies,
 *   never typed in; a refused pricing writes nothing.
 * - The projection follows the document (debounced); `flush` waits for it.
 *
 * Known limit: quote numbers are allocated from the quotes on this device; two devices offline
 * can pick the same number until the sync server allocates them (issue 6).
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { ConditionEvaluator } from '../../domain/approval/conditions.js';
import type { QuoteFacts } from '../../domain/approval/conditions.js';
import { quoteFacts } from '../../domain/approval/facts.js';
import { routeFor } from '../../domain/approval/routing.js';
import type { RouteLevel } from '../../domain/approval/routing.js';
import type { Customer } from '../../domain/crm/Customer.js';
import type { QuoteAction } from '../../domain/quote/lifecycle.js';
import { businessDate } from '../../domain/quote/lifecycle.js';
import { formatQuoteNumber, isQuoteNumber, nextQuoteNumber, parseQuoteNumber, revisionLabel } from '../../domain/quote/quoteNumber.js';
import { priceCatalogueItem, priceConfiguredLine, toQuoteCurrency } from '../../domain/quote/linePricing.js';
import type { LinePricingContext, ReleaseFacts } from '../../domain/quote/linePricing.js';
import { isPricedLine, quoteTotals } from '../../domain/quote/QuoteRecord.js';
import type { ConfiguredLineRecord, Inquiry, LineInclusion, ParameterValue, QuoteEvent, QuoteHeader, QuoteLineRecord, QuoteRecord } from '../../domain/quote/QuoteRecord.js';
import { valueOn } from '../../domain/pricing/marketIndex.js';
import type { PricingSettings } from '../../domain/pricing/PricingSettings.js';
import type { ModelRules } from '../../domain/rules/modelRules.js';
import type { PriceModel } from '../../domain/workbook/PriceModel.js';
import type { ReleasedModel } from '../../domain/workbook/release.js';
import type { SuanpanDb } from '../../store/db.js';
import type { QuoteEntry } from '../../store/quoteEntry.js';
import { searchWords } from '../../store/searchWords.js';
import type { CustomerBook } from '../crm/customerBook.js';
import type { DirectoryStore } from '../directory/directoryStore.js';
import type { ModelLibrary } from '../modelLibrary.js';
import type { DocPersistence, PersistedDoc } from '../persistence.js';
import { EntryProjector } from '../entryProjector.js';
import * as commands from './quoteDoc.js';
import type { CommandResult, HeaderPatch } from './quoteDoc.js';

export const QUOTE_ORIGIN = Symbol('quote-book');

const DEFAULT_PROJECTION_DELAY_MS = 200;

export interface QuoteBookOptions {
  readonly db: SuanpanDb;
  readonly persistence: DocPersistence;
  readonly library: Pick<ModelLibrary, 'getRelease' | 'latestReleases'>;
  readonly directory: DirectoryStore;
  readonly customers: CustomerBook;
  readonly now?: () => Date;
  readonly projectionDelayMs?: number;
  readonly onError?: (error: unknown) => void;
  /**
   * Quote number sequences unique across devices (the sync server's /api/quote-numbers): the
   * next sequence of `scheme` in `year`, above `atLeast`. Absent without a server; when it
   * fails (offline), the device numbers on its own, and another device may take the same number.
   */
  readonly numbering?: (scheme: string, year: number, atLeast: number) => Promise<number>;
}

export interface NewQuote {
  readonly customerId: string;
  readonly owner?: string;
  readonly inquiry: Inquiry;
  readonly currency?: string;
  /** YYYY-MM-DD; today (Beijing time) when absent. */
  readonly quoteDate?: string;
  readonly notes?: string;
}

export type BookResult<T = undefined> = ({ readonly ok: true } & (T extends undefined ? object : { readonly value: T })) | { readonly ok: false; readonly problems: readonly string[] };

export interface OpenQuote {
  readonly id: string;
  readonly doc: Y.Doc;
  /** Who else is on this quote, when it syncs with a server. */
  readonly awareness?: Awareness | undefined;
  /** The quote as records, checked. */
  read(): commands.ReadResult;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface ConfiguredLineInput {
  readonly modelId: string;
  /** The release to price on; the model's newest release when absent. */
  readonly releaseHash?: string;
  readonly values: Readonly<Record<string, ParameterValue>>;
  readonly quantity: number;
  /** The tier's default discount when absent. */
  readonly discountPct?: number;
  readonly inclusion?: LineInclusion;
  readonly chosen?: boolean;
  readonly description?: string;
  /** Where to insert; the end when absent. */
  readonly index?: number;
}

export interface CatalogueLineInput {
  readonly sku: string;
  readonly quantity: number;
  readonly discountPct?: number;
  readonly inclusion?: LineInclusion;
  readonly chosen?: boolean;
  readonly index?: number;
}

/** Fields of a line a user edits directly; a quantity change reprices the line. */
export interface LinePatch {
  readonly quantity?: number;
  readonly discountPct?: number;
  readonly inclusion?: LineInclusion;
  readonly chosen?: boolean;
  readonly description?: string;
  /** Section lines only. */
  readonly title?: string;
  /** Configured lines only: new values (reprices on the same release). */
  readonly values?: Readonly<Record<string, ParameterValue>>;
}

export interface RepriceRow {
  readonly lineId: string;
  readonly description: string;
  readonly oldUnitPriceMinor: number;
  readonly newUnitPriceMinor: number;
  /** e.g. "AL-A00 19,870 (2026-03-02) → 20,310 (2026-11-20)"; empty when no index moved. */
  readonly reason: string;
  readonly line: QuoteLineRecord;
}

interface LiveQuote {
  refs: number;
  readonly ready: Promise<{ persisted: PersistedDoc; projector: EntryProjector }>;
}

/**
 * The list projection of a quote. Its search keys: the number, customer, owner, the model ids
 * and SKUs of the lines (`butterfly-valve` also finds by `butterfly`) and the lines'
 * descriptions (a configured line's is the model's name).
 */
export function quoteEntry(quote: QuoteRecord): QuoteEntry {
  const { header, lines } = quote;
  const totals = quoteTotals(header, lines);
  const priced = lines.filter(isPricedLine);
  const productLines = [...new Set(priced.flatMap((l) => (l.kind === 'configured' ? [l.productLine] : [])))].sort();
  const products = [...new Set(priced.map((l) => (l.kind === 'configured' ? l.modelId : l.sku)))].sort();
  const marginBasisPoints = totals.marginPct === null ? null : Math.round(totals.marginPct * 100);
  const updatedAt = [header.changedAt, header.createdAt].sort().at(-1) as string;
  const entry: QuoteEntry = {
    id: header.id,
    number: header.number,
    revision: header.revision,
    customerId: header.customerId,
    customerName: header.customerName,
    owner: header.owner,
    state: header.state,
    productLines,
    products,
    currency: header.currency,
    totalMinor: totals.totalMinor,
    marginBasisPoints,
    quoteDate: header.quoteDate,
    createdAt: header.createdAt,
    updatedAt,
    words: searchWords(header.number, header.customerName, header.owner, ...products, ...priced.map((l) => l.description)),
  };
  return header.validUntil === undefined ? entry : { ...entry, validUntil: header.validUntil };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function newQuoteId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `q-${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('').slice(0, 14)}`;
}

function newLineId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `l-${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('').slice(0, 10)}`;
}

const fail = (...problems: string[]) => ({ ok: false as const, problems });

export class QuoteBook {
  private readonly live = new Map<string, LiveQuote>();
  private readonly models = new Map<string, Promise<{ release: ReleasedModel; model: PriceModel; rules?: ModelRules }>>();
  private readonly now: () => Date;
  private readonly onError: (e: unknown) => void;

  constructor(private readonly options: QuoteBookOptions) {
    this.now = options.now ?? (() => new Date());
    this.onError = options.onError ?? ((e) => console.error(e));
  }

  get db(): SuanpanDb {
    return this.options.db;
  }

  private settings(): PricingSettings {
    return this.options.directory.settings();
  }

  /** What the quote contributes to pricing its lines. */
  private pricingContext(header: QuoteHeader, settings: PricingSettings): BookResult<LinePricingContext> {
    const region = settings.regions.find((r) => r.policy.region === header.region);
    if (!region) return fail(`region "${header.region}" has no price policy`);
    return {
      ok: true,
      value: { quoteDate: header.quoteDate, exchangeRate: header.exchangeRate, indices: settings.indices, loadFactors: settings.loadFactors, region: region.policy },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Creating

  /** A new quote for a customer, in `inquiry`, with the customer's tier policy applied. */
  async create(input: NewQuote, by: string): Promise<BookResult<string>> {
    const customer = this.options.customers.get(input.customerId);
    if (!customer) return fail(`there is no customer "${input.customerId}"`);
    const settings = this.settings();
    const quoteDate = input.quoteDate ?? businessDate(this.now());
    const made = await this.headerFor(customer, settings, {
      owner: input.owner ?? customer.owner,
      currency: input.currency ?? 'CNY',
      quoteDate,
      inquiry: input.inquiry,
      notes: input.notes ?? '',
    });
    if (!made.ok) return made;
    const header = made.value;
    const event: QuoteEvent = { at: header.createdAt, revision: 1, kind: 'created', to: 'inquiry', by };
    const written = await this.writeNew(header, [], event);
    return written.ok ? { ok: true, value: header.id } : written;
  }

  private async headerFor(
    customer: Customer,
    settings: PricingSettings,
    fields: { owner: string; currency: string; quoteDate: string; inquiry: Inquiry; notes: string; copiedFrom?: string },
  ): Promise<BookResult<QuoteHeader>> {
    const tier = settings.tiers.find((t) => t.policy.key === customer.tier);
    if (!tier) return fail(`customer ${customer.name}: tier "${customer.tier}" has no policy`);
    const region = settings.regions.find((r) => r.policy.region === customer.region);
    if (!region) return fail(`customer ${customer.name}: region "${customer.region}" has no policy`);
    let exchangeRate = 1;
    if (fields.currency !== 'CNY') {
      const rate = settings.currencies.find((c) => c.code === fields.currency);
      if (!rate) return fail(`there is no exchange rate for ${fields.currency}; add it to the currency table first`);
      exchangeRate = rate.cnyPerUnit;
    }
    const number = await this.allocateNumber(settings.numberScheme, Number(fields.quoteDate.slice(0, 4)));
    const at = this.now().toISOString();
    const header: QuoteHeader = {
      id: newQuoteId(),
      number,
      revision: 1,
      customerId: customer.id,
      customerName: customer.name,
      owner: fields.owner,
      currency: fields.currency,
      exchangeRate,
      quoteDate: fields.quoteDate,
      validUntil: addDays(fields.quoteDate, settings.validityDays),
      tier: tier.policy.key,
      region: region.policy.region,
      paymentTerms: customer.paymentTerms.trim() !== '' ? customer.paymentTerms : tier.policy.paymentTerms,
      defaultDiscountPct: tier.policy.defaultDiscountPct,
      discountCapPct: tier.policy.discountCapPct,
      overCap: settings.overCap,
      vatRatePct: settings.vatRatePct,
      freightMinor: toQuoteCurrency(region.policy.freightMinor, exchangeRate),
      inquiry: fields.inquiry,
      notes: fields.notes,
      state: 'inquiry',
      createdAt: at,
      changedAt: at,
      ...(fields.copiedFrom ? { copiedFrom: fields.copiedFrom } : {}),
    };
    return { ok: true, value: header };
  }

  /**
   * The next quote number of the year. The last one issued is kept per year and scheme (Dexie
   * `settings`), so numbering does not read every quote; the number index is scanned once, the
   * first time a year or scheme is used, and a number already present (a quote that arrived
   * from elsewhere) is skipped. Numbers are never reused: a refused quote leaves a gap. With a
   * server, its sequence is the floor, so two devices never take the same number while online.
   */
  private async allocateNumber(scheme: string, year: number): Promise<string> {
    const { db, numbering } = this.options;
    const key = `quoteNumber:last:${year}`;
    const lastOf = (stored: { scheme?: unknown; number?: unknown } | undefined) => (stored && stored.scheme === scheme && typeof stored.number === 'string' ? stored.number : undefined);
    // The server first, outside the IndexedDB transaction (waiting on the network inside one would end it).
    let fromServer: number | undefined;
    if (numbering) {
      const last = lastOf((await db.settings.get(key))?.value as { scheme?: unknown; number?: unknown } | undefined);
      const lastSequence = last !== undefined && isQuoteNumber(scheme, last) ? parseQuoteNumber(scheme, last).sequence : 0;
      try {
        fromServer = await numbering(scheme, year, lastSequence);
      } catch {
        // Offline or refused: number locally (see `numbering`).
      }
    }
    return db.transaction('rw', db.settings, db.quotes, async () => {
      const stored = lastOf((await db.settings.get(key))?.value as { scheme?: unknown; number?: unknown } | undefined);
      const issued: string[] = stored !== undefined ? [stored] : ((await db.quotes.orderBy('number').uniqueKeys()) as string[]);
      // The server's sequence is the floor: the next number is at least it.
      if (fromServer !== undefined && fromServer > 1) issued.push(formatQuoteNumber(scheme, { year, sequence: fromServer - 1 }));
      let number = nextQuoteNumber(scheme, year, issued);
      while ((await db.quotes.where('number').equals(number).count()) > 0) {
        issued.push(number);
        number = nextQuoteNumber(scheme, year, issued);
      }
      await db.settings.put({ key, value: { scheme, number } });
      return number;
    });
  }

  private async writeNew(header: QuoteHeader, lines: QuoteLineRecord[], event: QuoteEvent): Promise<CommandResult> {
    const persisted = await this.options.persistence.open(commands.quoteDocName(header.id));
    try {
      const result = commands.initQuote(persisted.doc, header, lines, event, QUOTE_ORIGIN);
      if (!result.ok) {
        await persisted.clear();
        return result;
      }
      const read = commands.readQuote(persisted.doc);
      if (read.ok) await this.options.db.quotes.put(quoteEntry(read.quote));
      return result;
    } finally {
      await persisted.destroy();
    }
  }

  /**
   * A copy for another customer: a new number, revision 1, state `inquiry`, today's date, the
   * new customer's tier, region and terms; the lines keep their releases and values and are
   * priced again for the new customer (today's market indices, the new regional factor, the
   * new tier's default discount).
   */
  async duplicateForCustomer(id: string, customerId: string, by: string): Promise<BookResult<string>> {
    const source = await this.read(id);
    if (!source.ok) return source;
    const customer = this.options.customers.get(customerId);
    if (!customer) return fail(`there is no customer "${customerId}"`);
    const settings = this.settings();
    const { header: old } = source.value;
    const made = await this.headerFor(customer, settings, {
      owner: old.owner,
      currency: old.currency,
      quoteDate: businessDate(this.now()),
      inquiry: old.inquiry,
      notes: old.notes,
      copiedFrom: old.id,
    });
    if (!made.ok) return made;
    const header = made.value;
    const context = this.pricingContext(header, settings);
    if (!context.ok) return context;
    const lines: QuoteLineRecord[] = [];
    for (const line of source.value.lines) {
      const repriced = await this.repriceLine(line, settings, context.value, { discountPct: header.defaultDiscountPct, freshIndices: true });
      if (!repriced.ok) return fail(...repriced.problems.map((p) => `line "${line.kind === 'section' ? line.title : line.description}": ${p}`));
      lines.push(repriced.value);
    }
    const event: QuoteEvent = { at: header.createdAt, revision: 1, kind: 'created', to: 'inquiry', by, note: `copied from ${revisionLabel(old.number, old.revision)}` };
    const written = await this.writeNew(header, lines, event);
    return written.ok ? { ok: true, value: header.id } : written;
  }

  // -------------------------------------------------------------------------------------------
  // Open documents

  async open(id: string): Promise<OpenQuote> {
    let slot = this.live.get(id);
    if (slot) slot.refs++;
    else {
      slot = { refs: 1, ready: this.openLive(id) };
      this.live.set(id, slot);
    }
    let live: { persisted: PersistedDoc; projector: EntryProjector };
    try {
      live = await slot.ready;
    } catch (e) {
      if (this.live.get(id) === slot) this.live.delete(id);
      throw e;
    }
    let closed = false;
    const s = slot;
    return {
      id,
      doc: live.persisted.doc,
      awareness: live.persisted.awareness,
      read: () => commands.readQuote(live.persisted.doc),
      flush: () => live.projector.flush(),
      close: async () => {
        if (closed) return;
        closed = true;
        s.refs--;
        if (s.refs > 0) return;
        this.live.delete(id);
        await live.projector.flush();
        live.projector.stop();
        await live.persisted.destroy();
      },
    };
  }

  /**
   * List a quote whose document came from elsewhere (the sync server): read `quote:<id>` once
   * its server content is in, and write its entry. True when the document holds a quote. A quote
   * already open here keeps its own projection. Also refreshes the entry of a known quote.
   */
  async adopt(id: string): Promise<boolean> {
    if (this.live.has(id)) return true;
    const persisted = await this.options.persistence.open(commands.quoteDocName(id));
    if (persisted.whenServerSynced) await persisted.whenServerSynced();
    const read = commands.readQuote(persisted.doc);
    if (!read.ok) {
      // Nothing here or on the server: leave no empty local copy behind for a wrong id.
      await persisted.clear();
      return false;
    }
    try {
      await this.options.db.quotes.put(quoteEntry(read.quote));
      return true;
    } finally {
      await persisted.destroy();
    }
  }

  private async openLive(id: string): Promise<{ persisted: PersistedDoc; projector: EntryProjector }> {
    // A quote someone else made (its address shared, say) is fetched from the server first.
    const entry = (await this.options.db.quotes.get(id)) ?? ((await this.adopt(id)) ? await this.options.db.quotes.get(id) : undefined);
    if (!entry) throw new Error(`there is no quote "${id}"`);
    const persisted = await this.options.persistence.open(commands.quoteDocName(id));
    const projector = new EntryProjector(
      persisted.doc,
      async () => {
        const read = commands.readQuote(persisted.doc);
        if (!read.ok) throw new Error(`quote ${id} cannot be listed: ${read.problems.join('; ')}`);
        await this.options.db.quotes.put(quoteEntry(read.quote));
      },
      this.options.projectionDelayMs ?? DEFAULT_PROJECTION_DELAY_MS,
      this.onError,
    );
    return { persisted, projector };
  }

  /** Run `f` on the open document (opening and closing it when nobody else has it open). */
  private async withDoc<T>(id: string, f: (doc: Y.Doc) => Promise<T> | T): Promise<T> {
    const open = await this.open(id);
    try {
      return await f(open.doc);
    } finally {
      await open.close();
    }
  }

  async read(id: string): Promise<BookResult<QuoteRecord>> {
    if (!(await this.options.db.quotes.get(id))) return fail(`there is no quote "${id}"`);
    return this.withDoc(id, (doc) => {
      const read = commands.readQuote(doc);
      return read.ok ? { ok: true as const, value: read.quote } : read;
    });
  }

  /**
   * The approval route the directory's policy gives this quote's current revision: who must
   * approve, in what order, and why (each level's rules and the figures they matched). An
   * empty route: no approval needed. A policy whose conditions cannot be evaluated is reported.
   */
  async approvalRoute(id: string): Promise<BookResult<{ readonly facts: QuoteFacts; readonly levels: readonly RouteLevel[] }>> {
    const read = await this.read(id);
    if (!read.ok) return read;
    const facts = quoteFacts(read.value.header, read.value.lines);
    const conditions = new ConditionEvaluator(facts);
    try {
      const route = routeFor(this.options.directory.approvalPolicy().rules, conditions);
      return route.ok ? { ok: true, value: { facts, levels: route.levels } } : fail(...route.problems);
    } finally {
      conditions.dispose();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Pricing

  /** The release to price on, opened once per hash and kept while the book lives. */
  private async modelFor(modelId: string, releaseHash: string | undefined): Promise<BookResult<{ release: ReleasedModel; model: PriceModel; rules?: ModelRules }>> {
    let hash = releaseHash;
    if (hash === undefined) {
      hash = (await this.options.library.latestReleases()).find((r) => r.modelId === modelId)?.hash;
      if (hash === undefined) return fail(`model "${modelId}" has no released version; release it in the model library first`);
    }
    let opening = this.models.get(hash);
    if (!opening) {
      const h = hash;
      opening = (async () => {
        const release = await this.options.library.getRelease(h);
        if (!release) throw new Error(`model "${modelId}" has no release ${h.slice(0, 12)}: that version is not released`);
        if (release.modelId !== modelId) throw new Error(`release ${h.slice(0, 12)} is of model "${release.modelId}", not "${modelId}"`);
        const { openRelease } = await import('../../domain/workbook/release.js');
        const opened = await openRelease(release);
        if (!opened.ok) throw new Error(`release ${release.version} of ${modelId} does not load: ${opened.errors.map((e) => e.message).join('; ')}`);
        if (opened.model.workbook.rules.length === 0) return { release, model: opened.model };
        const { compileRules } = await import('../../domain/rules/compileRules.js');
        const compiled = compileRules(opened.model.workbook, release.product);
        if (!compiled.ok) {
          opened.model.dispose();
          throw new Error(`the rules of ${modelId} ${release.version} do not compile: ${compiled.errors.map((e) => e.message).join('; ')}`);
        }
        return { release, model: opened.model, rules: compiled.rules };
      })();
      this.models.set(hash, opening);
      opening.catch(() => this.models.delete(h));
    }
    try {
      return { ok: true, value: await opening };
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }

  private facts(release: ReleasedModel): ReleaseFacts {
    return { modelId: release.modelId, version: release.version, hash: release.hash, language: 'zh' };
  }

  /**
   * A line priced again: configured lines on their own release (with their frozen index values
   * unless `freshIndices`), catalogue lines from the catalogue, both with the policies of `header`.
   */
  private async repriceLine(
    line: QuoteLineRecord,
    settings: PricingSettings,
    context: LinePricingContext,
    options: { discountPct?: number; freshIndices?: boolean; quantity?: number; values?: Readonly<Record<string, ParameterValue>> } = {},
  ): Promise<BookResult<QuoteLineRecord>> {
    if (line.kind === 'section') return { ok: true, value: line };
    const quantity = options.quantity ?? line.quantity;
    const discountPct = options.discountPct ?? line.discountPct;
    if (line.kind === 'catalogue') {
      const item = settings.catalogue.find((c) => c.sku === line.sku);
      if (!item) return fail(`catalogue item ${line.sku} is no longer in the catalogue`);
      const priced = priceCatalogueItem(item, quantity, context);
      if (!priced.ok) return priced;
      return { ok: true, value: { ...line, quantity, discountPct, unitPriceMinor: priced.value.unitPriceMinor, unitCostMinor: priced.value.unitCostMinor } };
    }
    const opened = await this.modelFor(line.modelId, line.releaseHash);
    if (!opened.ok) return opened;
    const values = options.values ? { ...pick(line.values, line.fixed), ...options.values } : pick(line.values, line.fixed);
    const priced = priceConfiguredLine(
      opened.value.model,
      this.facts(opened.value.release),
      {
        id: line.id,
        quantity,
        values,
        discountPct,
        inclusion: line.inclusion,
        chosen: line.chosen,
        description: line.description,
        ...(options.freshIndices ? {} : { frozenIndices: line.frozenIndices }),
      },
      context,
      opened.value.rules,
    );
    return priced.ok ? { ok: true, value: priced.value } : priced;
  }

  private async editable(id: string): Promise<BookResult<{ quote: QuoteRecord; settings: PricingSettings; context: LinePricingContext }>> {
    const read = await this.read(id);
    if (!read.ok) return read;
    const settings = this.settings();
    const context = this.pricingContext(read.value.header, settings);
    if (!context.ok) return context;
    return { ok: true, value: { quote: read.value, settings, context: context.value } };
  }

  /** Add a configured product, priced on its release (the newest one when none is named). */
  async addConfiguredLine(id: string, input: ConfiguredLineInput): Promise<BookResult<string>> {
    const state = await this.editable(id);
    if (!state.ok) return state;
    const { quote, context } = state.value;
    const opened = await this.modelFor(input.modelId, input.releaseHash);
    if (!opened.ok) return opened;
    const lineId = newLineId();
    const priced = priceConfiguredLine(
      opened.value.model,
      this.facts(opened.value.release),
      {
        id: lineId,
        quantity: input.quantity,
        values: input.values,
        discountPct: input.discountPct ?? quote.header.defaultDiscountPct,
        inclusion: input.inclusion ?? 'standard',
        chosen: input.chosen ?? (input.inclusion ?? 'standard') === 'standard',
        ...(input.description === undefined ? {} : { description: input.description }),
      },
      context,
      opened.value.rules,
    );
    if (!priced.ok) return priced;
    const result = await this.withDoc(id, (doc) => commands.insertLine(doc, priced.value, input.index, QUOTE_ORIGIN));
    return result.ok ? { ok: true, value: lineId } : result;
  }

  async addCatalogueLine(id: string, input: CatalogueLineInput): Promise<BookResult<string>> {
    const state = await this.editable(id);
    if (!state.ok) return state;
    const { quote, settings, context } = state.value;
    const item = settings.catalogue.find((c) => c.sku === input.sku);
    if (!item) return fail(`there is no catalogue item "${input.sku}"`);
    const priced = priceCatalogueItem(item, input.quantity, context);
    if (!priced.ok) return priced;
    const inclusion = input.inclusion ?? 'standard';
    const lineId = newLineId();
    const line: QuoteLineRecord = {
      kind: 'catalogue',
      id: lineId,
      sku: item.sku,
      description: item.name.zh === '' ? item.name.en : `${item.name.zh} ${item.name.en}`.trim(),
      quantity: input.quantity,
      unit: item.unit,
      unitPriceMinor: priced.value.unitPriceMinor,
      unitCostMinor: priced.value.unitCostMinor,
      discountPct: input.discountPct ?? quote.header.defaultDiscountPct,
      inclusion,
      chosen: input.chosen ?? inclusion === 'standard',
    };
    const result = await this.withDoc(id, (doc) => commands.insertLine(doc, line, input.index, QUOTE_ORIGIN));
    return result.ok ? { ok: true, value: lineId } : result;
  }

  async addSection(id: string, title: string, index?: number): Promise<BookResult<string>> {
    const lineId = newLineId();
    const result = await this.withDoc(id, (doc) => commands.insertLine(doc, { kind: 'section', id: lineId, title }, index, QUOTE_ORIGIN));
    return result.ok ? { ok: true, value: lineId } : result;
  }

  /** Edit a line; a new quantity or new values price it again on its own release. */
  async updateLine(id: string, lineId: string, patch: LinePatch): Promise<BookResult> {
    const state = await this.editable(id);
    if (!state.ok) return state;
    const { quote, settings, context } = state.value;
    const line = quote.lines.find((l) => l.id === lineId);
    if (!line) return fail(`line ${lineId} is not in this quote`);
    let next: QuoteLineRecord;
    if (line.kind === 'section') {
      next = { ...line, ...(patch.title === undefined ? {} : { title: patch.title }) };
    } else {
      if (patch.quantity !== undefined && !(Number.isFinite(patch.quantity) && patch.quantity > 0)) return fail(`quantity must be greater than 0, got ${patch.quantity}`);
      let priced: QuoteLineRecord = line;
      if ((patch.quantity !== undefined && patch.quantity !== line.quantity) || patch.values !== undefined) {
        const repriced = await this.repriceLine(line, settings, context, {
          ...(patch.quantity === undefined ? {} : { quantity: patch.quantity }),
          ...(patch.values === undefined ? {} : { values: patch.values }),
        });
        if (!repriced.ok) return repriced;
        priced = repriced.value;
      }
      if (priced.kind === 'section') return fail('internal: a priced line became a section');
      next = {
        ...priced,
        ...(patch.discountPct === undefined ? {} : { discountPct: patch.discountPct }),
        ...(patch.inclusion === undefined ? {} : { inclusion: patch.inclusion }),
        ...(patch.chosen === undefined ? {} : { chosen: patch.chosen }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
      };
      if (next.inclusion === 'standard') next = { ...next, chosen: true };
    }
    return this.withDoc(id, (doc) => commands.replaceLine(doc, next, QUOTE_ORIGIN));
  }

  async removeLine(id: string, lineId: string): Promise<BookResult> {
    return this.withDoc(id, (doc) => commands.removeLine(doc, lineId, QUOTE_ORIGIN));
  }

  async moveLine(id: string, lineId: string, toIndex: number): Promise<BookResult> {
    return this.withDoc(id, (doc) => commands.moveLine(doc, lineId, toIndex, QUOTE_ORIGIN));
  }

  /**
   * Choose an alternative: it counts, and the other alternatives directly around it (the same
   * run of alternative lines) stop counting.
   */
  async chooseAlternative(id: string, lineId: string): Promise<BookResult> {
    const read = await this.read(id);
    if (!read.ok) return read;
    const lines = read.value.lines;
    const at = lines.findIndex((l) => l.id === lineId);
    const line = lines[at];
    if (!line || line.kind === 'section' || line.inclusion !== 'alternative') return fail(`line ${lineId} is not an alternative line`);
    let start = at;
    while (start > 0 && isAlternative(lines[start - 1])) start--;
    let end = at;
    while (end < lines.length - 1 && isAlternative(lines[end + 1])) end++;
    return this.withDoc(id, (doc) => {
      for (let i = start; i <= end; i++) {
        const l = lines[i];
        if (!l || l.kind === 'section') continue;
        const result = commands.replaceLine(doc, { ...l, chosen: i === at }, QUOTE_ORIGIN);
        if (!result.ok) return result;
      }
      return { ok: true } as const;
    });
  }

  async updateHeader(id: string, patch: HeaderPatch): Promise<BookResult> {
    return this.withDoc(id, (doc) => commands.updateHeader(doc, patch, QUOTE_ORIGIN));
  }

  /**
   * Change the quote currency: every line is converted at the rate table's rate (its CNY prices
   * are re-derived from the release or catalogue, not converted twice).
   */
  async setCurrency(id: string, currency: string): Promise<BookResult> {
    const state = await this.editable(id);
    if (!state.ok) return state;
    const { quote, settings } = state.value;
    let exchangeRate = 1;
    if (currency !== 'CNY') {
      const rate = settings.currencies.find((c) => c.code === currency);
      if (!rate) return fail(`there is no exchange rate for ${currency}; add it to the currency table first`);
      exchangeRate = rate.cnyPerUnit;
    }
    const header: QuoteHeader = { ...quote.header, currency, exchangeRate };
    const context = this.pricingContext(header, settings);
    if (!context.ok) return context;
    const region = settings.regions.find((r) => r.policy.region === header.region);
    const lines: QuoteLineRecord[] = [];
    for (const line of quote.lines) {
      const repriced = await this.repriceLine(line, settings, context.value);
      if (!repriced.ok) return repriced;
      lines.push(repriced.value);
    }
    return this.withDoc(id, (doc) => {
      const result = commands.updateHeader(doc, { currency, exchangeRate, freightMinor: toQuoteCurrency(region?.policy.freightMinor ?? 0, exchangeRate) }, QUOTE_ORIGIN);
      if (!result.ok) return result;
      for (const line of lines) {
        const r = commands.replaceLine(doc, line, QUOTE_ORIGIN);
        if (!r.ok) return r;
      }
      return { ok: true } as const;
    });
  }

  /**
   * What today's market indices would do to each configured line: old vs new unit price, and
   * which index moved. Nothing is written (see `applyReprice`).
   */
  async repricePreview(id: string, date?: string): Promise<BookResult<RepriceRow[]>> {
    const state = await this.editable(id);
    if (!state.ok) return state;
    const { quote, settings, context } = state.value;
    const on = date ?? businessDate(this.now());
    const fresh = { ...context, quoteDate: on };
    const rows: RepriceRow[] = [];
    for (const line of quote.lines) {
      if (line.kind !== 'configured' || line.frozenIndices.length === 0) continue;
      const repriced = await this.repriceLine(line, settings, fresh, { freshIndices: true });
      if (!repriced.ok) return fail(...repriced.problems.map((p) => `line "${line.description}": ${p}`));
      const moves = line.frozenIndices.flatMap((f) => {
        const series = settings.indices.find((s) => s.key === f.series);
        if (!series) return [`${f.series} is no longer defined`];
        const now = valueOn(series, on);
        return now.value === f.value ? [] : [`${f.series} ${f.value} (${f.date}) → ${now.value} (${now.date})`];
      });
      rows.push({
        lineId: line.id,
        description: line.description,
        oldUnitPriceMinor: line.unitPriceMinor,
        newUnitPriceMinor: (repriced.value as ConfiguredLineRecord).unitPriceMinor,
        reason: moves.join('; '),
        line: repriced.value,
      });
    }
    return { ok: true, value: rows };
  }

  /** Write the repriced lines of `repricePreview`, moving the quote date to `date` (today). */
  async applyReprice(id: string, by: string, date?: string): Promise<BookResult<RepriceRow[]>> {
    const on = date ?? businessDate(this.now());
    const preview = await this.repricePreview(id, on);
    if (!preview.ok) return preview;
    const result = await this.withDoc(id, (doc) => {
      const header = commands.updateHeader(doc, { quoteDate: on }, QUOTE_ORIGIN);
      if (!header.ok) return header;
      for (const row of preview.value) {
        const r = commands.replaceLine(doc, row.line, QUOTE_ORIGIN);
        if (!r.ok) return r;
      }
      const read = commands.readQuote(doc);
      const revision = read.ok ? read.quote.header.revision : 1;
      commands.appendEvent(doc, { at: this.now().toISOString(), revision, kind: 'repriced', by, note: preview.value.map((r) => r.reason).filter(Boolean).join('; ').slice(0, 2000) }, QUOTE_ORIGIN);
      return { ok: true } as const;
    });
    return result.ok ? preview : result;
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  /** `at` is when it happened, the book's clock when absent (given only when recording history, e.g. the demo seed). */
  async transition(id: string, action: QuoteAction, by: string, at?: Date): Promise<BookResult> {
    return this.withDoc(id, (doc) => commands.applyAction(doc, action, by, at ?? this.now(), QUOTE_ORIGIN));
  }

  async revise(id: string, by: string, note?: string): Promise<BookResult> {
    return this.withDoc(id, (doc) => commands.reviseQuote(doc, by, this.now(), QUOTE_ORIGIN, note));
  }

  /**
   * Mark every open quote whose validity date has passed (quoted, in approval or sent) as
   * expired, as the system; run at start. Returns how many were marked.
   */
  async expireOverdue(by = 'system'): Promise<number> {
    const today = businessDate(this.now());
    const overdue = await this.options.db.quotes
      .where('state')
      .anyOf(['quoted', 'approval', 'sent'])
      .filter((q) => q.validUntil !== undefined && q.validUntil < today)
      .primaryKeys();
    let marked = 0;
    for (const id of overdue) {
      const result = await this.transition(id, { type: 'mark_expired' }, by);
      if (result.ok) marked++;
      else this.onError(new Error(`quote ${id} could not be marked expired: ${result.problems.join('; ')}`));
    }
    return marked;
  }

  /** Apply the tier policy of the customer as it is now (e.g. after the tier changed) to the current revision. */
  async applyTier(id: string): Promise<BookResult> {
    const state = await this.editable(id);
    if (!state.ok) return state;
    const { quote, settings } = state.value;
    const customer = this.options.customers.get(quote.header.customerId);
    if (!customer) return fail(`the quote's customer "${quote.header.customerId}" no longer exists`);
    const tier = settings.tiers.find((t) => t.policy.key === customer.tier);
    if (!tier) return fail(`tier "${customer.tier}" has no policy`);
    return this.withDoc(id, (doc) => {
      const wasDefault = quote.header.defaultDiscountPct;
      const headerPatch = { paymentTerms: customer.paymentTerms.trim() !== '' ? customer.paymentTerms : tier.policy.paymentTerms };
      let result = commands.updateHeader(doc, headerPatch, QUOTE_ORIGIN);
      if (!result.ok) return result;
      doc.transact(() => {
        const h = doc.getMap<unknown>(commands.HEADER_MAP);
        h.set('tier', tier.policy.key);
        h.set('defaultDiscountPct', tier.policy.defaultDiscountPct);
        h.set('discountCapPct', tier.policy.discountCapPct);
      }, QUOTE_ORIGIN);
      // Lines still at the old default follow the new default; a discount the rep chose stays.
      for (const line of quote.lines) {
        if (line.kind === 'section' || line.discountPct !== wasDefault) continue;
        result = commands.replaceLine(doc, { ...line, discountPct: tier.policy.defaultDiscountPct }, QUOTE_ORIGIN);
        if (!result.ok) return result;
      }
      return { ok: true } as const;
    });
  }

  /** Close every open document and release the engines; for shutdown and tests. */
  async dispose(): Promise<void> {
    for (const [id, slot] of [...this.live]) {
      this.live.delete(id);
      const live = await slot.ready.catch(() => undefined);
      if (live) {
        await live.projector.flush();
        live.projector.stop();
        await live.persisted.destroy();
      }
    }
    for (const opening of this.models.values()) (await opening.catch(() => undefined))?.model.dispose();
    this.models.clear();
  }
}

function isAlternative(line: QuoteLineRecord | undefined): boolean {
  return line !== undefined && line.kind !== 'section' && line.inclusion === 'alternative';
}

function pick(values: Readonly<Record<string, ParameterValue>>, keys: readonly string[]): Record<string, ParameterValue> {
  return Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k] as ParameterValue]));
}
