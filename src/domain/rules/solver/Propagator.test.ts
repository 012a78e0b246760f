/**
 * Differential check on generated problems too big to enumerate: the propagator (witness pool,
 * local search, unit propagation, batched MiniSat questions) against the plain way, one MiniSat
 * question per value, on a separate SatModel.
 */
import { describe, expect, it } from 'vitest';
import { compileProblem } from './compile.js';
import type { CompiledProblem } from './compile.js';
import { generateFeatureModel, generateRuleProblem } from './generate.js';
import { Propagator } from './Propagator.js';
import { Random } from './random.js';
import { SatModel } from './SatModel.js';

/** Excluded atoms by one SAT call per atom. */
function oneCallPerValue(problem: CompiledProblem, sat: SatModel, chosen: Int32Array): Uint8Array | null {
  const choices = [...chosen].flatMap((x, v) => (x >= 0 ? [Propagator.literal(v, x)] : []));
  if (!sat.solve({ rules: 'all', holds: choices })) return null;
  const excluded = new Uint8Array(problem.atomCount);
  problem.values.forEach((values, v) => {
    values.forEach((_, x) => {
      if (!sat.solve({ rules: 'all', holds: [...choices, Propagator.literal(v, x)] })) excluded[problem.atomOffset[v]! + x] = 1;
    });
  });
  return excluded;
}

function compare(problem: CompiledProblem, steps: number, seed: number): void {
  const propagator = new Propagator(problem, new SatModel(problem), new Random(seed));
  const oracle = new SatModel(problem);
  const random = new Random(seed + 1);
  const chosen = new Int32Array(problem.variables.length).fill(-1);
  for (let step = 0; step < steps; step++) {
    const expected = oneCallPerValue(problem, oracle, chosen);
    const got = propagator.excluded(chosen);
    expect(got === null).toBe(expected === null);
    if (!got || !expected) return;
    expect([...got]).toEqual([...expected]);
    // Next: an allowed value of an open variable (and now and then any value).
    const open = [...chosen.keys()].filter((v) => chosen[v]! < 0);
    if (open.length === 0) return;
    const v = random.pick(open);
    const values = problem.values[v]!.map((_, x) => x).filter((x) => step % 4 === 3 || got[problem.atomOffset[v]! + x] === 0);
    chosen[v] = random.pick(values);
  }
}

describe('Propagator against one SAT call per value', () => {
  it('agrees on generated multi-valued rule problems', () => {
    for (const seed of [1, 2]) {
      const { problem } = generateRuleProblem({ variables: 20, values: 6, rules: 70, seed });
      compare(compileProblem(problem), 10, seed);
    }
  });

  it('agrees on generated feature models', () => {
    for (const seed of [1, 2]) {
      const { problem } = generateFeatureModel({ features: 80, clauses: 280, seed, planted: 6 });
      compare(compileProblem(problem), 10, seed);
    }
  });

  it('reuses witnesses: a repeated question costs no SAT call', () => {
    const problem = compileProblem(generateRuleProblem({ variables: 20, values: 5, rules: 40, seed: 9 }).problem);
    const sat = new SatModel(problem);
    const propagator = new Propagator(problem, sat, new Random(1));
    const none = new Int32Array(problem.variables.length).fill(-1);
    propagator.excluded(none);
    const calls = sat.calls;
    propagator.excluded(none);
    expect(sat.calls).toBe(calls);
  });
});
