/**
 * The quote list: search (number, customer, product), filters (state, owner, product line,
 * customer, quote date range) and sort, one page at a time, read through the indexes of the
 * `quotes` projection (listQuery.ts explains the plans). Fast at 100,000 quotes.
 *
 * Search: the query is split into words (`searchTokens`); a quote matches when every word
 * begins one of its search keys (`QuoteEntry.words`): `Q-2026-00` finds numbers by prefix,
 * `阀门` finds `杭州阀门厂` anywhere in a Chinese name, `pump` finds `Centrifugal pump`.
 *
 * Sort: by the field, ties by id, both in the chosen direction. Text sorts by UTF-16 code
 * unit, as IndexedDB orders it (Chinese names by code point, not by pinyin).
 */
import type { IndexableType } from 'dexie';
import { QUOTE_STATES } from '../domain/quote/lifecycle.js';
import type { QuoteState } from '../domain/quote/lifecycle.js';
import type { SuanpanDb } from './db.js';
import { ListQueryError, MAX_KEY, MIN_KEY, checkPage, optionalText, readListPage, searchConditions } from './listQuery.js';
import type { Condition, IndexRange, ListPage, ListSpec, OrderedPath, ReadOptions } from './listQuery.js';
import type { QuoteEntry } from './quoteEntry.js';

export const QUOTE_SORT_FIELDS = ['updatedAt', 'quoteDate', 'totalMinor', 'number', 'customerName'] as const;
export type QuoteSortField = (typeof QUOTE_SORT_FIELDS)[number];

export interface QuoteQuery {
  /** Words to find in the number, customer name, owner and products; blank: no search. */
  readonly search?: string;
  /** Any of these states; absent or empty: every state. */
  readonly states?: readonly QuoteState[];
  /** The owning sales rep's id; blank: everyone's. */
  readonly owner?: string;
  /** Quotes with a line of this product line; blank: any. */
  readonly productLine?: string;
  readonly customerId?: string;
  /** Quote date range, `YYYY-MM-DD`, both ends included; either may be left open. */
  readonly from?: string;
  readonly to?: string;
  readonly sort: QuoteSortField;
  readonly direction: 'asc' | 'desc';
  /** Page size, 1–1000. */
  readonly limit: number;
  /** Rows to skip (a later page); default 0. Deep pages read more. */
  readonly offset?: number;
}

export type QuotePage = ListPage<QuoteEntry>;

const WHERE = 'quote list query';

function checkDate(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ok = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  if (!ok) throw new ListQueryError(`${WHERE}: ${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

const equal = (index: string, value: IndexableType): IndexRange => ({ index, lower: value, upper: value });
/** Every key of a compound index that starts with `prefix`. */
const prefixed = (index: string, ...prefix: IndexableType[]): IndexRange => ({
  index,
  lower: [...prefix, MIN_KEY] as IndexableType,
  upper: [...prefix, MAX_KEY] as IndexableType,
});

/**
 * One page of the quote list. Throws `ListQueryError` for a query that cannot be run (the
 * message names the field); `from` after `to` is an empty page, not an error.
 *
 * @example
 *   const page = await queryQuotes(db, { states: ['quoted', 'sent'], owner: 'li.na', sort: 'updatedAt', direction: 'desc', limit: 50 });
 *   page.rows; page.hasMore; page.plan // 'read [owner+state+updatedAt] desc ×2'
 */
export function queryQuotes(db: SuanpanDb, query: QuoteQuery, options?: ReadOptions): Promise<QuotePage> {
  try {
    return readListPage(db.quotes, quoteListSpec(query), options);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** The conditions and ordered paths of `query` (exported for tests and the benchmark). */
export function quoteListSpec(query: QuoteQuery): ListSpec<QuoteEntry> {
  const { limit, offset, direction } = checkPage(WHERE, query);
  const sort = query.sort;
  if (!QUOTE_SORT_FIELDS.includes(sort)) throw new ListQueryError(`${WHERE}: sort must be one of ${QUOTE_SORT_FIELDS.join(', ')}, got ${JSON.stringify(sort)}`);
  if (query.states !== undefined && !Array.isArray(query.states)) throw new ListQueryError(`${WHERE}: states must be a list of states, got ${JSON.stringify(query.states)}`);
  const states = [...new Set(query.states ?? [])];
  for (const s of states) if (!QUOTE_STATES.includes(s)) throw new ListQueryError(`${WHERE}: states: unknown state ${JSON.stringify(s)} (states are ${QUOTE_STATES.join(', ')})`);
  const owner = optionalText(WHERE, 'owner', query.owner);
  const productLine = optionalText(WHERE, 'productLine', query.productLine);
  const customerId = optionalText(WHERE, 'customerId', query.customerId);
  const from = checkDate('from', query.from);
  const to = checkDate('to', query.to);

  const conditions: Condition<QuoteEntry>[] = [];
  const paths: OrderedPath<QuoteEntry>[] = [{ label: sort, ranges: [{ index: sort, lower: MIN_KEY, upper: MAX_KEY }], covers: [] }];
  const dates: Condition<QuoteEntry> | undefined =
    from === undefined && to === undefined
      ? undefined
      : {
          label: `quoteDate ${from ?? '…'}–${to ?? '…'}`,
          ranges: [{ index: 'quoteDate', lower: from ?? MIN_KEY, upper: to ?? MAX_KEY }],
          test: (q) => (from === undefined || q.quoteDate >= from) && (to === undefined || q.quoteDate <= to),
        };
  // `[field+sort]` ranges for one field value; sorted by quote date, they also hold the date range.
  const withSort = (field: string, value: string, covers: Condition<QuoteEntry>): { ranges: IndexRange[]; covers: Condition<QuoteEntry>[] } =>
    dates && sort === 'quoteDate'
      ? { ranges: [{ index: `[${field}+quoteDate]`, lower: [value, from ?? MIN_KEY] as IndexableType, upper: [value, to ?? MAX_KEY] as IndexableType }], covers: [covers, dates] }
      : { ranges: [prefixed(`[${field}+${sort}]`, value)], covers: [covers] };

  // Every state selected is no filter at all.
  const stateSet = states.length > 0 && states.length < QUOTE_STATES.length ? new Set<string>(states) : undefined;
  if (stateSet && owner !== undefined && sort === 'updatedAt') {
    // "My open quotes" in the default order: one compound index holds exactly those pairs.
    const both: Condition<QuoteEntry> = {
      label: `owner=${owner} & state=${states.join('|')}`,
      ranges: states.map((s) => prefixed('[owner+state+updatedAt]', owner, s)),
      test: (q) => q.owner === owner && stateSet.has(q.state),
    };
    conditions.push(both);
    paths.push({ label: '[owner+state+updatedAt]', ranges: both.ranges, covers: [both] });
  } else {
    if (stateSet) {
      const state: Condition<QuoteEntry> = { label: `state=${states.join('|')}`, ranges: states.map((s) => equal('state', s)), test: (q) => stateSet.has(q.state) };
      conditions.push(state);
      const each = states.map((s) => withSort('state', s, state));
      paths.push({ label: `[state+${sort}]`, ranges: each.flatMap((e) => e.ranges), covers: each[0]?.covers ?? [state] });
    }
    if (owner !== undefined) {
      const ownerIs: Condition<QuoteEntry> = { label: `owner=${owner}`, ranges: [equal('owner', owner)], test: (q) => q.owner === owner };
      conditions.push(ownerIs);
      paths.push({ label: `[owner+${sort}]`, ...withSort('owner', owner, ownerIs) });
    }
  }
  if (customerId !== undefined) {
    const customer: Condition<QuoteEntry> = { label: `customerId=${customerId}`, ranges: [equal('customerId', customerId)], test: (q) => q.customerId === customerId };
    conditions.push(customer);
    if (sort === 'updatedAt') paths.push({ label: '[customerId+updatedAt]', ranges: [prefixed('[customerId+updatedAt]', customerId)], covers: [customer] });
  }
  if (productLine !== undefined) {
    conditions.push({ label: `productLines=${productLine}`, ranges: [equal('productLines', productLine)], test: (q) => q.productLines.includes(productLine) });
  }
  if (dates) {
    conditions.push(dates);
    if (sort === 'quoteDate') paths.push({ label: 'quoteDate range', ranges: dates.ranges, covers: [dates] });
  }
  conditions.push(...searchConditions<QuoteEntry>(query.search, (q) => q.words, WHERE));

  return { conditions, paths, sortValue: (q) => q[sort], id: (q) => q.id, direction, limit, offset };
}
