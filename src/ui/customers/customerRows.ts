/**
 * The reads the customer screens make of the list projections (Dexie `customers`, `quotes`),
 * in one place so the screens do not know how the tables are indexed.
 */
import { queryCustomers } from '../../store/customerQueries';
import type { SuanpanDb } from '../../store/db';
import { queryQuotes } from '../../store/quoteQueries';
import type { CustomerEntry, QuoteEntry } from '../../store/quoteEntry';

export interface CustomerListQuery {
  readonly text: string;
  readonly tier?: string;
  readonly region?: string;
  readonly owner?: string;
  readonly sort: 'name' | 'updated';
  readonly offset: number;
  readonly limit: number;
}

export interface CustomerListPage {
  readonly rows: readonly CustomerEntry[];
  readonly hasMore: boolean;
}

/** One page of the customers not deleted that match the search (every word) and the filters. */
export async function listCustomers(db: SuanpanDb, q: CustomerListQuery): Promise<CustomerListPage> {
  const page = await queryCustomers(db, {
    search: q.text,
    ...(q.tier ? { tier: q.tier } : {}),
    ...(q.region ? { region: q.region } : {}),
    ...(q.owner ? { owner: q.owner } : {}),
    sort: q.sort === 'name' ? 'name' : 'updatedAt',
    direction: q.sort === 'name' ? 'asc' : 'desc',
    offset: q.offset,
    limit: q.limit,
  });
  return { rows: page.rows, hasMore: page.hasMore };
}

/** The customer's quotes, latest change first. */
export async function quotesOfCustomer(db: SuanpanDb, customerId: string, limit: number): Promise<CustomerQuotes> {
  const page = await queryQuotes(db, { customerId, sort: 'updatedAt', direction: 'desc', limit });
  return { rows: page.rows, hasMore: page.hasMore };
}

export interface CustomerQuotes {
  readonly rows: readonly QuoteEntry[];
  readonly hasMore: boolean;
}
