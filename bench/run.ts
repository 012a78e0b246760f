/**
 * `npm run bench`: the price-model engine's benchmark suite (issue 2).
 *
 * stdout carries one JSON object per line, `{"metric": "...", "value": n, "unit": "..."}`, and
 * nothing else; progress, checks and the comparison with the targets go to stderr.
 *
 * Measured for each example model (workbooks/*.workbook.json, products only, found at run
 * time) and for generated models of about 1,000 and 10,000 formulas (bench/generatedModel.ts):
 * - load: PriceModel.open from text already in memory (parse, schema, compose, build, checks), ms.
 * - heap: heap used after a full GC with the model loaded, minus before loading, MB.
 * - param_change: one parameter set → every output read (`set` + `readAll`), ms, median and p95.
 *   Example models: each parameter in turn, cycling realistic values. Generated models:
 *   a change reaching few formulas, one reaching about a fifth of them (≈1,000 cells at
 *   10,000 formulas), one reaching most; `cells_reached` counts the formulas downstream.
 * - configs_per_sec: `model.evaluate` over configurations with every parameter set.
 * - gen1k: the same calculation written in plain TypeScript, checked to agree to 1e-9 first,
 *   timed on the same changes; ratio engine/plain per scenario (medians) and overall (sum of
 *   the three scenario medians over the same sum for plain).
 *
 * Then the configuration rules (bench/rules.ts: propagation on generated models and a CNF feature
 * model, the example workbooks' rules), and in Chromium, a configurator form edit → new price
 * painted (bench/browser/configuratorPaint.ts); then quotes: a 50-line quote's PDF and the quote and
 * customer lists at scale (bench/quotePdf.ts, bench/browser/quoteLists.ts).
 * Then the sync server under load: 200 clients over 50 quote documents (bench/sync.ts).
 * SUANPAN_BENCH_ONLY=engine, =rules, =ui, =quotes or =sync runs one part.
 *
 * Targets (reported on stderr, never failing the run): param change p95 ≤ 5 ms on the example
 * models, ≤ 25 ms at 10,000 formulas for a change reaching up to 1,000 cells, heap ≤ 50 MB
 * for the 10,000-formula model. Run with `node --expose-gc` for exact heap figures; without
 * it the GC is enabled at run time through the V8 flag, or heap figures are rough.
 */
import type { PriceModel, ParameterValue, WorkbookSource } from '../src/domain/workbook/index.js';
import { REPO_ROOT, cachingFileSource, discoverExampleModels, parameterCycles } from './exampleModels.js';
import type { ExampleModel } from './exampleModels.js';
import { PlainModel, compareOutputs, engineOutputs, generateWorkbook, prng, randomConfigurations } from './generatedModel.js';
import type { GeneratedModel } from './generatedModel.js';
import { OpenFailed, cellsReached, configsPerSecond, formulaCount, measureLoad, openModel, scenarioValue, timeCycles, timeScenario } from './measure.js';
import type { LoadFigures, LoadPlan } from './measure.js';
import { collectGarbage, emit, median, metricSegment, percentile, progress, repeatFine } from './stats.js';
import { benchConfiguratorPaint } from './browser/configuratorPaint.js';
import { benchQuoteLists } from './browser/quoteLists.js';
import { benchQuotePdf } from './quotePdf.js';
import { benchRules } from './rules.js';
import { benchSync } from './sync.js';
import type { RepeatOptions } from './stats.js';

const TARGET_EXAMPLE_P95_MS = 5;
const TARGET_GEN10K_MID_P95_MS = 25;
const TARGET_GEN10K_HEAP_MB = 50;

interface Finding {
  readonly what: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
}
const findings: Finding[] = [];
const against = (what: string, value: number, limit: number, unit: string) => findings.push({ what, value, limit, unit });

const ms = (xs: readonly number[]) => `median ${median(xs).toFixed(2)} ms, p95 ${percentile(xs, 95).toFixed(2)} ms, n=${xs.length}`;

// ---------------------------------------------------------------------------------------------
// Example models

async function benchExample(ex: ExampleModel, source: WorkbookSource): Promise<void> {
  const tag = `engine.${metricSegment(ex.id)}`;
  progress(`${ex.file}:`);
  let loaded: LoadFigures;
  try {
    loaded = await measureLoad(() => openModel(ex.file, source), { heapRuns: 3, warmup: 5, runs: 7 });
  } catch (e) {
    if (!(e instanceof OpenFailed)) throw e;
    progress(`  skipped: it does not load\n${e.message.replace(/^/gm, '    ')}`);
    return;
  }
  const { model } = loaded;
  try {
    emit(`${tag}.formulas`, formulaCount(model), 'formulas');
    emit(`${tag}.load`, median(loaded.loadMs), 'ms');
    emit(`${tag}.heap`, median(loaded.heapMB), 'MB');
    progress(`  load ${ms(loaded.loadMs)}; heap ${loaded.heapMB.map((h) => h.toFixed(2)).join(', ')} MB`);

    const cycles = parameterCycles(model);
    if (cycles.length === 0) {
      progress('  no parameter with two or more values: no change or configuration figures');
      return;
    }
    progress(`  cycling ${cycles.map((c) => `${c.parameter.id}(${c.values.length})`).join(' ')}`);

    // Each parameter in turn, each time its next value.
    const { times, byParameter } = timeCycles(model, cycles, { warmup: 5, min: Math.max(240, 4 * cycles.length), max: 3000, budgetMs: 3000 });
    emit(`${tag}.param_change.median`, median(times), 'ms');
    emit(`${tag}.param_change.p95`, percentile(times, 95), 'ms');
    against(`${ex.id}: parameter change p95`, percentile(times, 95), TARGET_EXAMPLE_P95_MS, 'ms');
    const slowest = [...byParameter.entries()].sort((a, b) => median(b[1]) - median(a[1])).slice(0, 3);
    progress(`  param change ${ms(times)}; slowest: ${slowest.map(([id, xs]) => `${id} ${median(xs).toFixed(2)}/${percentile(xs, 95).toFixed(2)} ms`).join(', ')}`);

    // Configurations: every cycled parameter at a random one of its values.
    const rand = prng(11);
    const configs = Array.from({ length: 200 }, () =>
      Object.fromEntries(cycles.map((c) => [c.parameter.id, c.values[Math.floor(rand() * c.values.length)] as ParameterValue])),
    );
    const perSecond = configsPerSecond(model, configs, 20, { warmup: 2, min: 10, max: 500, budgetMs: 2500 });
    emit(`${tag}.configs_per_sec`, perSecond, 'configs/s');
    progress(`  ${perSecond.toFixed(0)} configurations/s`);
  } finally {
    model.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Generated models

interface GeneratedPlan {
  readonly formulas: number;
  readonly tag: string;
  readonly loads: LoadPlan;
  readonly changes: Readonly<Record<'few' | 'mid' | 'most', RepeatOptions>>;
  readonly configs: { readonly batch: number; readonly options: RepeatOptions };
  /** Configurations checked against the plain TypeScript evaluator before timing. */
  readonly verify: number;
  readonly plain: boolean;
}

const SCENARIO_NAMES = ['few', 'mid', 'most'] as const;

/** Engine and plain must compute the same outputs, or the timings compare different things. */
function verifyAgainstPlain(model: PriceModel, g: GeneratedModel, configurations: number): void {
  const plain = new PlainModel(g.lines);
  const check = (what: string) => {
    const diff = compareOutputs(engineOutputs(model, g), plain.outputs());
    if (diff.length > 0) throw new Error(`${g.workbook.id}: engine and plain TypeScript disagree (${what}):\n  ${diff.join('\n  ')}`);
  };
  model.reset();
  check('defaults');
  for (const s of Object.values(g.scenarios)) {
    for (const v of s.values) {
      model.set({ [s.parameter]: v });
      plain.set({ [s.parameter]: v });
      check(`${s.parameter}=${v}`);
    }
  }
  for (const config of randomConfigurations(configurations, 99)) {
    model.set(config);
    plain.set(config);
    check(JSON.stringify(config));
  }
  model.reset();
}

async function benchGenerated(plan: GeneratedPlan): Promise<void> {
  const tag = `engine.${plan.tag}`;
  const g = generateWorkbook(plan.formulas);
  const file = `${g.workbook.id}.workbook.json`;
  const text = JSON.stringify(g.workbook);
  const source: WorkbookSource = { read: (f) => Promise.resolve(f === file ? text : undefined) };
  progress(`${plan.tag}: ${g.formulaCount} formulas, ${g.lines.length} lines`);

  const loaded = await measureLoad(() => openModel(file, source), plan.loads);
  const { model } = loaded;
  try {
    emit(`${tag}.formulas`, formulaCount(model), 'formulas');
    emit(`${tag}.load`, median(loaded.loadMs), 'ms');
    emit(`${tag}.heap`, median(loaded.heapMB), 'MB');
    progress(`  load ${ms(loaded.loadMs)}; heap ${loaded.heapMB.map((h) => h.toFixed(1)).join(', ')} MB`);

    verifyAgainstPlain(model, g, plan.verify);
    progress(`  engine agrees with plain TypeScript to 1e-9 (defaults, every scenario value, ${plan.verify} random configurations)`);

    const engineTimes = new Map<string, number[]>();
    for (const name of SCENARIO_NAMES) {
      const s = g.scenarios[name];
      model.reset();
      const reached = cellsReached(model, g.parameterCells[s.parameter]);
      const times = timeScenario(model, s, plan.changes[name]);
      engineTimes.set(name, times);
      emit(`${tag}.param_change_${name}.cells_reached`, reached, 'cells');
      emit(`${tag}.param_change_${name}.median`, median(times), 'ms');
      emit(`${tag}.param_change_${name}.p95`, percentile(times, 95), 'ms');
      progress(`  ${name} (${s.parameter}, ${reached} formulas reached): ${ms(times)}`);
    }
    if (plan.tag === 'gen10k') {
      against('gen10k: change reaching ~1,000 cells, p95', percentile(engineTimes.get('mid') ?? [], 95), TARGET_GEN10K_MID_P95_MS, 'ms');
      against('gen10k: change reaching few cells, p95', percentile(engineTimes.get('few') ?? [], 95), TARGET_GEN10K_MID_P95_MS, 'ms');
      against('gen10k: heap', median(loaded.heapMB), TARGET_GEN10K_HEAP_MB, 'MB');
    }

    model.reset();
    const perSecond = configsPerSecond(model, randomConfigurations(500), plan.configs.batch, plan.configs.options);
    emit(`${tag}.configs_per_sec`, perSecond, 'configs/s');
    progress(`  ${perSecond.toFixed(1)} configurations/s`);

    if (plan.plain) {
      // The same changes, by hand: the practical speed limit.
      const plain = new PlainModel(g.lines);
      // Overall ratio: the scenarios weigh alike (sum of medians over sum of medians).
      let engineSum = 0;
      let plainSum = 0;
      for (const name of SCENARIO_NAMES) {
        const s = g.scenarios[name];
        plain.set({ [s.parameter]: s.values[0] });
        let sink = 0;
        const times = repeatFine((i) => {
          plain.set({ [s.parameter]: scenarioValue(s, i) });
          sink += plain.outputs().total_price;
        }, { warmup: 2000, min: 3000, max: 3000, budgetMs: 0 });
        if (!Number.isFinite(sink)) throw new Error('plain evaluator produced a non-finite price');
        plain.set({ [s.parameter]: s.values[0] });
        const engine = median(engineTimes.get(name) ?? []);
        engineSum += engine;
        plainSum += median(times);
        emit(`${tag}.plain.param_change_${name}.median`, median(times), 'ms');
        emit(`${tag}.ratio_engine_to_plain.${name}`, engine / median(times), 'x');
        progress(`  plain ${name}: median ${(median(times) * 1000).toFixed(1)} µs → engine/plain ${(engine / median(times)).toFixed(0)}x`);
      }
      emit(`${tag}.ratio_engine_to_plain`, engineSum / plainSum, 'x');
    }
  } finally {
    model.dispose();
  }
}

const GENERATED: readonly GeneratedPlan[] = [
  {
    formulas: 1000,
    tag: 'gen1k',
    loads: { heapRuns: 3, warmup: 3, runs: 5 },
    changes: {
      few: { warmup: 30, min: 300, max: 300, budgetMs: 0 },
      mid: { warmup: 30, min: 300, max: 300, budgetMs: 0 },
      most: { warmup: 30, min: 300, max: 300, budgetMs: 0 },
    },
    configs: { batch: 25, options: { warmup: 2, min: 8, max: 200, budgetMs: 2500 } },
    verify: 40,
    plain: true,
  },
  {
    formulas: 10000,
    tag: 'gen10k',
    loads: { heapRuns: 3, warmup: 1, runs: 3 },
    changes: {
      few: { warmup: 20, min: 300, max: 300, budgetMs: 0 },
      mid: { warmup: 10, min: 200, max: 300, budgetMs: 10_000 },
      most: { warmup: 5, min: 100, max: 200, budgetMs: 15_000 },
    },
    configs: { batch: 5, options: { warmup: 1, min: 6, max: 100, budgetMs: 6000 } },
    verify: 3,
    plain: false,
  },
];

/** JIT warm-up (untimed): load, change and evaluate a generated model, so no figure includes it. */
async function warmUp(): Promise<void> {
  const g = generateWorkbook(1000);
  const text = JSON.stringify(g.workbook);
  const model = await openModel('warmup.workbook.json', { read: () => Promise.resolve(text) });
  for (const s of Object.values(g.scenarios)) timeScenario(model, s, { warmup: 0, min: 20, max: 20, budgetMs: 0 });
  model.evaluate(randomConfigurations(20));
  model.dispose();
}

async function main(): Promise<void> {
  const started = performance.now();
  // SUANPAN_BENCH_ONLY=engine, =rules, =ui, =quotes or =sync runs one part of the suite.
  const only = process.env.SUANPAN_BENCH_ONLY ?? '';
  if (!['', 'engine', 'rules', 'ui', 'quotes', 'sync'].includes(only)) throw new Error(`SUANPAN_BENCH_ONLY must be "engine", "rules", "ui", "quotes" or "sync", not "${only}"`);
  const runs = (part: string) => only === '' || only === part;
  // SUANPAN_BENCH_ROOT: a folder with its own workbooks/ (to try the suite on other models).
  const root = process.env.SUANPAN_BENCH_ROOT ?? REPO_ROOT;
  const source = cachingFileSource(root);

  if (runs('engine')) {
    if (!collectGarbage()) progress('(heap figures without a forced GC)');

    await warmUp();
    const examples = await discoverExampleModels(root);
    progress(`example models: ${examples.length === 0 ? 'none' : examples.map((e) => e.file).join(', ')}`);
    for (const ex of examples) await benchExample(ex, source);

    for (const plan of GENERATED) await benchGenerated(plan);
  }

  // Configuration rules (bench/rules.ts): propagation and the example models' rules.
  if (runs('rules')) findings.push(...(await benchRules(root, source)));

  // In the browser (bench/browser/): form edit → new price painted.
  if (runs('ui')) findings.push(...(await benchConfiguratorPaint()));

  // Quotes: the PDF of a 50-line quote (Node), and the quote and customer lists at 100,000
  // quotes and 20,000 customers in Chromium's IndexedDB (bench/browser/quoteLists.ts).
  if (runs('quotes')) {
    await benchQuotePdf();
    await benchQuoteLists();
  }

  // The sync server in this process: 200 clients over 50 documents (bench/sync.ts).
  if (runs('sync')) findings.push(...(await benchSync()));

  progress('\ntargets:');
  for (const f of findings) {
    progress(`  ${f.value <= f.limit ? 'ok    ' : 'MISSED'} ${f.what}: ${f.value.toFixed(2)} ${f.unit} (target ≤ ${f.limit} ${f.unit})`);
  }
  progress(`bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (e) {
  progress(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
}
