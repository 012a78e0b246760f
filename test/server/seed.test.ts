/**
 * The server seeds the demo workspace once into its document store: the app's own seeding code
 * run in Node, every resulting document stored. Expectations are counted by hand from
 * workbooks/ and the demo quote list in src/sync/demo/seedDemo.ts, not read back from the seeder.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDocumentStore } from '../../server/documents.js';
import type { DocumentStore, StoredDocument } from '../../server/documents.js';
import { seedWorkspace } from '../../server/seed.js';
import type { SeedOutcome } from '../../server/seed.js';
import { openStore } from '../../server/store.js';
import type { Db } from '../../server/store.js';
import type { QuoteLineRecord, QuoteRecord } from '../../src/domain/quote/QuoteRecord.js';
import { quoteTotals } from '../../src/domain/quote/QuoteRecord.js';
import { CUSTOMERS_MAP } from '../../src/sync/crm/customerBook.js';
import { readPricing } from '../../src/sync/directory/directoryStore.js';
import { docToWorkbook } from '../../src/sync/model/modelDoc.js';
import { readQuote } from '../../src/sync/quote/quoteDoc.js';
import { workbookFiles } from '../support/workbooks.js';

const WORKBOOKS = resolve('workbooks');
const dirs: string[] = [];
const dbs: Db[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-seed-'));
  dirs.push(dir);
  return dir;
}

function openDocuments(): DocumentStore {
  const db = openStore(tempDir());
  dbs.push(db);
  return sqliteDocumentStore(db);
}

afterAll(() => {
  for (const db of dbs) db.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The demo quotes of seedDemo.ts, by hand: customer, the state its actions lead to, and how
 * many lines (sections included) it has. (customer, state) is unique.
 */
const DEMO_QUOTES: readonly (readonly [customer: string, state: string, lines: number])[] = [
  ['c-hz-valve', 'inquiry', 5],
  ['c-cd-water', 'inquiry', 0],
  ['c-sz-robot', 'solution_design', 1],
  ['c-nb-solar', 'solution_design', 1],
  ['c-sh-pharma', 'quoted', 2],
  ['c-de-anlagen', 'quoted', 2],
  ['c-gz-hvac', 'approval', 1],
  ['c-bj-rail', 'sent', 3],
  ['c-tj-chem', 'sent', 1],
  ['c-hz-valve', 'won', 2],
  ['c-nb-solar', 'won', 1],
  ['c-cq-auto', 'lost', 1],
  ['c-sg-marine', 'lost', 1],
  ['c-ks-electric', 'expired', 1],
];

/** Model ids straight from the files (modules included: each file becomes a document). */
function exampleModelIds(): string[] {
  return workbookFiles('workbooks').map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { id: string }).id);
}

function docOf(state: Uint8Array | undefined, name: string): Y.Doc {
  if (!state) throw new Error(`${name} is not stored`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** Half away from zero of a / b for non-negative integers, in BigInt: a second path to the minor-unit rounding. */
function divRound(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

/** Quote totals recomputed in integers from the records: net of included lines, VAT once on net + freight. */
function totalsByHand(quote: QuoteRecord): { net: bigint; vat: bigint; total: bigint } {
  let net = 0n;
  for (const line of quote.lines) {
    if (line.kind === 'section' || (line.inclusion !== 'standard' && !line.chosen)) continue;
    // Demo quantities are whole; percentages have at most two decimals.
    expect(Number.isInteger(line.quantity)).toBe(true);
    const gross = BigInt(line.quantity) * BigInt(line.unitPriceMinor);
    const discount = divRound(gross * BigInt(Math.round(line.discountPct * 100)), 10_000n);
    net += gross - discount;
  }
  const taxable = net + BigInt(quote.header.freightMinor);
  const vat = divRound(taxable * BigInt(Math.round(quote.header.vatRatePct * 100)), 10_000n);
  return { net, vat, total: taxable + vat };
}

function configuredLines(lines: readonly QuoteLineRecord[]) {
  return lines.flatMap((l) => (l.kind === 'configured' ? [l] : []));
}

describe('seedWorkspace', () => {
  let documents: DocumentStore;
  let first: SeedOutcome;
  const logged: string[] = [];
  let listed: StoredDocument[];

  beforeAll(async () => {
    documents = openDocuments();
    first = await seedWorkspace(documents, { workbooksDir: WORKBOOKS, log: (l) => logged.push(l) });
    listed = await documents.list();
  }, 120_000);

  it('seeds the directory, the crm, every example model and the 14 demo quotes, and nothing else', () => {
    expect(first.seeded).toBe(true);
    const quoteNames = first.documents.filter((n) => n.startsWith('quote:'));
    expect(quoteNames).toHaveLength(DEMO_QUOTES.length);
    expect(DEMO_QUOTES.length).toBe(14);
    const expected = ['crm', 'directory', ...exampleModelIds().map((id) => `model:${id}`), ...quoteNames].sort();
    expect([...first.documents].sort()).toEqual(expected);
    expect(listed.map((d) => d.name)).toEqual(expected);
    // No problem reported: only the summary line.
    expect(logged).toEqual([`demo workspace seeded: ${expected.length} documents`]);
  });

  it('leaves the process globals alone (Dexie ran over its own fake IndexedDB)', () => {
    expect('indexedDB' in globalThis).toBe(false);
    expect('IDBKeyRange' in globalThis).toBe(false);
  });

  it('stores readable policies, the demo customers and the example models', async () => {
    const directory = readPricing(docOf(await documents.load('directory'), 'directory'));
    expect(directory.ok).toBe(true);
    const customers = JSON.parse(readFileSync('workbooks/demo/customers.json', 'utf8')) as { id: string }[];
    const crm = docOf(await documents.load('crm'), 'crm').getMap(CUSTOMERS_MAP);
    expect([...crm.keys()].sort()).toEqual(customers.map((c) => c.id).sort());
    for (const id of exampleModelIds()) {
      const file = workbookFiles('workbooks').find((f) => (JSON.parse(readFileSync(f, 'utf8')) as { id: string }).id === id) as string;
      const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { name: unknown; version: string };
      const workbook = docToWorkbook(docOf(await documents.load(`model:${id}`), id));
      expect(workbook.id).toBe(id);
      expect(workbook.name).toEqual(onDisk.name);
      expect(workbook.version).toBe(onDisk.version);
    }
  });

  it('stores every demo quote readable, in its state, with consistent totals', async () => {
    const seen: [string, string, number][] = [];
    const modelIds = new Set(exampleModelIds());
    for (const name of first.documents.filter((n) => n.startsWith('quote:'))) {
      const read = readQuote(docOf(await documents.load(name), name));
      if (!read.ok) throw new Error(`${name}: ${read.problems.join('; ')}`);
      const { quote } = read;
      expect(name).toBe(`quote:${quote.header.id}`);
      seen.push([quote.header.customerId, quote.header.state, quote.lines.length]);
      const byHand = totalsByHand(quote);
      const totals = quoteTotals(quote.header, quote.lines);
      expect(BigInt(totals.netMinor)).toBe(byHand.net);
      expect(BigInt(totals.vatMinor)).toBe(byHand.vat);
      expect(BigInt(totals.totalMinor)).toBe(byHand.total);
      if (quote.lines.some((l) => l.kind !== 'section')) expect(totals.totalMinor).toBeGreaterThan(0);
      for (const line of configuredLines(quote.lines)) {
        // The list price is the model's price moved by each policy step, and the model is stored too.
        expect(line.unitPriceMinor).toBe(line.modelUnitPriceMinor + line.policySteps.reduce((sum, s) => sum + s.deltaMinor, 0));
        expect(modelIds.has(line.modelId)).toBe(true);
      }
    }
    const key = ([customer, state]: readonly [string, string, number]) => `${customer} ${state}`;
    expect(seen.sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...DEMO_QUOTES].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('seeds nothing and changes nothing the second time', async () => {
    const before = new Map<string, Uint8Array | undefined>();
    for (const d of listed) before.set(d.name, await documents.load(d.name));
    const again: string[] = [];
    const second = await seedWorkspace(documents, { workbooksDir: WORKBOOKS, log: (l) => again.push(l) });
    expect(second).toEqual({ seeded: false, documents: [] });
    expect(again).toEqual([]);
    expect(await documents.list()).toEqual(listed);
    for (const d of listed) expect(await documents.load(d.name)).toEqual(before.get(d.name));
  });
});

describe('seedWorkspace with bad input', () => {
  it('reports a broken demo file by name and leaves the seeding unclaimed for the next start', async () => {
    const dir = tempDir();
    cpSync(WORKBOOKS, dir, { recursive: true });
    rmSync(join(dir, 'demo', 'customers.json'));
    const documents = openDocuments();
    const logged: string[] = [];
    expect(await seedWorkspace(documents, { workbooksDir: dir, log: (l) => logged.push(l) })).toEqual({ seeded: false, documents: [] });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(join(dir, 'demo', 'customers.json'));
    expect(await documents.list()).toEqual([]);
    // Not claimed: the first claim still succeeds.
    expect(await documents.claimSeed('someone')).toBe(true);
  });

  it('reports an invalid customer by its place in the file', async () => {
    const dir = tempDir();
    cpSync(WORKBOOKS, dir, { recursive: true });
    const file = join(dir, 'demo', 'customers.json');
    const customers = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
    customers[2] = { ...customers[2], tier: 7 };
    writeFileSync(file, JSON.stringify(customers));
    const logged: string[] = [];
    expect(await seedWorkspace(openDocuments(), { workbooksDir: dir, log: (l) => logged.push(l) })).toEqual({ seeded: false, documents: [] });
    expect(logged.join('\n')).toMatch(/customers\.json: 2\.tier /);
  });

  it('never writes over a document the store already holds', async () => {
    const documents = openDocuments();
    const mine = new Y.Doc();
    mine.getMap(CUSTOMERS_MAP).set('c-mine', { note: 'written before the seeding' });
    const state = Y.encodeStateAsUpdate(mine);
    await documents.store('crm', state);
    const logged: string[] = [];
    const outcome = await seedWorkspace(documents, { workbooksDir: WORKBOOKS, log: (l) => logged.push(l) });
    expect(outcome.seeded).toBe(true);
    expect(outcome.documents).not.toContain('crm');
    expect(outcome.documents).toContain('directory');
    expect(await documents.load('crm')).toEqual(state);
    expect(logged).toContain('demo document crm not seeded: the store already holds it');
  }, 60_000);

  it('says which folder it cannot read', async () => {
    const logged: string[] = [];
    const missing = join(tempDir(), 'no-such-folder');
    expect(await seedWorkspace(openDocuments(), { workbooksDir: missing, log: (l) => logged.push(l) })).toEqual({ seeded: false, documents: [] });
    expect(logged[0]).toContain(missing);
  });

  it('never crashes on a store that fails, and keeps the seeding of another instance', async () => {
    const failing: DocumentStore = {
      load: () => Promise.resolve(undefined),
      store: () => Promise.resolve(),
      list: () => Promise.resolve([]),
      claimSeed: () => Promise.reject(new Error('database is locked')),
      nextInSequence: () => Promise.reject(new Error('database is locked')),
      close: () => Promise.resolve(),
    };
    const logged: string[] = [];
    expect(await seedWorkspace(failing, { workbooksDir: WORKBOOKS, log: (l) => logged.push(l) })).toEqual({ seeded: false, documents: [] });
    expect(logged[0]).toContain('database is locked');
    const claimedElsewhere: DocumentStore = { ...failing, claimSeed: () => Promise.resolve(false) };
    expect(await seedWorkspace(claimedElsewhere, { workbooksDir: WORKBOOKS, log: (l) => logged.push(l) })).toEqual({ seeded: false, documents: [] });
  });
});
