/**
 * The quote and customer lists against a second path: for random queries over a generated data
 * set (3,000 quotes, 300 customers, bench/listDataset.ts) and a few hand-made records, the
 * page from the indexes must equal a plain filter + sort + slice of every record, written here
 * from the rules (not from the query code). Every kind of plan is forced in turn, so each is
 * checked, and the planner's own choice too.
 *
 * Seeded (fast-check): SUANPAN_FUZZ_RUNS raises the number of runs, SUANPAN_FUZZ_SEED shifts the
 * seeds. fast-check prints the seed of a failure; keep it below as a named regression case.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNERS, TIERS, generateListDataset, productLineNames } from '../../bench/listDataset.js';
import { QUOTE_STATES } from '../../src/domain/quote/lifecycle.js';
import type { QuoteState } from '../../src/domain/quote/lifecycle.js';
import { queryCustomers } from '../../src/store/customerQueries.js';
import type { CustomerQuery } from '../../src/store/customerQueries.js';
import { SuanpanDb } from '../../src/store/db.js';
import { ListQueryError } from '../../src/store/listQuery.js';
import type { PlanKind } from '../../src/store/listQuery.js';
import type { CustomerEntry, QuoteEntry } from '../../src/store/quoteEntry.js';
import { QUOTE_SORT_FIELDS, queryQuotes } from '../../src/store/quoteQueries.js';
import type { QuoteQuery } from '../../src/store/quoteQueries.js';
import { searchTokens, searchWords } from '../../src/store/searchWords.js';

const runs = Number(process.env.SUANPAN_FUZZ_RUNS ?? 30);
const seedShift = Number(process.env.SUANPAN_FUZZ_SEED ?? 0);
const KINDS: readonly (PlanKind | undefined)[] = [undefined, 'read', 'walk', 'collect', 'keys'];

// ---------------------------------------------------------------------------------------------
// Data: generated, plus records whose answers are known by hand.

const generated = generateListDataset({ seed: 5, customers: 300, quotes: 3000 });

const hangzhouValve: CustomerEntry = {
  id: 'C-HZ-VALVE',
  name: '杭州阀门厂',
  industry: 'distribution',
  region: 'east',
  tier: 'key',
  owner: 'li.na',
  createdAt: '2024-01-02T03:04:05.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
  words: searchWords('杭州阀门厂', '91330100MA2H000001', 'distribution', '王伟'),
};
const tieCustomer: CustomerEntry = {
  ...hangzhouValve,
  id: 'C-TIE',
  name: 'Tie Test Ltd.',
  tier: 'new',
  region: 'overseas',
  words: searchWords('Tie Test Ltd.'),
};
const goneCustomer: CustomerEntry = { ...tieCustomer, id: 'C-GONE', name: 'Gone Trading Ltd.', deletedAt: '2026-01-01T00:00:00.000Z', words: searchWords('Gone Trading Ltd.') };

function handQuote(id: string, number: string, customer: CustomerEntry, more: Partial<QuoteEntry> = {}): QuoteEntry {
  return {
    id,
    number,
    revision: 1,
    customerId: customer.id,
    customerName: customer.name,
    owner: 'li.na',
    state: 'quoted',
    productLines: ['valves'],
    products: ['butterfly-valve'],
    currency: 'CNY',
    totalMinor: 12_345_600,
    marginBasisPoints: 2100,
    quoteDate: '2026-06-01',
    validUntil: '2026-07-01',
    createdAt: '2026-06-01T08:00:00.000Z',
    updatedAt: '2026-06-01T08:00:00.000Z',
    words: searchWords(number, customer.name, 'li.na', 'butterfly-valve', '蝶阀', 'Butterfly valve'),
    ...more,
  };
}
const hand: QuoteEntry[] = [
  handQuote('q-hz-1', 'Q-2026-9001', hangzhouValve),
  // Two quotes (a revision's copy, say) equal in every sort field: only the id tells them apart.
  handQuote('q-tie-b', 'Q-2026-9002', tieCustomer, { words: searchWords('Q-2026-9002', 'Tie Test Ltd.') }),
  handQuote('q-tie-a', 'Q-2026-9002', tieCustomer, { words: searchWords('Q-2026-9002', 'Tie Test Ltd.') }),
];
const allQuotes: readonly QuoteEntry[] = [...generated.quotes, ...hand];
const allCustomers: readonly CustomerEntry[] = [...generated.customers, hangzhouValve, tieCustomer, goneCustomer];

/** Counts the records (values) the queries read, through Dexie's storage layer. */
let recordsRead = 0;
const countReads: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'countReads',
  create: (down) => ({
    ...down,
    table: (name): DBCoreTable => {
      const t = down.table(name);
      return {
        ...t,
        query: async (req) => {
          const res = await t.query(req);
          if (req.values) recordsRead += res.result.length;
          return res;
        },
        getMany: async (req) => {
          const res = await t.getMany(req);
          recordsRead += res.length;
          return res;
        },
        openCursor: async (req) => {
          const cursor = await t.openCursor(req);
          if (!cursor || !req.values) return cursor;
          // Each step of a value cursor is one record read.
          const start = cursor.start.bind(cursor);
          cursor.start = (onNext) =>
            start(() => {
              recordsRead++;
              onNext();
            });
          return cursor;
        },
      };
    },
  }),
};

let db: SuanpanDb;
beforeAll(async () => {
  db = new SuanpanDb('list-queries', { indexedDB: new IDBFactory(), IDBKeyRange });
  db.use(countReads);
  await db.quotes.bulkAdd([...allQuotes]);
  await db.customers.bulkAdd([...allCustomers]);
}, 60_000);
afterAll(() => db.close());

// ---------------------------------------------------------------------------------------------
// The second path: the rules, applied to every record in memory.

/** Code-unit order, as IndexedDB orders strings; numbers by value. */
const order = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
const tokensOf = (search: string | undefined) => (search ?? '').toLowerCase().split(/\s+/u).filter((t) => t !== '');
const found = (words: readonly string[], tokens: readonly string[]) => tokens.every((t) => words.some((w) => w.startsWith(t)));

function page<T extends { id: string }>(rows: T[], key: (r: T) => string | number, direction: 'asc' | 'desc', limit: number, offset = 0) {
  const sign = direction === 'asc' ? 1 : -1;
  rows.sort((a, b) => sign * (order(key(a), key(b)) || order(a.id, b.id)));
  return { ids: rows.slice(offset, offset + limit).map((r) => r.id), hasMore: rows.length > offset + limit };
}

function expectedQuotes(q: QuoteQuery) {
  const tokens = tokensOf(q.search);
  const rows = allQuotes.filter(
    (r) =>
      (!q.states || q.states.length === 0 || q.states.includes(r.state)) &&
      (!q.owner || r.owner === q.owner) &&
      (!q.productLine || r.productLines.includes(q.productLine)) &&
      (!q.customerId || r.customerId === q.customerId) &&
      (!q.from || r.quoteDate >= q.from) &&
      (!q.to || r.quoteDate <= q.to) &&
      found(r.words, tokens),
  );
  return page(rows, (r) => r[q.sort], q.direction, q.limit, q.offset);
}

function expectedCustomers(q: CustomerQuery) {
  const tokens = tokensOf(q.search);
  const rows = allCustomers.filter(
    (c) =>
      (q.includeDeleted === true || c.deletedAt === undefined) &&
      (!q.tier || c.tier === q.tier) &&
      (!q.owner || c.owner === q.owner) &&
      (!q.region || c.region === q.region) &&
      (!q.industry || c.industry === q.industry) &&
      found(c.words, tokens),
  );
  return page(rows, (c) => c[q.sort], q.direction, q.limit, q.offset);
}

async function allPages(q: Omit<QuoteQuery, 'limit' | 'offset'>): Promise<QuoteEntry[]> {
  const rows: QuoteEntry[] = [];
  for (;;) {
    const p = await queryQuotes(db, { ...q, limit: 1000, offset: rows.length });
    rows.push(...p.rows);
    if (!p.hasMore) return rows;
  }
}

// ---------------------------------------------------------------------------------------------
// Random queries

/** Search words seen in the data: CJK pieces of names, Latin prefixes, numbers, two words. */
const cjkPieces = [...new Set(generated.customers.flatMap((c) => (/^\p{Script=Han}+$/u.test(c.name) ? [c.name.slice(2, 4), c.name.slice(4, 6)] : [])))].slice(0, 30);
const searches = ['阀门', '杭州', '蝶阀', '泵', 'pump', 'PUMP', 'nordic', 'valve', 'Q-2026-00', 'q-2025-01', '2026-00', 'li.na', '有限公司', '杭州 蝶阀', 'gmbh', 'no-such-thing', ...cjkPieces];
const dates = [...new Set(allQuotes.map((q) => q.quoteDate))].sort();

/** Present one time in four: most list views have few filters, and a page then reads more. */
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });

const quoteQuery: fc.Arbitrary<QuoteQuery> = fc.record({
  search: sometimes(fc.constantFrom(...searches)),
  states: sometimes(fc.subarray([...QUOTE_STATES] as QuoteState[])),
  owner: sometimes(fc.constantFrom(...OWNERS, 'nobody')),
  productLine: sometimes(fc.constantFrom(...productLineNames(5))),
  customerId: fc.oneof({ arbitrary: fc.constant(undefined), weight: 7 }, { arbitrary: fc.constantFrom('C-HZ-VALVE', 'C-TIE', ...generated.customers.slice(0, 20).map((c) => c.id)), weight: 1 }),
  from: sometimes(fc.constantFrom(...dates)),
  to: sometimes(fc.constantFrom(...dates)),
  sort: fc.constantFrom(...QUOTE_SORT_FIELDS),
  direction: fc.constantFrom('asc' as const, 'desc' as const),
  limit: fc.integer({ min: 1, max: 60 }),
  offset: sometimes(fc.integer({ min: 0, max: 120 })),
});

const customerQuery: fc.Arbitrary<CustomerQuery> = fc.record({
  search: sometimes(fc.constantFrom('阀门', '杭州', 'nordic', 'gmbh', 'water', '王', 'anna', '91', 'gone', ...cjkPieces.slice(0, 10))),
  tier: sometimes(fc.constantFrom(...TIERS)),
  owner: sometimes(fc.constantFrom(...OWNERS)),
  region: sometimes(fc.constantFrom('east', 'south', 'north', 'overseas')),
  industry: sometimes(fc.constantFrom('water', 'chemical', 'distribution', 'power')),
  includeDeleted: sometimes(fc.boolean()),
  sort: fc.constantFrom('name' as const, 'updatedAt' as const),
  direction: fc.constantFrom('asc' as const, 'desc' as const),
  limit: fc.integer({ min: 1, max: 60 }),
  offset: sometimes(fc.integer({ min: 0, max: 60 })),
});

describe('queryQuotes against a plain filter + sort + slice', () => {
  it('agrees for random queries, whatever plan runs', async () => {
    const chosen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(quoteQuery, async (q) => {
        const want = expectedQuotes(q);
        for (const plan of KINDS) {
          const got = await queryQuotes(db, q, plan === undefined ? {} : { plan });
          expect({ ids: got.rows.map((r) => r.id), hasMore: got.hasMore, plan: plan ?? 'chosen' }).toEqual({ ...want, plan: plan ?? 'chosen' });
          if (plan === undefined) {
            const kind = got.plan.split(' ')[0] ?? '';
            chosen.set(kind, (chosen.get(kind) ?? 0) + 1);
          }
        }
      }),
      { numRuns: runs, seed: 20260501 + seedShift },
    );
    // The planner chooses among several kinds on this data (not one path for everything).
    expect(chosen.size).toBeGreaterThan(2);
  }, 120_000);

  it('finds a Chinese name by any part of it: 阀门 finds 杭州阀门厂', async () => {
    const rows = await allPages({ search: '阀门', sort: 'updatedAt', direction: 'desc' });
    expect(rows.map((r) => r.id)).toContain('q-hz-1');
    // Quotes carry no other text with 阀门 (product names are 蝶阀, 闸阀, …): exactly the customers' names.
    const byName = allQuotes.filter((q) => q.customerName.includes('阀门')).map((q) => q.id);
    expect(rows.map((r) => r.id).sort()).toEqual(byName.sort());
    expect(byName.length).toBeGreaterThan(10);
  });

  it('finds numbers by prefix, from the start or from the year', async () => {
    const byPrefix = allQuotes.filter((q) => q.number.startsWith('Q-2026-00')).map((q) => q.id).sort();
    expect(byPrefix.length).toBe(99); // Q-2026-0001 … Q-2026-0099
    expect((await allPages({ search: 'Q-2026-00', sort: 'number', direction: 'asc' })).map((r) => r.id).sort()).toEqual(byPrefix);
    expect((await allPages({ search: '2026-00', sort: 'number', direction: 'asc' })).map((r) => r.id).sort()).toEqual(byPrefix);
    const first = await queryQuotes(db, { search: 'q-2026-00', sort: 'number', direction: 'asc', limit: 3 });
    expect(first.rows.map((r) => r.number)).toEqual(['Q-2026-0001', 'Q-2026-0002', 'Q-2026-0003']);
    expect(first.hasMore).toBe(true);
  });

  it('includes both ends of a date range', async () => {
    const [from, to] = [dates[100] as string, dates[130] as string];
    const rows = await allPages({ from, to, sort: 'quoteDate', direction: 'asc' });
    expect(rows[0]?.quoteDate).toBe(from);
    expect(rows.at(-1)?.quoteDate).toBe(to);
    expect(rows.length).toBe(allQuotes.filter((q) => q.quoteDate >= from && q.quoteDate <= to).length);
    // One day.
    const day = await allPages({ from: to, to, sort: 'updatedAt', direction: 'desc' });
    expect(day.length).toBeGreaterThan(0);
    expect(day.every((q) => q.quoteDate === to)).toBe(true);
    // From after to: nothing, not an error.
    const none = await queryQuotes(db, { from: to, to: from, sort: 'updatedAt', direction: 'desc', limit: 10 });
    expect(none).toEqual({ rows: [], hasMore: false, plan: expect.stringMatching(/^empty/u) });
  });

  it('breaks ties by id, in the direction of the sort', async () => {
    for (const sort of QUOTE_SORT_FIELDS) {
      const asc = await queryQuotes(db, { customerId: 'C-TIE', sort, direction: 'asc', limit: 10 });
      const desc = await queryQuotes(db, { customerId: 'C-TIE', sort, direction: 'desc', limit: 10 });
      expect(asc.rows.map((r) => r.id)).toEqual(['q-tie-a', 'q-tie-b']);
      expect(desc.rows.map((r) => r.id)).toEqual(['q-tie-b', 'q-tie-a']);
    }
  });

  it('says whether more rows follow, exactly at the edge', async () => {
    const two = await queryQuotes(db, { customerId: 'C-TIE', sort: 'updatedAt', direction: 'desc', limit: 2 });
    expect([two.rows.length, two.hasMore]).toEqual([2, false]);
    const one = await queryQuotes(db, { customerId: 'C-TIE', sort: 'updatedAt', direction: 'desc', limit: 1 });
    expect([one.rows.length, one.hasMore]).toEqual([1, true]);
    const past = await queryQuotes(db, { customerId: 'C-TIE', sort: 'updatedAt', direction: 'desc', limit: 5, offset: 2 });
    expect([past.rows.length, past.hasMore]).toEqual([0, false]);
  });

  it('reads a page off an index instead of the table', async () => {
    const cases: [QuoteQuery, RegExp, number][] = [
      [{ sort: 'updatedAt', direction: 'desc', limit: 50 }, /^read updatedAt desc/u, 51],
      [{ states: ['quoted'], sort: 'updatedAt', direction: 'desc', limit: 50 }, /^read \[state\+updatedAt\]/u, 51],
      [{ states: ['quoted', 'sent'], owner: 'li.na', sort: 'updatedAt', direction: 'desc', limit: 50 }, /^read \[owner\+state\+updatedAt\]/u, 102],
      [{ from: dates[500] as string, to: dates[600] as string, sort: 'quoteDate', direction: 'desc', limit: 50 }, /^read quoteDate range/u, 51],
      [{ customerId: 'C-HZ-VALVE', sort: 'updatedAt', direction: 'desc', limit: 50 }, /^read \[customerId\+updatedAt\]/u, 1],
    ];
    for (const [q, plan, maxRead] of cases) {
      recordsRead = 0;
      const got = await queryQuotes(db, q);
      expect(got.plan).toMatch(plan);
      expect(recordsRead).toBeLessThanOrEqual(maxRead);
    }
    // A narrow search reads a first chunk (256 records: the sample that shows matches are rare)
    // and then the records its words point to, never all 3,003.
    recordsRead = 0;
    const narrow = await queryQuotes(db, { search: '杭州阀门厂', sort: 'totalMinor', direction: 'desc', limit: 20 });
    expect(narrow.rows.map((r) => r.id)).toEqual(['q-hz-1']);
    expect(narrow.plan).toMatch(/collect words\^杭州阀门厂/u);
    expect(recordsRead).toBeLessThanOrEqual(256 + 1);
  });

  it('refuses a query it cannot run, naming the field', async () => {
    const base: QuoteQuery = { sort: 'updatedAt', direction: 'desc', limit: 50 };
    const bad: [Partial<Record<keyof QuoteQuery, unknown>>, RegExp][] = [
      [{ limit: 0 }, /limit must be a whole number from 1 to 1000, got 0/u],
      [{ limit: 2.5 }, /limit/u],
      [{ offset: -1 }, /offset must be a whole number ≥ 0, got -1/u],
      [{ sort: 'price' }, /sort must be one of updatedAt, quoteDate, totalMinor, number, customerName, got "price"/u],
      [{ direction: 'up' }, /direction must be "asc" or "desc", got "up"/u],
      [{ states: ['quoted', 'open'] }, /states: unknown state "open"/u],
      [{ from: '2026-02-30' }, /from must be a date YYYY-MM-DD, got "2026-02-30"/u],
      [{ to: '1/2/2026' }, /to must be a date YYYY-MM-DD/u],
      [{ owner: 7 }, /owner must be text, got 7/u],
      [{ search: ['a'] }, /search must be text/u],
    ];
    for (const [change, message] of bad) {
      const q = { ...base, ...change } as QuoteQuery;
      await expect(queryQuotes(db, q)).rejects.toThrow(ListQueryError);
      await expect(queryQuotes(db, q)).rejects.toThrow(message);
    }
  });

  it('treats blank filters and every state as no filter', async () => {
    const all = await queryQuotes(db, { sort: 'updatedAt', direction: 'desc', limit: 5 });
    const blank = await queryQuotes(db, { search: '  ', owner: '', productLine: '', states: [], sort: 'updatedAt', direction: 'desc', limit: 5 });
    const everyState = await queryQuotes(db, { states: [...QUOTE_STATES], sort: 'updatedAt', direction: 'desc', limit: 5 });
    expect(blank.rows).toEqual(all.rows);
    expect(everyState.rows).toEqual(all.rows);
    expect(all.rows.map((r) => r.id)).toEqual(expectedQuotes({ sort: 'updatedAt', direction: 'desc', limit: 5 }).ids);
  });
});

describe('queryCustomers against a plain filter + sort + slice', () => {
  it('agrees for random queries, whatever plan runs', async () => {
    await fc.assert(
      fc.asyncProperty(customerQuery, async (q) => {
        const want = expectedCustomers(q);
        for (const plan of KINDS) {
          const got = await queryCustomers(db, q, plan === undefined ? {} : { plan });
          expect({ ids: got.rows.map((r) => r.id), hasMore: got.hasMore, plan: plan ?? 'chosen' }).toEqual({ ...want, plan: plan ?? 'chosen' });
        }
      }),
      { numRuns: runs, seed: 20260502 + seedShift },
    );
  }, 120_000);

  it('leaves deleted customers out unless asked, and finds 阀门 in 杭州阀门厂', async () => {
    const shown = await queryCustomers(db, { search: 'ltd', sort: 'name', direction: 'asc', limit: 1000 });
    expect(shown.rows.map((c) => c.id)).toContain('C-TIE');
    expect(shown.rows.map((c) => c.id)).not.toContain('C-GONE');
    const withDeleted = await queryCustomers(db, { search: 'gone', includeDeleted: true, sort: 'name', direction: 'asc', limit: 10 });
    expect(withDeleted.rows.map((c) => c.id)).toEqual(['C-GONE']);
    const valve = await queryCustomers(db, { search: '阀门', tier: 'key', sort: 'name', direction: 'asc', limit: 1000 });
    expect(valve.rows.map((c) => c.id)).toContain('C-HZ-VALVE');
    expect(valve.rows.every((c) => c.name.includes('阀门') && c.tier === 'key')).toBe(true);
  });

  it('refuses a query it cannot run, naming the field', async () => {
    await expect(queryCustomers(db, { sort: 'tier' as 'name', direction: 'asc', limit: 10 })).rejects.toThrow(/customer list query: sort must be one of name, updatedAt, got "tier"/u);
    await expect(queryCustomers(db, { sort: 'name', direction: 'asc', limit: 5000 })).rejects.toThrow(/limit must be a whole number from 1 to 1000, got 5000/u);
    await expect(queryCustomers(db, { includeDeleted: 'yes' as unknown as boolean, sort: 'name', direction: 'asc', limit: 10 })).rejects.toThrow(/includeDeleted must be true or false/u);
  });
});

describe('search words and tokens', () => {
  it('keys a hyphenated number from each of its parts on', () => {
    expect(searchWords('Q-2026-0012')).toEqual(['q-2026-0012', 'q', '2026', '0012', '2026-0012']);
  });

  it('splits a query like the keys, dropping words another word already begins with', () => {
    expect(searchTokens(' Q-2026-00  阀门 阀 ')).toEqual(['q-2026-00', '阀门']);
    expect(searchTokens('ＰＵＭＰ, 杭州；valve')).toEqual(['pump', '杭州', 'valve']);
    expect(searchTokens(' \t ')).toEqual([]);
  });
});
