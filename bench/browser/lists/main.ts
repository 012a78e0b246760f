/**
 * The list benchmark's page (bench/browser/quoteLists.ts drives it): generates the data set in
 * the page, writes it to a real IndexedDB through the app's own schema, and times the app's
 * own list queries. Exposes `window.listBench`; nothing here is timed across DevTools.
 */
import { Dexie } from 'dexie';
import { generateCustomers, generateQuotes } from '../../listDataset.js';
import { queryCustomers } from '../../../src/store/customerQueries.js';
import type { CustomerQuery } from '../../../src/store/customerQueries.js';
import { SuanpanDb } from '../../../src/store/db.js';
import { queryQuotes } from '../../../src/store/quoteQueries.js';
import type { QuoteQuery } from '../../../src/store/quoteQueries.js';
import type { QuoteEntry } from '../../../src/store/quoteEntry.js';
import type { ListBench, LoadFigures, LoadOptions, TimeRequest, TimeResult } from './protocol.js';

declare global {
  interface Window {
    listBench: ListBench;
    /** Progress lines for the driver's stderr (exposed by Playwright). */
    benchProgress?: (line: string) => Promise<void>;
  }
}

const DB_NAME = 'suanpan-list-bench';
let db: SuanpanDb | undefined;

function open(): SuanpanDb {
  db ??= new SuanpanDb(DB_NAME);
  return db;
}

async function load(options: LoadOptions): Promise<LoadFigures> {
  db?.close();
  db = undefined;
  await Dexie.delete(DB_NAME);
  const target = open();
  await target.open();
  const say = (line: string) => void window.benchProgress?.(line);
  let generateMs = 0;
  let writeMs = 0;
  let t = performance.now();
  const customers = generateCustomers(options);
  generateMs += performance.now() - t;
  t = performance.now();
  for (let i = 0; i < customers.length; i += options.chunk) await target.customers.bulkAdd(customers.slice(i, i + options.chunk));
  writeMs += performance.now() - t;
  let chunk: QuoteEntry[] = [];
  let written = 0;
  const flush = async () => {
    const w = performance.now();
    await target.quotes.bulkAdd(chunk);
    writeMs += performance.now() - w;
    written += chunk.length;
    chunk = [];
    if (written % (options.chunk * 10) === 0) say(`  ${written.toLocaleString('en')} quotes written (${(writeMs / 1000).toFixed(1)} s writing, ${(generateMs / 1000).toFixed(1)} s generating)`);
  };
  t = performance.now();
  for (const quote of generateQuotes(customers, options)) {
    chunk.push(quote);
    if (chunk.length === options.chunk) {
      generateMs += performance.now() - t;
      await flush();
      t = performance.now();
    }
  }
  generateMs += performance.now() - t;
  if (chunk.length > 0) await flush();
  return { generateMs, writeMs, quotes: await target.quotes.count(), customers: await target.customers.count() };
}

async function time(request: TimeRequest): Promise<TimeResult> {
  const target = open();
  const run = () => (request.table === 'quotes' ? queryQuotes(target, request.query as QuoteQuery) : queryCustomers(target, request.query as CustomerQuery));
  let last = await run();
  for (let i = 1; i < request.warmup; i++) last = await run();
  const times: number[] = [];
  for (let i = 0; i < request.runs; i++) {
    const t0 = performance.now();
    last = await run();
    times.push(performance.now() - t0);
  }
  return { times, plan: last.plan, rows: last.rows.length, hasMore: last.hasMore };
}

window.listBench = { load, time, ready: true };
