/**
 * A bad workbook file never crashes the loader: whatever is changed in a valid file, opening it
 * either succeeds or returns errors that each name a file, a path and a problem.
 * Seeded (fast-check); SUANPAN_FUZZ_RUNS raises the number of runs and SUANPAN_FUZZ_SEED
 * changes the seeds for a long search. fast-check prints the seed of a failure; keep it here as
 * a named regression case.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceModel } from '../../src/domain/workbook/index.js';

const valid: unknown = JSON.parse(readFileSync('test/fixtures/workbooks/mini-valve.workbook.json', 'utf8'));
const finish = readFileSync('test/fixtures/workbooks/modules/finish.workbook.json', 'utf8');
const runs = Number(process.env.SUANPAN_FUZZ_RUNS ?? 150);
/** SUANPAN_FUZZ_SEED shifts every property's seed, to search beyond the default runs. */
const seedShift = Number(process.env.SUANPAN_FUZZ_SEED ?? 0);

/** The same valve painted by the finish module, so changes also hit module includes. */
const withModule = structuredClone(valid) as {
  modules?: unknown[];
  sheets: { cells: Record<string, unknown> }[];
};
withModule.modules = [{ id: 'finish', file: 'modules/finish.workbook.json', inputs: { area_m2: '=Inputs!B1/100' } }];
(withModule.sheets[1] as { cells: Record<string, unknown> }).cells.B2 = '=IF(Inputs!B3,35,0)+finish.cost';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside `v`. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function mutate(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement === undefined ? null : replacement;
  const copy = structuredClone(root) as Json;
  let parent = copy as Record<string | number, Json> | Json[];
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete (parent as Record<string, Json>)[last];
  } else (parent as Record<string | number, Json>)[last] = replacement;
  return copy;
}

const formulaLike = fc.oneof(
  fc.constantFrom('=', '=1+', '=A1', '=B3*Qty', '=Nowhere!A1', '=SUM(', '=VLOOKUP(Inputs!B4,Bodies,9,FALSE())', '=1E17', '=B1', '=INDIRECT("A1")', '=finish.cost', "='·inputs'!A1"),
  fc.string().map((s) => `=${s}`),
);
const replacement: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue() as fc.Arbitrary<Json>,
  formulaLike,
  fc.constantFrom(1e308, -0, 0.1, 'WCB', 'PN16', 'Inputs!B1', 'Calc!B1', 'modules/finish.workbook.json', 'x'.repeat(300)),
);

async function open(text: string, moduleText = finish) {
  const files: Record<string, string> = { 'p.workbook.json': text, 'modules/finish.workbook.json': moduleText };
  return PriceModel.open('p.workbook.json', { read: async (f) => files[f] });
}

async function checkOpens(text: string, moduleText?: string): Promise<void> {
  const r = await open(text, moduleText);
  if (r.ok) {
    // A loaded model must also read without throwing.
    for (const o of r.model.outputs) r.model.read(o.id);
    r.model.dispose();
    return;
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(e.file).toMatch(/\.workbook\.json$/);
    expect(e.path.length).toBeGreaterThan(0);
    expect(e.message.length).toBeGreaterThan(0);
  }
}

/** Each run opens a model (tens of ms); a long search needs a longer timeout. */
const timeout = Math.max(30_000, runs * 80);

describe('loader fuzz', () => {
  it('survives one random change anywhere in a valid file', async () => {
    const all = paths(valid as Json);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: all.length - 1 }), replacement, async (i, r) => {
        await checkOpens(JSON.stringify(mutate(valid as Json, all[i] as (string | number)[], r)));
      }),
      { numRuns: runs, seed: 20261127 + seedShift },
    );
  }, timeout);

  it('survives one random change in an included module or in the include', async () => {
    const base = withModule as unknown as Json;
    const module = JSON.parse(finish) as Json;
    const productPaths = paths(base).filter((p) => p[0] === 'modules' || (p[0] === 'sheets' && p[1] === 1));
    const modulePaths = paths(module);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), replacement, async (inModule, i, r) => {
        if (inModule) {
          const path = modulePaths[i % modulePaths.length] as (string | number)[];
          await checkOpens(JSON.stringify(base), JSON.stringify(mutate(module, path, r)));
        } else {
          const path = productPaths[i % productPaths.length] as (string | number)[];
          await checkOpens(JSON.stringify(mutate(base, path, r)));
        }
      }),
      { numRuns: runs, seed: 424242 + seedShift },
    );
  }, timeout);

  it('survives random text and truncation', async () => {
    const text = JSON.stringify(valid, null, 2);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length }), fc.string({ maxLength: 4 }), async (cut, junk) => {
        await checkOpens(text.slice(0, cut) + junk + text.slice(cut));
      }),
      { numRuns: runs, seed: 7 + seedShift },
    );
  }, timeout);
});
