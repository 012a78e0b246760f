/**
 * Browser benchmark (issue 5, lists at scale): the quote and customer lists over 100,000 quotes
 * and 20,000 customers in a real IndexedDB, in the system Chromium. Target: a filtered, sorted
 * first page (50 rows) in ≤ 50 ms, and the tab under 300 MB.
 *
 * A bench-only page (bench/browser/lists/) is built with Vite and served by `vite preview`; it
 * imports the app's own schema and queries (src/store). In a persistent profile (IndexedDB on
 * disk, as for a user), the page generates the data set (bench/listDataset.ts, seed 1) and
 * writes it in chunks, then the page is reloaded (a fresh connection) and each query is timed
 * in the page: WARMUP untimed runs, then RUNS timed ones.
 *
 * Metrics (stdout): `quotes.list.<query>.median|.p95` and `crm.customers.list.<query>.median|.p95`
 * (ms), `quotes.list.load_100k` (s: IndexedDB writes of both tables, generation excluded),
 * `quotes.list.generate_100k` (s), `quotes.list.tab_memory` (MB: the page's JS heap in use,
 * the largest of the samples after loading and after the queries, from DevTools
 * Performance.getMetrics). Each query's plan goes to stderr. No Chromium: one line on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';
import type { CustomerQuery } from '../../src/store/customerQueries.js';
import type { QuoteQuery } from '../../src/store/quoteQueries.js';
import { chromiumFlags, findChromium } from '../../test/support/browser.js';
import { emit, median, percentile, progress } from '../stats.js';
import type { LoadFigures, LoadOptions, TimeRequest, TimeResult } from './lists/protocol.js';

export const TARGET_FIRST_PAGE_MS = 50;
export const TARGET_TAB_MB = 300;

const PAGE_DIR = resolve(fileURLToPath(new URL('./lists', import.meta.url)));
const DATASET: LoadOptions = { seed: 1, quotes: 100_000, customers: 20_000, chunk: 2_000 };
const WARMUP = 3;
const RUNS = 25;
const PAGE = 50;

const OPEN_STATES = ['inquiry', 'solution_design', 'quoted', 'approval', 'sent'] as const;

/** Representative quote list views: the default, the filters one by one and together, searches. */
const QUOTE_QUERIES: Readonly<Record<string, QuoteQuery>> = {
  all_by_updated: { sort: 'updatedAt', direction: 'desc', limit: PAGE },
  state_quoted: { states: ['quoted'], sort: 'updatedAt', direction: 'desc', limit: PAGE },
  owner_open: { owner: 'li.na', states: [...OPEN_STATES], sort: 'updatedAt', direction: 'desc', limit: PAGE },
  product_line: { productLine: 'pumps', sort: 'updatedAt', direction: 'desc', limit: PAGE },
  date_range: { from: '2026-01-01', to: '2026-03-31', sort: 'quoteDate', direction: 'desc', limit: PAGE },
  date_range_by_total: { from: '2026-01-01', to: '2026-03-31', sort: 'totalMinor', direction: 'desc', limit: PAGE },
  won_by_total: { states: ['won'], sort: 'totalMinor', direction: 'desc', limit: PAGE },
  owner_by_customer: { owner: 'wang.fang', sort: 'customerName', direction: 'asc', limit: PAGE },
  search_customer_prefix: { search: '杭州', sort: 'updatedAt', direction: 'desc', limit: PAGE },
  search_cjk_substring: { search: '阀门', sort: 'updatedAt', direction: 'desc', limit: PAGE },
  search_number: { search: 'Q-2026-001', sort: 'number', direction: 'asc', limit: PAGE },
  search_product_owner: { search: '离心泵', owner: 'zhang.wei', sort: 'updatedAt', direction: 'desc', limit: PAGE },
  search_state_by_total: { search: '杭州', states: ['quoted'], sort: 'totalMinor', direction: 'desc', limit: PAGE },
  // Three broad filters no index combines, under a sort none of them is indexed with: the hard case.
  owner_line_year_by_total: { owner: 'wu.hua', productLine: 'actuators', from: '2025-07-01', to: '2026-06-30', sort: 'totalMinor', direction: 'desc', limit: PAGE },
};

const CUSTOMER_QUERIES: Readonly<Record<string, CustomerQuery>> = {
  all_by_name: { sort: 'name', direction: 'asc', limit: PAGE },
  tier_key: { tier: 'key', sort: 'name', direction: 'asc', limit: PAGE },
  owner_recent: { owner: 'li.na', sort: 'updatedAt', direction: 'desc', limit: PAGE },
  region_industry: { region: 'east', industry: 'water', sort: 'name', direction: 'asc', limit: PAGE },
  search_name: { search: '杭州', sort: 'name', direction: 'asc', limit: PAGE },
  search_contact: { search: 'anna', sort: 'updatedAt', direction: 'desc', limit: PAGE },
};

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the bench page into a temporary directory and serves it on a free port. */
async function servePage(): Promise<Served> {
  const outDir = mkdtempSync(join(tmpdir(), 'suanpan-list-bench-'));
  let server: PreviewServer | undefined;
  try {
    await build({ root: PAGE_DIR, configFile: false, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true, target: 'es2022' } });
    server = await preview({ root: PAGE_DIR, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
    const address = server.httpServer.address();
    if (address == null || typeof address === 'string') throw new Error(`vite preview is not listening on a TCP port (address: ${String(address)})`);
    const running = server;
    return {
      url: `http://127.0.0.1:${address.port}/`,
      async close() {
        await running.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
}

async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForFunction(() => window.listBench?.ready === true, undefined, { timeout: 30_000 });
  return page;
}

/** The page's JS heap in use, MB (DevTools Performance.getMetrics). */
async function heapUsedMB(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  return used / (1024 * 1024);
}

const ms = (xs: readonly number[]) => `median ${median(xs).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;

/**
 * Runs the list benchmark; figures on stdout, findings against the targets on stderr. Without
 * Chromium: one line on stderr, nothing measured.
 */
export async function benchQuoteLists(): Promise<void> {
  const lookup = findChromium();
  if (!lookup.found) {
    progress(`Chromium not found at ${lookup.missingPath}: skipping the list benchmark (install it with: apt-get install -y chromium)`);
    return;
  }
  progress('lists: building the bench page…');
  let served: Served | undefined;
  let context: BrowserContext | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'suanpan-list-profile-'));
  try {
    served = await servePage();
    // A persistent profile: IndexedDB on disk, as a user has it (a fresh context keeps it in memory).
    context = await chromium.launchPersistentContext(profile, { executablePath: lookup.executablePath, headless: true, args: [...chromiumFlags] });
    // tsx (esbuild, keepNames) wraps functions in `__name(fn, "name")`; the page needs the helper.
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await context.exposeFunction('benchProgress', (line: string) => progress(line));
    let page = await openPage(context, served.url);

    progress(`lists: writing ${DATASET.quotes.toLocaleString('en')} quotes and ${DATASET.customers.toLocaleString('en')} customers to IndexedDB…`);
    const loaded = (await page.evaluate((options) => window.listBench.load(options), DATASET)) as LoadFigures;
    if (loaded.quotes !== DATASET.quotes || loaded.customers !== DATASET.customers) {
      throw new Error(`the database holds ${loaded.quotes} quotes and ${loaded.customers} customers, expected ${DATASET.quotes} and ${DATASET.customers}`);
    }
    emit('quotes.list.load_100k', loaded.writeMs / 1000, 's');
    emit('quotes.list.generate_100k', loaded.generateMs / 1000, 's');
    progress(`lists: written in ${(loaded.writeMs / 1000).toFixed(1)} s (generated in ${(loaded.generateMs / 1000).toFixed(1)} s)`);

    let cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapSamples = [await heapUsedMB(cdp)];
    // A fresh page and connection, as when the app is opened on a full database.
    await page.reload();
    page = await openPage(context, served.url);
    cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    const findings: string[] = [];
    const timeOne = async (tag: string, request: TimeRequest) => {
      const r = (await page.evaluate((req) => window.listBench.time(req), request)) as TimeResult;
      const p95 = percentile(r.times, 95);
      emit(`${tag}.median`, median(r.times), 'ms');
      emit(`${tag}.p95`, p95, 'ms');
      progress(`  ${tag}: ${ms(r.times)}; ${r.rows} rows${r.hasMore ? ' and more' : ''}; plan: ${r.plan}`);
      if (p95 > TARGET_FIRST_PAGE_MS) findings.push(`${tag}: p95 ${p95.toFixed(1)} ms > ${TARGET_FIRST_PAGE_MS} ms (${r.plan})`);
    };
    progress(`lists: first page of ${PAGE}, ${WARMUP} warm-up runs, ${RUNS} timed runs each:`);
    for (const [name, query] of Object.entries(QUOTE_QUERIES)) await timeOne(`quotes.list.${name}`, { table: 'quotes', query, warmup: WARMUP, runs: RUNS });
    for (const [name, query] of Object.entries(CUSTOMER_QUERIES)) await timeOne(`crm.customers.list.${name}`, { table: 'customers', query, warmup: WARMUP, runs: RUNS });

    heapSamples.push(await heapUsedMB(cdp));
    const tabMB = Math.max(...heapSamples);
    emit('quotes.list.tab_memory', tabMB, 'MB');
    progress(`lists: JS heap in use ${heapSamples.map((h) => h.toFixed(1)).join(' MB after loading, ')} MB after the queries`);
    if (tabMB > TARGET_TAB_MB) findings.push(`tab memory ${tabMB.toFixed(0)} MB > ${TARGET_TAB_MB} MB`);
    progress(findings.length === 0 ? `lists: every first page within ${TARGET_FIRST_PAGE_MS} ms (p95) and the tab within ${TARGET_TAB_MB} MB` : `lists: over target:\n  ${findings.join('\n  ')}`);
  } catch (e) {
    progress(`lists: not measured: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  } finally {
    await context?.close();
    await served?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
