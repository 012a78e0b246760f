import { describe, expect, it } from 'vitest';
import type { Formula } from '../problem.js';
import { compileProblem, isValid } from './compile.js';
import { LocalSearch } from './LocalSearch.js';
import { Random } from './random.js';
import { UnitPropagation } from './UnitPropagation.js';

const atom = (variable: string, value: string): Formula => ({ kind: 'atom', variable, value });
const implies = (a: Formula, b: Formula): Formula => ({ kind: 'or', of: [{ kind: 'not', of: a }, b] });
const values = ['0', '1', '2', '3'];

// A chain: v0 = 3 → v1 = 3 → … → v5 = 3, and v5 = 3 → w ≠ 0.
const chain = compileProblem({
  domains: [...Array.from({ length: 6 }, (_, i) => ({ variable: `v${i}`, values })), { variable: 'w', values }],
  constraints: [
    ...Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, formula: implies(atom(`v${i}`, '3'), atom(`v${i + 1}`, '3')) })),
    { id: 'end', formula: implies(atom('v5', '3'), { kind: 'not', of: atom('w', '0') }) },
  ],
});

describe('LocalSearch', () => {
  const base = new Int32Array(7); // all 0: valid
  const frozen = (entries: Record<number, number>) => {
    const f = new Int32Array(7).fill(-1);
    for (const [v, x] of Object.entries(entries)) f[Number(v)] = x;
    return f;
  };

  it('repairs along the chain to a valid assignment with the imposed value', () => {
    expect(isValid(chain, base)).toBe(true);
    const search = new LocalSearch(chain, new Random(1));
    const r = search.search(base, frozen({ 0: 3 }), 200);
    expect(r.kind).toBe('found');
    if (r.kind !== 'found') return;
    expect([...r.assignment.slice(0, 6)]).toEqual([3, 3, 3, 3, 3, 3]);
    expect(r.assignment[6]).not.toBe(0);
    expect(isValid(chain, r.assignment)).toBe(true);
    // The base is untouched, and the next search starts clean.
    expect([...base]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(search.search(base, frozen({ 6: 2 }), 0)).toEqual({ kind: 'found', assignment: Int32Array.of(0, 0, 0, 0, 0, 0, 2) });
  });

  it('proves a value impossible when a broken unit has only frozen variables', () => {
    const search = new LocalSearch(chain, new Random(1));
    expect(search.search(base, frozen({ 4: 3, 5: 0 }), 100)).toEqual({ kind: 'impossible' });
  });

  it('gives up when the step budget runs out', () => {
    const search = new LocalSearch(chain, new Random(1));
    expect(search.search(base, frozen({ 0: 3 }), 2)).toEqual({ kind: 'gave-up' });
  });

  it('takes a whole cascade at once when unit propagation leads', () => {
    const search = new LocalSearch(chain, new Random(1));
    const units = new UnitPropagation(chain);
    expect(units.load(new Uint8Array(chain.atomCount))).toBe(true);
    expect(units.assume(0, 3)).toBe(true);
    const r = search.guided(base, units, 0);
    units.retract();
    // v0 = 3 forces v1..v5 = 3 and rules out w = 0: no repair step needed.
    expect(r).toEqual({ kind: 'found', assignment: Int32Array.of(3, 3, 3, 3, 3, 3, 1) });
    expect(search.steps).toBe(0);
  });

  it('checks a one-value change of a valid assignment', () => {
    const search = new LocalSearch(chain, new Random(1));
    expect(search.fits(base, 5, 3)).toBe(false); // w = 0 breaks "end"
    expect(search.fits(base, 6, 0)).toBe(true);
    expect(search.fits(Int32Array.of(0, 0, 0, 0, 0, 0, 1), 5, 3)).toBe(true);
  });
});
