/**
 * Convergence harness (issue 6, Checks): five replicas of a model document and of a quote
 * document edit through the real commands over a simulated network that disconnects,
 * reconnects, reorders, duplicates and replays updates (convergence/network.ts). Once
 * everything is delivered every replica must hold the same document, and every replica's
 * engine (a live binding, engineBinding.ts) must give the same values as a model rebuilt from
 * the merged document. Each seed fixes a run entirely (edits, schedule, ids, Yjs client ids).
 *
 * - `npm test`: 200 seeds. `SUANPAN_CONVERGENCE_SEEDS=10000`: that many.
 * - `SUANPAN_CONVERGENCE_SEED=<n>`: that seed alone (the recipe printed for a failure).
 * - Engine loads are what costs (tens of milliseconds each for the small model, hundreds for an
 *   example), so engines are bound on every ENGINE_EVERY-th seed and the example workbooks are
 *   used on every EXAMPLE_EVERY-th; the other seeds check the documents only.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initQuote, moveLine, readQuote, removeLine, replaceLine } from '../../src/sync/quote/quoteDoc.js';
import type { QuoteHeader, QuoteLineRecord } from '../../src/domain/quote/QuoteRecord.js';
import { runModelSeed } from './convergence/modelRun.js';
import type { ModelRunReport, RunSize } from './convergence/modelRun.js';
import { EXAMPLE_FILES, exampleModel, smallModel } from './convergence/models.js';
import type { ModelSpec } from './convergence/models.js';
import { runQuoteSeed } from './convergence/quoteRun.js';
import type { QuoteRunReport } from './convergence/quoteRun.js';
import { canonical, differences } from './convergence/compare.js';
import { Network } from './convergence/network.js';
import { Random } from './convergence/random.js';
import { FIXTURE_AT, fixtureHeader } from '../support/quoteFixtures.js';

const REPLICAS = 5;
const ENGINE_EVERY = 10;
const EXAMPLE_EVERY = 200;

/**
 * Seeds kept as named regression cases, each with what it caught or exercises. They run in
 * every `npm test`, with the same model and size as in the main run.
 */
const KNOWN_SEEDS: readonly { readonly seed: number; readonly note: string }[] = [
  {
    seed: 91,
    note:
      'a replica short of an update saw parameter "margin" without its bind (Yjs applies an update\'s deletions at once, its insertions only once their predecessors arrive) and updateRecord refused an edit. ' +
      'First hit while building, as a false alarm of the harness; a refusal now passes only while the replica holds pending updates',
  },
  { seed: 10, note: 'nine row and column inserts and deletes on Data, Calc, Inputs and Out from four replicas, delivered out of order: three #REF! cells, the same on every engine and in the rebuild' },
  { seed: 20, note: 'Data loses columns and rows on three replicas, two of them offline, while rows are inserted elsewhere: two #REF! cells agree' },
  { seed: 140, note: 'rows of Data and Calc deleted by three replicas at once, with inserts around them: five #REF! cells agree' },
  { seed: 370, note: 'the row of parameter qty\'s cell is deleted (twelve messages lost on disconnect, healed by state-vector sync): the merged model does not load, and every replica reports the rebuild\'s error' },
  { seed: 173, note: 'quote: two replicas moved line r4-1 at once and it was duplicated, when moveLine deleted and reinserted the line; now it must stay single' },
];

function wholeNumberFromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number of 0 or more, got ${JSON.stringify(text)}`);
  return n;
}

const onlySeed = wholeNumberFromEnv('SUANPAN_CONVERGENCE_SEED');
const seeds = onlySeed !== undefined ? [onlySeed] : Array.from({ length: wholeNumberFromEnv('SUANPAN_CONVERGENCE_SEEDS') ?? 200 }, (_, i) => i);

function modelFor(seed: number): ModelSpec {
  if (seed % EXAMPLE_EVERY !== EXAMPLE_EVERY / 2) return smallModel;
  return exampleModel(EXAMPLE_FILES[Math.floor(seed / EXAMPLE_EVERY) % EXAMPLE_FILES.length] as string);
}

function sizeFor(seed: number): RunSize {
  const example = modelFor(seed) !== smallModel;
  // An example costs ~0.3 s per engine load: fewer steps, no mid-run check.
  return example ? { replicas: REPLICAS, steps: 30, midChecks: 0, engines: true } : { replicas: REPLICAS, steps: 40, midChecks: 1, engines: seed % ENGINE_EVERY === 0 };
}

const QUOTE_SIZE = { replicas: REPLICAS, steps: 30 };

const recipe = (seed: number) => `SUANPAN_CONVERGENCE_SEED=${seed} SUANPAN_SKIP_BUILD=1 npx vitest run test/fuzz/convergence.test.ts`;

interface Failure {
  readonly seed: number;
  readonly message: string;
}

function report(kind: string, failures: readonly Failure[]): string {
  return failures.map((f) => `${kind} seed ${f.seed} failed; reproduce with: ${recipe(f.seed)}\n${f.message}`).join('\n\n');
}

/** Run `fn` for each seed, collecting failures (printed as they happen) instead of stopping at the first. */
async function eachSeed<R>(kind: string, list: readonly number[], fn: (seed: number) => Promise<R> | R): Promise<{ results: R[]; failures: Failure[] }> {
  const results: R[] = [];
  const failures: Failure[] = [];
  for (const seed of list) {
    try {
      results.push(await fn(seed));
    } catch (e) {
      const failure = { seed, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      failures.push(failure);
      console.error(report(kind, [failure]));
      if (failures.length >= 5) break;
    }
  }
  return { results, failures };
}

const sum = <T>(list: readonly T[], f: (x: T) => number) => list.reduce((n, x) => n + f(x), 0);
const timeout = (count: number, perSeed: number) => Math.max(120_000, count * perSeed);

describe('convergence harness', () => {
  it(`model documents converge and engines agree with a rebuild (${seeds.length} seeds)`, async () => {
    const { results, failures } = await eachSeed('model', seeds, (seed) => runModelSeed(seed, modelFor(seed), sizeFor(seed)));
    expect(failures, report('model', failures)).toEqual([]);
    const withEngines = results.filter((r) => r.loadable !== undefined && r.engineChecks > 0);
    const summary = {
      seeds: results.length,
      engineSeeds: withEngines.length,
      loadable: withEngines.filter((r) => r.loadable).length,
      edits: sum(results, (r) => r.edits),
      refusedWhilePending: sum(results, (r) => r.refusals),
      refCells: sum(results, (r) => r.refErrors),
      ...networkTotals(results),
    };
    console.log(`convergence (model): ${JSON.stringify(summary)}`);
    if (seeds.length >= 100) {
      // The harness must keep doing what it claims: most merged models load (so values, not
      // just errors, are compared), some cells read #REF!, and the network did drop,
      // duplicate, replay and reconnect. (Too few seeds, as in a one-seed replay, prove nothing.)
      expect(summary.loadable).toBeGreaterThanOrEqual(Math.ceil(withEngines.length * 0.6));
      expect(summary.refCells).toBeGreaterThan(0);
      expect(Math.min(summary.dropped, summary.duplicated, summary.reconnects, summary.replayed)).toBeGreaterThan(0);
    }
  }, timeout(seeds.length, 2_000));

  it(`quote documents converge (${seeds.length} seeds)`, async () => {
    const { results, failures } = await eachSeed('quote', seeds, (seed) => runQuoteSeed(seed, QUOTE_SIZE));
    expect(failures, report('quote', failures)).toEqual([]);
    const summary = {
      seeds: results.length,
      edits: sum(results, (r) => r.edits),
      refusedWhilePending: sum(results, (r) => r.refusals),
      unreadable: results.filter((r) => r.unreadable.length > 0).length,
      duplicatedLines: results.filter((r) => r.duplicateLines.length > 0).length,
      ...networkTotals(results),
    };
    console.log(`convergence (quote): ${JSON.stringify(summary)}`);
    // The app never changes a line's kind, and field edits are merged key by key: nothing
    // the harness does may leave a quote that does not read back.
    expect(summary.unreadable).toBe(0);
    // A move writes only the line's order key: no line may ever appear twice (seed 173 did, before).
    expect(summary.duplicatedLines).toBe(0);
  }, timeout(seeds.length, 500));

  it.each(KNOWN_SEEDS)('known seed $seed', async ({ seed }) => {
    const model = await eachSeed('model', [seed], (s) => runModelSeed(s, modelFor(s), sizeFor(s)));
    expect(model.failures, report('model', model.failures)).toEqual([]);
    const quote = await eachSeed('quote', [seed], (s) => runQuoteSeed(s, QUOTE_SIZE));
    expect(quote.failures, report('quote', quote.failures)).toEqual([]);
    expect(quote.results.flatMap((r) => r.duplicateLines)).toEqual([]);
  }, 120_000);

  it('replays a seed exactly (so a printed recipe reproduces the failure)', async () => {
    const seed = 3;
    const first = await runModelSeed(seed, smallModel, sizeFor(seed));
    const second = await runModelSeed(seed, smallModel, sizeFor(seed));
    expect(second.trace).toEqual(first.trace);
    expect(second.network).toEqual(first.network);
    // Same ids too: the run's own id generator is seeded.
    expect(second.contentHash).toEqual(first.contentHash);
    expect(first.contentHash).not.toEqual((await runModelSeed(seed + 1, smallModel, sizeFor(seed + 1))).contentHash);
    expect(first.edits).toBeGreaterThan(10);
    expect(runQuoteSeed(seed, QUOTE_SIZE)).toEqual(runQuoteSeed(seed, QUOTE_SIZE));
    // The seeded id generator is gone again: only the platform's remains.
    expect(Object.hasOwn(globalThis.crypto, 'getRandomValues')).toBe(false);
  }, 60_000);

  it('the simulated network delivers everything once all reconnect, whatever it dropped', () => {
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const net = new Network(docs, new Random(5), { duplicate: 0.5, dropOnDisconnect: 1 });
    docs[0]?.getArray<number>('a').push([1]);
    net.disconnect(1);
    docs[1]?.getArray<number>('a').push([2]); // buffered: replica 1 is offline
    docs[2]?.getArray<number>('a').push([3]);
    net.deliver(100);
    // Replica 1 received nothing (everything in flight to it was dropped, or waits for it).
    expect(docs[1]?.getArray<number>('a').toArray()).toEqual([2]);
    net.deliverAll();
    const contents = docs.map((d) => d.getArray<number>('a').toArray().sort());
    expect(contents).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    expect(net.pending).toBe(0);
  });

  it('compares as the checks need: keys in any order, floats to the last bits, and says where', () => {
    expect(canonical({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe('{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}');
    expect(differences({ x: [1, 2] }, { x: [1, 3, 4] })).toEqual(['$.x[1]: 2 ≠ 3', '$.x[2]: missing ≠ 4']);
    expect(differences(0.1 + 0.2, 0.3)).toEqual([]);
    expect(differences(1, 1.0001)).toEqual(['$: 1 ≠ 1.0001']);
    expect(differences({ e: '#error:REF' }, { e: '#error:VALUE' })).toEqual(['$.e: "#error:REF" ≠ "#error:VALUE"']);
  });

  it('draws the same numbers for the same seed, and others for another', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const draws = (r: Random) => Array.from({ length: 50 }, () => r.uint32());
    const fromA = draws(a);
    expect(draws(b)).toEqual(fromA);
    expect(draws(c)).not.toEqual(fromA);
    // Uniform enough for a scheduler: each of 4 buckets gets 25 % ± 2 % of 20,000 draws.
    const buckets = [0, 0, 0, 0];
    const r = new Random(1);
    for (let i = 0; i < 20_000; i++) (buckets[r.int(4)] as number)++;
    for (const n of buckets) expect(Math.abs(n - 5_000)).toBeLessThan(400);
  });
});

function networkTotals(results: readonly (ModelRunReport | QuoteRunReport)[]) {
  return {
    delivered: sum(results, (r) => r.network.delivered),
    duplicated: sum(results, (r) => r.network.duplicated),
    dropped: sum(results, (r) => r.network.dropped),
    reconnects: sum(results, (r) => r.network.reconnects),
    replayed: sum(results, (r) => r.network.replayed),
  };
}

describe('quote line moves, as the harness found them (src/sync/quote/quoteDoc.ts)', () => {
  const at = FIXTURE_AT;
  const header: QuoteHeader = fixtureHeader({ id: 'q-1', number: 'Q-1', paymentTerms: '', defaultDiscountPct: 0, freightMinor: 0, state: 'quoted' });
  const line = (id: string): QuoteLineRecord => ({
    kind: 'catalogue',
    id,
    sku: 's',
    description: id,
    quantity: 1,
    unit: 'pc',
    unitPriceMinor: 100,
    unitCostMinor: 50,
    discountPct: 0,
    inclusion: 'standard',
    chosen: true,
  });

  // moveLine used to delete the line and insert a copy: two replicas moving one line at once
  // left two copies (seed 173), and an edit or removal made meanwhile was lost or undone. A
  // move now writes only the line's order key. Each case worked out by hand.
  function pair(): [Y.Doc, Y.Doc] {
    const a = new Y.Doc();
    expect(initQuote(a, header, [line('l1'), line('l2'), line('l3')], { at, revision: 1, kind: 'created', by: 't' }, 't').ok).toBe(true);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    return [a, b];
  }
  function exchange(a: Y.Doc, b: Y.Doc): void {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  }
  const ids = (doc: Y.Doc) => {
    const read = readQuote(doc);
    if (!read.ok) throw new Error(read.problems.join('; '));
    return read.quote.lines.map((l) => l.id);
  };

  it('two replicas moving the same line at once keep one copy, in the same place on both', () => {
    const [a, b] = pair();
    expect(moveLine(a, 'l1', 2, 'a').ok).toBe(true);
    expect(moveLine(b, 'l1', 1, 'b').ok).toBe(true);
    expect(ids(a)).toEqual(['l2', 'l3', 'l1']);
    expect(ids(b)).toEqual(['l2', 'l1', 'l3']);
    exchange(a, b);
    expect(ids(a)).toEqual(ids(b));
    expect([...ids(a)].sort()).toEqual(['l1', 'l2', 'l3']);
    expect(ids(a)[0]).toBe('l2');
  });

  it('an edit of a line made while another replica moves it is kept', () => {
    const [a, b] = pair();
    expect(moveLine(a, 'l1', 2, 'a').ok).toBe(true);
    const read = readQuote(b);
    if (!read.ok) throw new Error('unreadable');
    const l1 = read.quote.lines[0];
    if (!l1 || l1.kind === 'section') throw new Error('l1 is not a priced line');
    expect(replaceLine(b, { ...l1, quantity: 7 }, 'b').ok).toBe(true);
    exchange(a, b);
    for (const doc of [a, b]) {
      const q = readQuote(doc);
      if (!q.ok) throw new Error('unreadable');
      expect(q.quote.lines.map((l) => l.id)).toEqual(['l2', 'l3', 'l1']);
      const moved = q.quote.lines[2];
      expect(moved && moved.kind !== 'section' ? moved.quantity : undefined).toBe(7);
    }
  });

  it('a line removed while another replica moves it stays removed', () => {
    const [a, b] = pair();
    expect(moveLine(a, 'l1', 2, 'a').ok).toBe(true);
    expect(removeLine(b, 'l1', 'b').ok).toBe(true);
    exchange(a, b);
    expect(ids(a)).toEqual(['l2', 'l3']);
    expect(ids(b)).toEqual(['l2', 'l3']);
  });
});
