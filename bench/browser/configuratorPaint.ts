/**
 * Browser benchmark (issue 3): a form edit in the configurator → the new unit price painted,
 * in Chromium, for every example product. Target: p95 ≤ 16 ms, one frame.
 *
 * The production build is served by `vite preview` and driven with playwright-core in the
 * system Chromium (test/support/browser.ts). Per model: open /configure/<id>, wait for the
 * price, replay the edit plan once untimed (bench/browser/editPlan.ts) to learn which edits
 * change the unit price, then time edits in the page (bench/browser/inPage.ts) until enough
 * samples are in. Edits that leave the figure as it was, or turn it into an error code, are
 * still applied in their place (so every edit leads between the same configurations) but
 * not timed.
 *
 * Metrics (stdout, ms): `ui.configurator.<model>.edit_to_paint.median|.p95|.count`,
 * `.edit_to_dom.median|.p95` (the figure's text changed, before rendering), and
 * `ui.configurator.edit_to_paint.p95_max` over the models. No Chromium: one line on
 * stderr and nothing measured, under CI too (the benchmark is not part of CI).
 */
import type { Browser } from 'playwright-core';
import { findChromium, launchChromium, serveBuiltApp } from '../../test/support/browser.js';
import type { ServedApp } from '../../test/support/browser.js';
import { emit, median, metricSegment, percentile, progress } from '../stats.js';
import { discoverProductModels, editPlan } from './editPlan.js';
import type { Edit, ProductModel } from './editPlan.js';
import { missingControls, runEdits } from './inPage.js';
import type { TimeResult, TimeRun, VerifyResult, VerifyRun } from './inPage.js';

export const TARGET_EDIT_TO_PAINT_P95_MS = 16;

/** How many timed edits per model, after how many thrown away (besides the first, untimed pass). */
const SAMPLES = 120;
const WARMUP = 10;
/** The first page of a fresh browser context may seed its storage: be patient. */
const READY_TIMEOUT_MS = 90_000;
/** First pass: an edit that has not changed the figure after this does not change it. */
const VERIFY_TIMEOUT_MS = 500;
/** Timed pass: an edit known to change the figure that has not after this is an error. */
const TIMED_TIMEOUT_MS = 5_000;

export interface Finding {
  readonly what: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
}

/** A money figure, not an error code (`#N/A`) or nothing. */
const isFigure = (text: string) => /\d/.test(text) && !text.includes('#');

const ms = (xs: readonly number[]) => `median ${median(xs).toFixed(2)} ms, p95 ${percentile(xs, 95).toFixed(2)} ms`;

/**
 * Runs the suite; returns the comparisons with the target for the caller to report (nothing
 * when Chromium is missing). A model that cannot be measured is reported on stderr and left out.
 */
export async function benchConfiguratorPaint(): Promise<Finding[]> {
  const lookup = findChromium();
  if (!lookup.found) {
    progress(`Chromium not found at ${lookup.missingPath}: skipping the browser benchmark (install it with: apt-get install -y chromium)`);
    return [];
  }
  const discovered = await discoverProductModels();
  for (const d of discovered) if (!d.ok) progress(`ui: ${d.file} does not parse, not measured: ${d.problem}`);
  const models = discovered.flatMap((d) => (d.ok ? [d.model] : []));
  if (models.length === 0) {
    progress('ui: no example product in workbooks/: nothing to measure');
    return [];
  }

  progress(`ui: building the app and starting ${lookup.executablePath}…`);
  const started = performance.now();
  const [served, launched] = await Promise.allSettled([serveBuiltApp(), launchChromium(lookup.executablePath)]);
  const app: ServedApp | undefined = served.status === 'fulfilled' ? served.value : undefined;
  const browser: Browser | undefined = launched.status === 'fulfilled' ? launched.value : undefined;
  const findings: Finding[] = [];
  try {
    if (!app || !browser) {
      // The engine figures already printed stand; the run still ends in failure.
      for (const r of [served, launched]) if (r.status === 'rejected') progress(`ui: not measured: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
      process.exitCode = 1;
      return [];
    }
    progress(`ui: app served at ${app.url} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    const p95s: number[] = [];
    for (const model of models) {
      const p95 = await benchModel(browser, app.url, model);
      if (p95 === undefined) continue;
      p95s.push(p95);
      findings.push({ what: `${model.id}: form edit → new price painted, p95`, value: p95, limit: TARGET_EDIT_TO_PAINT_P95_MS, unit: 'ms' });
    }
    if (p95s.length > 0) emit('ui.configurator.edit_to_paint.p95_max', Math.max(...p95s), 'ms');
  } finally {
    await browser?.close();
    await app?.close();
  }
  return findings;
}

/** One model: its p95 edit → paint, or undefined (reported) when it could not be measured. */
async function benchModel(browser: Browser, baseUrl: string, model: ProductModel): Promise<number | undefined> {
  const tag = `ui.configurator.${metricSegment(model.id)}`;
  progress(`${model.file} in the browser:`);
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 } });
  try {
    // tsx (esbuild, keepNames) wraps functions in `__name(fn, "name")`; Playwright sends the
    // function's text to the page, where that helper must exist too.
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    const page = await context.newPage();
    await page.goto(new URL(`configure/${encodeURIComponent(model.id)}`, baseUrl).href);
    const ready = await page
      .waitForFunction(
        () => {
          const text = document.querySelector('[data-price="unit-price"] dd')?.textContent ?? '';
          if (/\d/.test(text)) return 'ready';
          // Without a price, a problem shown is why (a warning beside a price is not fatal).
          const problem = document.querySelector('.configurator-problem');
          return problem ? `the page shows "${problem.textContent ?? ''}"` : false;
        },
        undefined,
        { timeout: READY_TIMEOUT_MS },
      )
      .then((h) => h.jsonValue())
      .catch((e: unknown) => `no unit price shown after ${READY_TIMEOUT_MS / 1000} s (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    if (ready !== 'ready') {
      progress(`  not measured: ${String(ready)}`);
      return undefined;
    }

    const notes = await page.evaluate(() => [...document.querySelectorAll('.configurator-problem')].map((p) => p.textContent ?? ''));
    if (notes.length > 0) progress(`  the page warns: ${notes.join('; ')}`);

    let edits = editPlan(model.parameters);
    const missing = await page.evaluate(missingControls, [...new Set(edits.map((e) => e.field))]);
    if (missing.length > 0) {
      progress(`  fields not on the page, not edited: ${missing.join(', ')}`);
      edits = edits.filter((e) => !missing.includes(e.field));
    }
    if (edits.length === 0) {
      progress('  not measured: no field to edit');
      return undefined;
    }

    // First pass (also the warm-up): which edits change the figure, to a figure.
    const verify: VerifyRun = { mode: 'verify', edits, timeoutMs: VERIFY_TIMEOUT_MS };
    const first = (await page.evaluate(runEdits, verify)) as VerifyResult;
    const timed = edits.map((_, i) => first.changed[i] === true && isFigure(first.after[i] ?? ''));
    describePlan(edits, first, timed);
    if (!timed.some(Boolean)) {
      progress('  not measured: no edit changes the unit price');
      return undefined;
    }

    const time: TimeRun = { mode: 'time', edits, timed, warmup: WARMUP, samples: SAMPLES, timeoutMs: TIMED_TIMEOUT_MS };
    const r = (await page.evaluate(runEdits, time)) as TimeResult;
    const p95 = percentile(r.toPaint, 95);
    emit(`${tag}.edit_to_paint.median`, median(r.toPaint), 'ms');
    emit(`${tag}.edit_to_paint.p95`, p95, 'ms');
    emit(`${tag}.edit_to_paint.count`, r.toPaint.length, 'edits');
    emit(`${tag}.edit_to_dom.median`, median(r.toDom), 'ms');
    emit(`${tag}.edit_to_dom.p95`, percentile(r.toDom, 95), 'ms');
    progress(`  edit → painted: ${ms(r.toPaint)}, max ${Math.max(...r.toPaint).toFixed(2)} ms, n=${r.toPaint.length}; edit → text changed: ${ms(r.toDom)}`);
    progress(`  slowest fields (median/p95 ms to paint): ${slowestFields(edits, r)}`);
    return p95;
  } catch (e) {
    progress(`  not measured: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  } finally {
    await context.close();
  }
}

function describePlan(edits: readonly Edit[], first: VerifyResult, timed: readonly boolean[]): void {
  const byField = new Map<string, { timed: number; all: number }>();
  edits.forEach((e, i) => {
    const f = byField.get(e.field) ?? { timed: 0, all: 0 };
    f.all++;
    if (timed[i]) f.timed++;
    byField.set(e.field, f);
  });
  const n = timed.filter(Boolean).length;
  progress(`  ${edits.length} edits over ${byField.size} fields; ${n} change the unit price and are timed (per field timed/all: ${[...byField].map(([f, c]) => `${f} ${c.timed}/${c.all}`).join(', ')})`);
  const errors = edits.flatMap((e, i) => (first.changed[i] && !isFigure(first.after[i] ?? '') ? [`${e.field}=${e.text} → ${first.after[i] ?? ''}`] : []));
  if (errors.length > 0) progress(`  applied but not timed, the price shows no figure: ${errors.join(', ')}`);
}

function slowestFields(edits: readonly Edit[], r: TimeResult): string {
  const byField = new Map<string, number[]>();
  r.edit.forEach((i, k) => {
    const field = edits[i]?.field ?? '?';
    byField.set(field, [...(byField.get(field) ?? []), r.toPaint[k] as number]);
  });
  return [...byField]
    .sort((a, b) => percentile(b[1], 95) - percentile(a[1], 95))
    .slice(0, 3)
    .map(([f, xs]) => `${f} ${median(xs).toFixed(1)}/${percentile(xs, 95).toFixed(1)}`)
    .join(', ');
}
