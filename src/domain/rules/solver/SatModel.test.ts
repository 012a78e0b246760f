import { describe, expect, it } from 'vitest';
import { compileProblem } from './compile.js';
import { Random } from './random.js';
import { SatModel } from './SatModel.js';

// x takes 0..10; rule k (id "rk", sorted as r00..r10) says x ≠ k.
const ids = Array.from({ length: 11 }, (_, k) => `r${String(k).padStart(2, '0')}`);
const problem = compileProblem({
  domains: [{ variable: 'x', values: ids.map((_, k) => String(k)) }],
  constraints: ids.map((id, k) => ({ id, formula: { kind: 'not', of: { kind: 'atom', variable: 'x', value: String(k) } } })),
});
const x = (k: number) => ({ kind: 'lit' as const, variable: 0, value: k, positive: true });

describe('SatModel', () => {
  it('puts exactly the listed rules in force, whatever runs of indexes they form', () => {
    const sat = new SatModel(problem);
    const random = new Random(3);
    for (let trial = 0; trial < 40; trial++) {
      const rules = ids.map((_, k) => k).filter(() => random.next() < 0.5);
      for (let k = 0; k < ids.length; k++) expect(sat.solve({ rules, holds: [x(k)] }) !== null).toBe(!rules.includes(k));
    }
    // Every rule at once leaves no value.
    expect(sat.solve({ rules: 'all' })).toBeNull();
    expect(sat.solve({ rules: ids.map((_, k) => k).filter((k) => k !== 4) })).toEqual(Int32Array.of(4));
  });

  it('answers the same after rebuilding itself', () => {
    const sat = new SatModel(problem, 20);
    for (let trial = 0; trial < 30; trial++) {
      const rules = [trial % 11, (trial * 7) % 11];
      expect(sat.solve({ rules, holds: [x(trial % 11)] })).toBeNull();
      expect(sat.solve({ rules, holds: [{ kind: 'or', of: [x(rules[0]!), x((trial + 1) % 11)] }] }) !== null).toBe(!rules.includes((trial + 1) % 11));
    }
    expect(sat.builds).toBeGreaterThan(3);
  });

  it('bounds sums of literals', () => {
    const sat = new SatModel(problem);
    const terms = [x(1), x(2), x(3)];
    expect(sat.solve({ rules: [], sums: [{ terms, atLeast: 1 }, { terms, atMost: 1 }], holds: [{ kind: 'lit', variable: 0, value: 1, positive: false }] })).not.toBeNull();
    expect(sat.solve({ rules: [], sums: [{ terms, atLeast: 2 }] })).toBeNull(); // one value at a time
    expect(sat.solve({ rules: [2, 3], sums: [{ terms, weights: [5, 1, 1], atLeast: 5 }] })).toEqual(Int32Array.of(1));
  });
});
