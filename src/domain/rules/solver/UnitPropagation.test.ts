import { describe, expect, it } from 'vitest';
import type { Formula } from '../problem.js';
import { compileProblem } from './compile.js';
import { UnitPropagation } from './UnitPropagation.js';

const atom = (variable: string, value: string): Formula => ({ kind: 'atom', variable, value });
const not = (of: Formula): Formula => ({ kind: 'not', of });
const or = (...of: Formula[]): Formula => ({ kind: 'or', of });
const and = (...of: Formula[]): Formula => ({ kind: 'and', of });
const bool = (variable: string) => ({ variable, values: ['true', 'false'] });

// Atoms: a 0/1, b 2/3, c 4/5 (true/false), x 6/7/8 (1, 2, 3).
const problem = compileProblem({
  domains: [bool('a'), bool('b'), bool('c'), { variable: 'x', values: ['1', '2', '3'] }],
  constraints: [
    { id: 'a→b', formula: or(not(atom('a', 'true')), atom('b', 'true')) },
    { id: 'b→c', formula: or(not(atom('b', 'true')), atom('c', 'true')) },
    { id: 'c→x≠1', formula: or(not(atom('c', 'true')), not(atom('x', '1'))) },
    { id: 'b→x≠2', formula: or(atom('b', 'false'), not(atom('x', '2'))) },
    // Not a clause: unit propagation leaves it to the others.
    { id: 'x=3 → a and c', formula: or(not(atom('x', '3')), and(atom('a', 'true'), atom('c', 'true'))) },
  ],
});

const excluding = (...atoms: number[]) => {
  const e = new Uint8Array(problem.atomCount);
  for (const a of atoms) e[a] = 1;
  return e;
};

describe('UnitPropagation', () => {
  it('follows a chain of implications down to a multi-valued variable', () => {
    const up = new UnitPropagation(problem);
    // a = true: b, then c; x loses 1 (c) and 2 (b), so x = 3.
    expect(up.load(excluding(1))).toBe(true);
    expect([...up.forced]).toEqual([0, 0, 0, 2]);
  });

  it('derives nothing from a unit that is not a clause', () => {
    const up = new UnitPropagation(problem);
    // x = 3 would need a and c through the last rule, which unit propagation does not read.
    expect(up.load(excluding(6, 7))).toBe(true);
    expect([...up.forced]).toEqual([-1, -1, -1, 2]);
  });

  it('probes a value and takes it back', () => {
    const up = new UnitPropagation(problem);
    expect(up.load(excluding(8))).toBe(true); // x ≠ 3
    // a = true forces x = 3, already excluded: contradiction.
    expect(up.assume(0, 0)).toBe(false);
    up.retract();
    expect([...up.forced]).toEqual([-1, -1, -1, -1]);
    // b = true: c, so x ∉ {1, 2}, and 3 is out: contradiction.
    expect(up.assume(1, 0)).toBe(false);
    up.retract();
    // c = true: x ≠ 1, so x = 2, so b = false (b → x ≠ 2), so a = false (a → b).
    expect(up.assume(2, 0)).toBe(true);
    expect([...up.forced]).toEqual([1, 1, 0, 1]);
    up.retract();
    expect([...up.excluded]).toEqual([...excluding(8)]);
    expect([...up.forced]).toEqual([-1, -1, -1, -1]);
  });

  it('traces a contradiction back to the clauses and exclusions it came from', () => {
    const up = new UnitPropagation(problem);
    // a = true and x ≠ 3: a → b → c rules out x = 1 (c) and then b → x ≠ 2 fails. The last rule plays no part.
    expect(up.load(excluding(1, 8))).toBe(false);
    expect(up.core()).toEqual({ units: [0, 1, 2, 3], atoms: [1, 8] });
  });

  it('reports contradictory exclusions', () => {
    expect(new UnitPropagation(problem).load(excluding(6, 7, 8))).toBe(false);
  });
});
