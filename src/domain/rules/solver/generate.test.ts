import { describe, expect, it } from 'vitest';
import { holds } from '../formula.js';
import { generateFeatureModel, generateRuleProblem } from './generate.js';
import { Random } from './random.js';

describe('generators', () => {
  it('make the benchmark rule problem: 100 × 8, 300 rules, all admitting the planted configuration', () => {
    const { problem, planted } = generateRuleProblem({ seed: 3 });
    expect(problem.domains).toHaveLength(100);
    expect(problem.domains.every((d) => d.values.length === 8)).toBe(true);
    expect(problem.constraints).toHaveLength(300);
    expect(new Set(problem.constraints.map((c) => c.id)).size).toBe(300);
    for (const c of problem.constraints) expect(holds(c.formula, planted)).toBe(true);
  });

  it('make the benchmark feature model: 1,000 booleans, 4,000 clauses, all admitting the planted configuration', () => {
    const { problem, planted } = generateFeatureModel({ seed: 3 });
    expect(problem.domains).toHaveLength(1000);
    expect(problem.constraints).toHaveLength(4000);
    expect(problem.constraints.every((c) => c.formula.kind === 'or')).toBe(true);
    for (const c of problem.constraints) expect(holds(c.formula, planted)).toBe(true);
  });

  it('repeat for a seed and differ across seeds', () => {
    expect(generateRuleProblem({ seed: 5, variables: 10, rules: 20 })).toEqual(generateRuleProblem({ seed: 5, variables: 10, rules: 20 }));
    expect(generateRuleProblem({ seed: 5, variables: 10, rules: 20 })).not.toEqual(generateRuleProblem({ seed: 6, variables: 10, rules: 20 }));
  });

  it('draw from a seeded generator', () => {
    const a = new Random(7);
    const b = new Random(7);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Random(7).sample(10, 10).sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
