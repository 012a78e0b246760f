/**
 * The server seeds the demo workspace once, so browsers connected to it never seed their own
 * copies: each copy would create the same document names with different content, and merging
 * them would duplicate every row. The app's own seeding code runs here in Node (Dexie over
 * fake-indexeddb without touching globals, documents in memory) and each resulting document's
 * state goes into the document store.
 *
 * Call before the sync endpoint listens: a document open in Hocuspocus would overwrite what is
 * stored behind its back.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { z } from 'zod';
import { CustomerInput } from '../src/domain/crm/Customer.js';
import { PricingSettings } from '../src/domain/pricing/PricingSettings.js';
import type { DemoData } from '../src/sync/demo/seedDemo.js';
import { seedWorkspaceDocuments } from '../src/sync/demo/workspace.js';
import type { WorkspaceSeed } from '../src/sync/demo/workspace.js';
import type { DocumentStore } from './documents.js';

/** Who the store records as having seeded (`claimSeed`). */
export const SEEDED_BY = 'server';

export interface SeedOptions {
  /** The repository's `workbooks/` folder: example models, and `demo/` with policies and customers. */
  readonly workbooksDir: string;
  readonly log: (line: string) => void;
  /** The seeding day (demo quotes are dated relative to it); now when absent. */
  readonly now?: Date;
}

export interface SeedOutcome {
  /** True when this call claimed the seeding and ran it to the end (`documents` says what it stored). */
  readonly seeded: boolean;
  /** Names of the documents this call stored, sorted. */
  readonly documents: readonly string[];
}

const DemoCustomers = z.array(CustomerInput.extend({ id: z.string().min(1) }));

/**
 * Seed the demo workspace into `store` if no one has yet (atomic `claimSeed`: of several
 * instances sharing a store, one seeds). Never throws: problems are logged. Input files are
 * read and checked before claiming, so a broken checkout is retried at the next start; a
 * failure after the claim leaves the workspace unseeded (the claim is spent).
 */
export async function seedWorkspace(store: DocumentStore, options: SeedOptions): Promise<SeedOutcome> {
  const { log } = options;
  const nothing: SeedOutcome = { seeded: false, documents: [] };
  let seed: WorkspaceSeed;
  try {
    seed = await readSeed(options.workbooksDir);
  } catch (e) {
    log(`demo workspace not seeded: ${messageOf(e)}`);
    return nothing;
  }
  try {
    if (!(await store.claimSeed(SEEDED_BY))) return nothing;
  } catch (e) {
    log(`demo workspace not seeded: could not claim the seeding: ${messageOf(e)}`);
    return nothing;
  }
  let documents: ReadonlyMap<string, Uint8Array>;
  try {
    // A fresh IndexedDB of its own: nothing of this throwaway database outlives the call.
    const seeded = await seedWorkspaceDocuments(seed, { dexie: { indexedDB: new IDBFactory(), IDBKeyRange }, ...(options.now ? { now: options.now } : {}) });
    for (const problem of seeded.report.problems) log(problem);
    documents = seeded.documents;
  } catch (e) {
    log(`demo workspace not seeded (the seeding was claimed, so it is not retried): ${messageOf(e)}`);
    return nothing;
  }
  const stored: string[] = [];
  for (const [name, state] of [...documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    try {
      // Never over a document someone already wrote: merging two independent copies duplicates rows.
      if (await store.load(name)) {
        log(`demo document ${name} not seeded: the store already holds it`);
        continue;
      }
      await store.store(name, state);
      stored.push(name);
    } catch (e) {
      log(`demo document ${name} not seeded: ${messageOf(e)}`);
    }
  }
  log(`demo workspace seeded: ${stored.length} documents`);
  return { seeded: true, documents: stored };
}

/** The example workbooks and the demo data under `dir`, checked; throws naming the file at fault. */
async function readSeed(dir: string): Promise<WorkspaceSeed> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (e) {
    throw new Error(`cannot read the workbooks folder ${dir}: ${messageOf(e)}`, { cause: e });
  }
  const examples: Record<string, string> = {};
  for (const path of entries.filter((p) => p.endsWith('.workbook.json')).sort()) {
    // Keyed as includes name them: POSIX paths under workbooks/.
    examples[path.split(sep).join('/')] = await readText(join(dir, path));
  }
  if (Object.keys(examples).length === 0) throw new Error(`${dir} holds no *.workbook.json file`);
  const settingsFile = join(dir, 'demo', 'pricing-settings.json');
  const customersFile = join(dir, 'demo', 'customers.json');
  const settings = PricingSettings.safeParse(await readJson(settingsFile));
  if (!settings.success) throw new Error(`${settingsFile}: ${issuesOf(settings.error)}`);
  const customers = DemoCustomers.safeParse(await readJson(customersFile));
  if (!customers.success) throw new Error(`${customersFile}: ${issuesOf(customers.error)}`);
  const demo: DemoData = { settings: settings.data, customers: customers.data };
  return { examples, demo };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${messageOf(e)}`, { cause: e });
  }
}

async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${messageOf(e)}`, { cause: e });
  }
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'} ${i.message}`).join('; ');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
