/**
 * Which HyperFormula options matter for speed? Not part of `npm run bench`; run it as
 *
 *   npx tsx bench/engineOptions.ts            every variant, each in its own process
 *   npx tsx bench/engineOptions.ts <variant>  one variant
 *
 * Each variant is ENGINE_CONFIG with some options changed — patched in this process only, to
 * measure the real load path (PriceModel.open → composeModel); src/ is not changed. Prints one
 * JSON line per variant on stdout and a table on stderr. Figures: median/p95 ms.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AlwaysSparse, DenseSparseChooseBasedOnThreshold } from 'hyperformula';
import type { ConfigParams } from 'hyperformula';
import { ENGINE_CONFIG } from '../src/domain/workbook/index.js';
import { cachingFileSource, discoverExampleModels, parameterCycles } from './exampleModels.js';
import { generateWorkbook } from './generatedModel.js';
import { measureLoad, openModel, timeCycles, timeScenario } from './measure.js';
import { median, percentile, progress } from './stats.js';

const VARIANTS: Record<string, { readonly note: string; readonly config: Partial<ConfigParams> }> = {
  baseline: { note: 'ENGINE_CONFIG as in src/ (useColumnIndex: true, AlwaysDense)', config: {} },
  noColumnIndex: { note: 'useColumnIndex: false', config: { useColumnIndex: false } },
  useStats: { note: 'useStats: true', config: { useStats: true } },
  sparse: { note: 'chooseAddressMappingPolicy: AlwaysSparse', config: { chooseAddressMappingPolicy: new AlwaysSparse() } },
  denseSparse: { note: 'chooseAddressMappingPolicy: DenseSparseChooseBasedOnThreshold', config: { chooseAddressMappingPolicy: new DenseSparseChooseBasedOnThreshold(0.8) } },
  noWildcards: { note: 'useWildcards: false (criteria/lookups: no * ? patterns)', config: { useWildcards: false } },
  accentSensitive: { note: 'accentSensitive: true (changes text matching!)', config: { accentSensitive: true } },
  caseAndAccent: { note: 'caseSensitive + accentSensitive: true (changes text matching!)', config: { caseSensitive: true, accentSensitive: true } },
  noColumnIndexNoWildcardsAccent: {
    note: 'useColumnIndex: false, useWildcards: false, accentSensitive: true',
    config: { useColumnIndex: false, useWildcards: false, accentSensitive: true },
  },
};

type Figures = Record<string, number>;

async function measureVariant(name: string): Promise<Figures> {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`unknown variant ${name}; one of ${Object.keys(VARIANTS).join(', ')}`);
  Object.assign(ENGINE_CONFIG, variant.config);
  const out: Figures = {};
  const put = (key: string, xs: readonly number[]) => {
    out[`${key}.median`] = Number(median(xs).toFixed(3));
    out[`${key}.p95`] = Number(percentile(xs, 95).toFixed(3));
  };

  for (const [tag, size, loads, counts] of [
    ['gen1k', 1000, 4, { few: 200, mid: 200, most: 150 }],
    ['gen10k', 10000, 2, { few: 200, mid: 60, most: 30 }],
  ] as const) {
    const g = generateWorkbook(size);
    const text = JSON.stringify(g.workbook);
    const loaded = await measureLoad(() => openModel('g.workbook.json', { read: () => Promise.resolve(text) }), { heapRuns: 1, warmup: 1, runs: loads });
    out[`${tag}.load`] = Number(median(loaded.loadMs).toFixed(1));
    out[`${tag}.heap`] = Number(median(loaded.heapMB).toFixed(2));
    for (const s of ['few', 'mid', 'most'] as const) {
      put(`${tag}.${s}`, timeScenario(loaded.model, g.scenarios[s], { warmup: 10, min: counts[s], max: counts[s], budgetMs: 0 }));
    }
    loaded.model.dispose();
  }

  const source = cachingFileSource();
  for (const ex of await discoverExampleModels()) {
    const loaded = await measureLoad(() => openModel(ex.file, source), { heapRuns: 0, warmup: 3, runs: 3 });
    out[`${ex.id}.load`] = Number(median(loaded.loadMs).toFixed(1));
    const cycles = parameterCycles(loaded.model);
    if (cycles.length > 0) put(`${ex.id}.change`, timeCycles(loaded.model, cycles, { warmup: 3, min: 300, max: 300, budgetMs: 0 }).times);
    loaded.model.dispose();
  }
  return out;
}

const arg = process.argv[2];
if (arg !== undefined) {
  const figures = await measureVariant(arg);
  process.stdout.write(`${JSON.stringify({ variant: arg, ...figures })}\n`);
} else {
  const script = fileURLToPath(import.meta.url);
  const rows: Figures[] = [];
  const names = Object.keys(VARIANTS);
  for (const name of names) {
    progress(`${name}: ${VARIANTS[name]?.note ?? ''}`);
    const line = execFileSync(process.execPath, [...process.execArgv, script, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(line);
    const { variant: _variant, ...figures } = JSON.parse(line) as Figures & { variant: string };
    rows.push(figures);
  }
  const keys = Object.keys(rows[0] ?? {});
  const width = Math.max(...keys.map((k) => k.length));
  progress(`\n${''.padEnd(width)}  ${names.map((n) => n.slice(0, 12).padStart(12)).join(' ')}`);
  for (const k of keys) progress(`${k.padEnd(width)}  ${rows.map((r) => String(r[k] ?? '').padStart(12)).join(' ')}`);
}
