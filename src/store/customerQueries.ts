/**
 * The customer list: search (name, tax id, industry, contacts), filters (tier, owner, region,
 * industry) and sort by name or last change, one page at a time, through the indexes of the
 * `customers` projection (listQuery.ts explains the plans). Deleted customers are left out
 * unless asked for.
 *
 * Sort: by the field, ties by id, both in the chosen direction; names by UTF-16 code unit, as
 * IndexedDB orders them (Chinese by code point, not by pinyin).
 */
import type { IndexableType } from 'dexie';
import type { SuanpanDb } from './db.js';
import { ListQueryError, MAX_KEY, MIN_KEY, checkPage, optionalText, readListPage, searchConditions } from './listQuery.js';
import type { Condition, ListPage, ListSpec, OrderedPath, ReadOptions } from './listQuery.js';
import type { CustomerEntry } from './quoteEntry.js';

export const CUSTOMER_SORT_FIELDS = ['name', 'updatedAt'] as const;
export type CustomerSortField = (typeof CUSTOMER_SORT_FIELDS)[number];

export interface CustomerQuery {
  /** Words to find in the name, tax id, industry and contact names; blank: no search. */
  readonly search?: string;
  readonly tier?: string;
  /** The sales rep who owns the account. */
  readonly owner?: string;
  readonly region?: string;
  readonly industry?: string;
  /** Also list deleted customers (default false). */
  readonly includeDeleted?: boolean;
  readonly sort: CustomerSortField;
  readonly direction: 'asc' | 'desc';
  /** Page size, 1–1000. */
  readonly limit: number;
  /** Rows to skip (a later page); default 0. */
  readonly offset?: number;
}

export type CustomerPage = ListPage<CustomerEntry>;

type Field = 'tier' | 'owner' | 'region' | 'industry';
/** Compound indexes `[field+sort]` that exist (db.ts), for an ordered read of one value. */
const COMPOUND: Readonly<Record<CustomerSortField, readonly Field[]>> = {
  name: ['tier', 'owner', 'region'],
  updatedAt: ['owner'],
};

/**
 * One page of the customer list. Throws `ListQueryError` for a query that cannot be run (the
 * message names the field).
 *
 * @example
 *   const page = await queryCustomers(db, { tier: 'key', sort: 'name', direction: 'asc', limit: 50 });
 */
export function queryCustomers(db: SuanpanDb, query: CustomerQuery, options?: ReadOptions): Promise<CustomerPage> {
  try {
    return readListPage(db.customers, customerListSpec(query), options);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** The conditions and ordered paths of `query` (exported for tests and the benchmark). */
export function customerListSpec(query: CustomerQuery): ListSpec<CustomerEntry> {
  const where = 'customer list query';
  const { limit, offset, direction } = checkPage(where, query);
  const sort = query.sort;
  if (!CUSTOMER_SORT_FIELDS.includes(sort)) throw new ListQueryError(`${where}: sort must be one of ${CUSTOMER_SORT_FIELDS.join(', ')}, got ${JSON.stringify(sort)}`);
  if (query.includeDeleted !== undefined && typeof query.includeDeleted !== 'boolean') throw new ListQueryError(`${where}: includeDeleted must be true or false, got ${JSON.stringify(query.includeDeleted)}`);

  const conditions: Condition<CustomerEntry>[] = [];
  const paths: OrderedPath<CustomerEntry>[] = [{ label: sort, ranges: [{ index: sort, lower: MIN_KEY, upper: MAX_KEY }], covers: [] }];
  for (const field of ['tier', 'owner', 'region', 'industry'] as const) {
    const value = optionalText(where, field, query[field]);
    if (value === undefined) continue;
    const condition: Condition<CustomerEntry> = { label: `${field}=${value}`, ranges: [{ index: field, lower: value, upper: value }], test: (c) => c[field] === value };
    conditions.push(condition);
    if (COMPOUND[sort].includes(field)) {
      const index = `[${field}+${sort}]`;
      paths.push({ label: index, ranges: [{ index, lower: [value, MIN_KEY] as IndexableType, upper: [value, MAX_KEY] as IndexableType }], covers: [condition] });
    }
  }
  conditions.push(...searchConditions<CustomerEntry>(query.search, (c) => c.words, where));
  if (query.includeDeleted !== true) {
    // The `deletedAt` index lists only deleted customers: a small set to exclude by key.
    conditions.push({ label: 'not deleted', exclude: true, ranges: [{ index: 'deletedAt', lower: MIN_KEY, upper: MAX_KEY }], test: (c) => c.deletedAt === undefined });
  }

  return { conditions, paths, sortValue: (c) => c[sort], id: (c) => c.id, direction, limit, offset };
}
