/**
 * One filtered, sorted page of a list projection (quotes, customers), read through IndexedDB
 * indexes and never by loading the table.
 *
 * What things cost (Chromium, IndexedDB on disk, 100,000 quotes): a record ~40–60 µs, a
 * primary key ~10–20 µs, and a count just as much per entry, so counting a large range is as
 * slow as reading its keys. The plan is therefore chosen without counting, from what it reads:
 * - `read`: an ordered path (index ranges in sort order, ListSpec.paths) enforces every
 *   condition: the page is its first records.
 * - `walk`: otherwise the path enforcing the most conditions is read in sort order, in chunks
 *   (one getAll each), testing the other conditions on each record. The first chunk (256) is a
 *   sample of how rare matches are.
 * - When the sample says the page is far away and a condition was rare in it, that condition
 *   is probed: its primary keys are read up to a bound (what the walk would otherwise cost).
 *   If it fits, the walk hands over to `collect` (read its records, test, sort, slice) or to
 *   `keys` (scan the path's primary keys against its key set, fetch only the page), whichever
 *   reads less.
 * A page covered by an index costs its rows; a walk through a broad filter costs about
 * page / share-of-matches records; a narrow filter costs at most its own records. The slow
 * case left: a filter matching a few per cent with a sort no index combines it with (a short
 * search word such as 阀门 over 100,000 quotes reads ~1,800 records).
 *
 * Order: by the sort value, ties by primary key, both in the page's direction, which is how
 * IndexedDB orders an index (equal keys by primary key; reversed by a `prev` read).
 */
import { Dexie, cmp } from 'dexie';
import type { Collection, IndexableType, Table } from 'dexie';
import { searchTokens } from './searchWords.js';

/** Below every key and above every key, for open ends of compound and plain ranges. */
export const MIN_KEY: IndexableType = Dexie.minKey;
export const MAX_KEY: IndexableType = Dexie.maxKey;

/** One range of one index, both bounds included. */
export interface IndexRange {
  readonly index: string;
  readonly lower: IndexableType;
  readonly upper: IndexableType;
}

/** A filter the list applies. */
export interface Condition<T> {
  /** Shown in the plan: `state=quoted`, `words^阀门`. */
  readonly label: string;
  /**
   * The records that match are exactly those in the union of these ranges or, with `exclude`,
   * exactly those not in it. Ranges of a multi-entry index may list a record more than once.
   */
  readonly ranges: readonly IndexRange[];
  readonly exclude?: boolean;
  /** The same condition, tested on a record. */
  readonly test: (row: T) => boolean;
}

/**
 * Index ranges that list records in sort order. Invariant: the index's key is the sort value,
 * or a compound key ending in it whose earlier parts each range fixes (`[state+updatedAt]`
 * from `['quoted', MIN_KEY]` to `['quoted', MAX_KEY]`), so a range can resume at a sort value.
 */
export interface OrderedPath<T> {
  readonly label: string;
  readonly ranges: readonly IndexRange[];
  /** Conditions the ranges enforce by themselves (the same objects as in `conditions`). */
  readonly covers: readonly Condition<T>[];
}

export interface ListSpec<T> {
  readonly conditions: readonly Condition<T>[];
  /** At least one; the first is the sort index over everything. */
  readonly paths: readonly OrderedPath<T>[];
  readonly sortValue: (row: T) => IndexableType;
  readonly id: (row: T) => string;
  readonly direction: 'asc' | 'desc';
  readonly limit: number;
  readonly offset: number;
}

export interface ListPage<T> {
  readonly rows: T[];
  /** More records match after this page. */
  readonly hasMore: boolean;
  /** How the page was read, for benchmarks, tests and curious developers: `walk updatedAt desc | state=won; read 154`. */
  readonly plan: string;
}

export type PlanKind = 'read' | 'walk' | 'collect' | 'keys';

export interface ReadOptions {
  /** Use this kind of plan whenever it can answer (tests run every kind against the same page). */
  readonly plan?: PlanKind;
}

/** A list query that cannot be run as asked; the message names the field and the value. */
export class ListQueryError extends Error {
  override name = 'ListQueryError';
}

export const MAX_PAGE_SIZE = 1000;

/** Records the first chunk of a walk reads at least: the sample that shows how rare matches are. */
const SAMPLE = 256;
/** Most records a walk reads in one request. */
const MAX_CHUNK = 2000;
/** Below this many projected records, a walk goes on without probing. */
const WALK_WITHOUT_PROBE = 400;
/** Matches in the first chunk at or below which a condition is worth probing. */
const RARE_IN_SAMPLE = 3;
/** Records per primary key read from a large index such as `*words` (~22 µs a key, ~55 µs a record). */
const KEY_TO_RECORD = 2.5;
/** Most keys one probe reads. */
const MAX_PROBE = 6000;

/** Checks the page fields every list query shares. */
export function checkPage(where: string, q: { readonly limit: number; readonly offset?: number; readonly direction: 'asc' | 'desc' }): { limit: number; offset: number; direction: 'asc' | 'desc' } {
  if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_PAGE_SIZE) throw new ListQueryError(`${where}: limit must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${String(q.limit)}`);
  const offset = q.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new ListQueryError(`${where}: offset must be a whole number ≥ 0, got ${String(q.offset)}`);
  if (q.direction !== 'asc' && q.direction !== 'desc') throw new ListQueryError(`${where}: direction must be "asc" or "desc", got ${JSON.stringify(q.direction)}`);
  return { limit: q.limit, offset, direction: q.direction };
}

/** An equality filter's value: absent or blank means no filter. */
export function optionalText(where: string, name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ListQueryError(`${where}: ${name} must be text, got ${JSON.stringify(value)}`);
  return value.trim() === '' ? undefined : value;
}

/** One condition per word of the search: some search key of the record begins with it. */
export function searchConditions<T>(search: unknown, words: (row: T) => readonly string[], where: string): Condition<T>[] {
  if (search === undefined || search === null) return [];
  if (typeof search !== 'string') throw new ListQueryError(`${where}: search must be text, got ${JSON.stringify(search)}`);
  return searchTokens(search).map((token) => ({
    label: `words^${token}`,
    // Dexie's startsWith range: every key from the token to the token followed by U+FFFF.
    ranges: [{ index: 'words', lower: token, upper: `${token}\uffff` }],
    test: (row: T) => words(row).some((w) => w.startsWith(token)),
  }));
}

/** The part of `r` from sort value `value` on, in the walk's direction (the value included). */
function resumeAt(r: IndexRange, value: IndexableType, desc: boolean): IndexRange {
  // A compound index is named `[a+b]`; MAX_KEY is itself an array, so the bound's type cannot tell.
  const compound = r.index.startsWith('[');
  const at = (bound: IndexableType): IndexableType => (compound ? ([...(bound as readonly unknown[]).slice(0, -1), value] as IndexableType) : value);
  return desc ? { ...r, upper: at(r.upper) } : { ...r, lower: at(r.lower) };
}

const isEmpty = (r: IndexRange) => cmp(r.lower, r.upper) > 0;

/**
 * Reads one page, in one read-only transaction (the page is consistent).
 *
 * @example
 *   const page = await readListPage(db.quotes, quoteListSpec({ states: ['quoted'], sort: 'updatedAt', direction: 'desc', limit: 50 }));
 */
export function readListPage<T>(table: Table<T, string>, spec: ListSpec<T>, options: ReadOptions = {}): Promise<ListPage<T>> {
  const need = spec.offset + spec.limit + 1;
  const desc = spec.direction === 'desc';
  const dir = desc ? 'desc' : 'asc';
  const order = desc ? -1 : 1;
  const compare = (a: T, b: T) => (cmp(spec.sortValue(a), spec.sortValue(b)) || cmp(spec.id(a), spec.id(b))) * order;
  const finish = (sorted: readonly T[], plan: string): ListPage<T> => ({
    rows: sorted.slice(spec.offset, spec.offset + spec.limit),
    hasMore: sorted.length >= need,
    plan,
  });

  // Empty ranges (from after to) are dropped: a condition left without ranges matches nothing,
  // an exclusion left without ranges excludes nothing.
  const conditions: Condition<T>[] = [];
  const kept = new Map<Condition<T>, Condition<T>>();
  for (const c of spec.conditions) {
    const ranges = c.ranges.filter((r) => !isEmpty(r));
    if (ranges.length === 0 && !c.exclude) return Promise.resolve({ rows: [], hasMore: false, plan: `empty: ${c.label} matches nothing` });
    if (ranges.length === 0) continue;
    const k = ranges.length === c.ranges.length ? c : { ...c, ranges };
    conditions.push(k);
    kept.set(c, k);
  }
  const paths = spec.paths.map((p) => ({
    ...p,
    ranges: p.ranges.filter((r) => !isEmpty(r)),
    covers: p.covers.flatMap((c) => kept.get(c) ?? []),
  }));
  const residualOf = (p: OrderedPath<T>) => conditions.filter((c) => !p.covers.includes(c));
  // The path enforcing the most conditions, then the one with the fewest ranges.
  const best = [...paths].sort((a, b) => residualOf(a).length - residualOf(b).length || a.ranges.length - b.ranges.length)[0];
  if (!best) throw new Error('readListPage: no ordered path (the sort index) was given');
  const residual = residualOf(best);

  const range = (r: IndexRange): Collection<T, string> => table.where(r.index).between(r.lower, r.upper, true, true);
  const ordered = (r: IndexRange) => (desc ? range(r).reverse() : range(r));
  const testAll = (cs: readonly Condition<T>[]) => (row: T) => cs.every((c) => c.test(row));
  const rangesText = (p: OrderedPath<T>) => (p.ranges.length > 1 ? ` ×${p.ranges.length}` : '');

  /** The first `need` records of each range, merged. */
  const read = async (): Promise<ListPage<T>> => {
    const lists = await Promise.all(best.ranges.map((r) => ordered(r).limit(need).toArray()));
    return finish(lists.flat().sort(compare), `read ${best.label} ${dir}${rangesText(best)}`);
  };

  /**
   * A condition's primary keys, or undefined when it has more than `bound` index entries.
   * Reads at most bound + 1 keys.
   */
  const probe = async (c: Condition<T>, bound: number): Promise<Set<string> | undefined> => {
    const keys = new Set<string>();
    let entries = 0;
    for (const r of c.ranges) {
      const ids = await range(r).limit(bound + 1 - entries).primaryKeys();
      entries += ids.length;
      if (entries > bound) return undefined;
      for (const id of ids) keys.add(id);
    }
    return keys;
  };

  /** Every record of `source`, tested against the other conditions, sorted. */
  const collect = async (source: Condition<T>, keys: Set<string> | undefined, note: string): Promise<ListPage<T>> => {
    const test = testAll(conditions.filter((c) => c !== source));
    const lists = await Promise.all(source.ranges.map((r) => range(r).toArray()));
    const seen = new Set<string>();
    const rows = lists.flat().filter((row) => {
      const id = spec.id(row);
      if (seen.has(id)) return false; // a multi-entry range lists a record once per matching key
      seen.add(id);
      return test(row);
    });
    const size = keys ? ` [${keys.size}]` : '';
    return finish(rows.sort(compare), `${note}collect ${source.label}${size} → ${rows.length}, sorted ${dir}`);
  };

  /**
   * The records of `best`, in order, whose primary keys are in `keys` and that pass the other
   * residual conditions: the path's keys are scanned (from the start, three times further each
   * time: simpler than resuming inside ties), and only candidates' records are fetched.
   */
  const keysScan = async (source: Condition<T>, keys: Set<string>, note: string, expectedKeys = 0): Promise<ListPage<T>> => {
    const test = testAll(residual.filter((c) => c !== source));
    const fetched = new Map<string, T | undefined>();
    const lists: T[][] = [];
    let scanned = 0;
    for (const r of best.ranges) {
      let take = Math.max(SAMPLE, need * 4, Math.ceil((expectedKeys / best.ranges.length) * 1.25));
      for (;;) {
        const ids = await ordered(r).limit(take).primaryKeys();
        scanned += ids.length;
        const candidates = ids.filter((id) => keys.has(id));
        const found: T[] = [];
        let i = 0;
        while (found.length < need && i < candidates.length) {
          // Fetch in order, a batch at a time, only as far as the page needs.
          const batch = candidates.slice(i, i + Math.max(16, need - found.length)).filter((id) => !fetched.has(id));
          if (batch.length > 0) (await table.bulkGet(batch)).forEach((row, k) => fetched.set(batch[k] as string, row));
          for (; i < candidates.length && found.length < need; i++) {
            const id = candidates[i] as string;
            if (!fetched.has(id)) break;
            const row = fetched.get(id);
            if (row !== undefined && test(row)) found.push(row);
          }
        }
        if (found.length >= need || ids.length < take) {
          lists.push(found);
          break;
        }
        take *= 3;
      }
    }
    return finish(lists.flat().sort(compare), `${note}keys ${best.label} ${dir}${rangesText(best)} ∩ ${source.label} [${keys.size}]; scanned ${scanned} keys, got ${fetched.size}`);
  };

  /**
   * Walks the best path in chunks. The first chunk is a sample: when it shows the page is far
   * away, the residual conditions are probed, rarest in the sample first, with as many keys as
   * would pay off; a condition that fits is read whole (`collect`) or as a key set against the
   * path's keys (`keys`), whichever reads less.
   */
  const walk = async (mayHandOver: boolean): Promise<ListPage<T>> => {
    const lists: T[][] = [];
    const passed = new Map<Condition<T>, number>(residual.map((c) => [c, 0]));
    let scanned = 0;
    let matched = 0;
    let probed = !mayHandOver;
    let note = '';
    for (const r of best.ranges) {
      const found: T[] = [];
      let chunk = Math.max(SAMPLE, need + 16);
      let next = r;
      let last: T | undefined;
      for (;;) {
        const rows = await ordered(next).limit(chunk).toArray();
        for (const row of rows) {
          // Records at the resume value up to the last one read were seen in the last chunk.
          if (last !== undefined && compare(row, last) <= 0) continue;
          scanned++;
          let ok = true;
          for (const c of residual) {
            if (c.test(row)) passed.set(c, (passed.get(c) ?? 0) + 1);
            else ok = false;
          }
          if (ok) {
            matched++;
            if (found.push(row) >= need) break;
          }
        }
        const end = rows[rows.length - 1];
        if (found.length >= need || rows.length < chunk || end === undefined) break;
        // Records still to read at the rate seen so far.
        const ahead = ((need - found.length) / (Math.max(matched, 0.5) / scanned)) * best.ranges.length;
        if (!probed && ahead > WALK_WITHOUT_PROBE) {
          probed = true;
          // Probe only conditions rare in the sample: a probe that finds a condition too broad
          // costs as much as the records it could have saved.
          const rare = residual.filter((c) => !c.exclude && (passed.get(c) ?? 0) <= RARE_IN_SAMPLE).sort((a, b) => (passed.get(a) ?? 0) - (passed.get(b) ?? 0));
          for (const c of rare) {
            // Worth it while the keys read (at KEY_TO_RECORD a record) and what follows cost
            // less than the records still to walk.
            const bound = Math.min(MAX_PROBE, Math.floor(KEY_TO_RECORD * (0.8 * ahead - 2 * need)));
            if (bound < need) break;
            const keys = await probe(c, bound);
            if (!keys) {
              note += `${c.label} over ${bound}; `;
              continue;
            }
            const start = `walk ${best.label} ${dir} read ${scanned} for ${matched}; `;
            // Reading its records, or scanning the path's keys (simple keys, about a fifth of a record) and fetching the page.
            const keysCost = (scanned + ahead) / 5 + 2 * need;
            return keys.size <= keysCost ? collect(c, keys, start) : keysScan(c, keys, start, scanned + ahead);
          }
        }
        if (last !== undefined && compare(end, last) <= 0) {
          // A whole chunk of one sort value seen already: read further at once.
          chunk *= 2;
          continue;
        }
        last = end;
        next = resumeAt(r, spec.sortValue(end), desc);
        chunk = Math.min(MAX_CHUNK, Math.max(chunk, Math.ceil(ahead * 1.1)));
      }
      lists.push(found);
    }
    const filters = residual.map((c) => c.label).join(', ');
    return finish(lists.flat().sort(compare), `walk ${best.label} ${dir}${rangesText(best)} | ${filters}; ${note}read ${scanned}`);
  };

  return table.db.transaction('r', table, async () => {
    const source = residual.find((c) => !c.exclude) ?? conditions.find((c) => !c.exclude);
    if (options.plan === 'collect' && source) return collect(source, undefined, '');
    if (options.plan === 'keys' && source && residual.includes(source)) return keysScan(source, (await probe(source, Infinity)) as Set<string>, '');
    if (residual.length === 0 && options.plan !== 'walk') return read();
    return walk(options.plan === undefined);
  });
}
