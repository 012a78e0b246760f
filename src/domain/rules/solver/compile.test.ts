import { describe, expect, it } from 'vitest';
import type { ConstraintProblem, Formula } from '../problem.js';
import { combine, compileProblem, isValid, resolveChoices, toNnf } from './compile.js';
import type { Nnf } from './compile.js';
import { ProblemError } from './problemError.js';

const atom = (variable: string, value: string): Formula => ({ kind: 'atom', variable, value });
const lit = (variable: number, value: number, positive = true): Nnf => ({ kind: 'lit', variable, value, positive });

const problem: ConstraintProblem = {
  domains: [
    { variable: 'size', values: ['S', 'M', 'L'] },
    { variable: 'heated', values: ['true', 'false'] },
    { variable: 'brand', values: ['only'] },
  ],
  constraints: [
    { id: 'both', formula: { kind: 'and', of: [{ kind: 'not', of: atom('size', 'L') }, atom('heated', 'true'), atom('brand', 'only')] } },
    { id: 'either', formula: { kind: 'or', of: [atom('size', 'S'), { kind: 'not', of: atom('heated', 'true') }] } },
  ],
};

describe('compileProblem', () => {
  const compiled = compileProblem(problem);

  it('indexes variables, values and atoms', () => {
    expect(compiled.variables).toEqual(['size', 'heated', 'brand']);
    expect([...compiled.atomOffset]).toEqual([0, 3, 5]);
    expect(compiled.atomCount).toBe(6);
    expect(compiled.rules).toEqual(['both', 'either']);
  });

  it('splits a conjunction into units, folds one-value variables and turns a negated two-value atom positive', () => {
    // both: not L (negative literal, three values), heated = true; brand = only is always true.
    // either: S or heated = false (index 1), positive.
    expect(compiled.units.map((u) => [u.rule, u.formula])).toEqual([
      [0, lit(0, 2, false)],
      [0, lit(1, 0)],
      [1, { kind: 'or', of: [lit(0, 0), lit(1, 1)] }],
    ]);
    expect(compiled.unitsOf).toEqual([[0, 2], [1, 2], []]);
    expect(compiled.unitsOfAtom).toEqual([[2], [], [0], [1], [2], []]);
  });

  it('evaluates full assignments exactly', () => {
    // size S, heated true: both holds, either holds (S).
    expect(isValid(compiled, Int32Array.of(0, 0, 0))).toBe(true);
    // size M, heated true: either fails.
    expect(isValid(compiled, Int32Array.of(1, 0, 0))).toBe(false);
    expect(compiled.holds(2, Int32Array.of(1, 1, 0))).toBe(true);
    expect(compiled.holds(0, Int32Array.of(2, 0, 0))).toBe(false);
  });

  it('reads choices and names what is wrong', () => {
    expect([...resolveChoices(compiled, new Map([['heated', 'false']]))]).toEqual([-1, 1, -1]);
    expect(() => resolveChoices(compiled, new Map([['colour', 'red']]))).toThrow(ProblemError);
    expect(() => resolveChoices(compiled, new Map([['size', 'XL']]))).toThrow(/not a value of "size" \(values: "S", "M", "L"\)/);
  });
});

describe('normal form', () => {
  const names = compileProblem(problem);

  it('pushes negations to the atoms (De Morgan)', () => {
    const f: Formula = { kind: 'not', of: { kind: 'and', of: [atom('size', 'S'), atom('size', 'M')] } };
    expect(toNnf(names, f, false, 'test')).toEqual({ kind: 'or', of: [lit(0, 0, false), lit(0, 1, false)] });
  });

  it('folds constants, flattens, drops repeats and decides a literal next to its negation', () => {
    expect(combine('or', [lit(0, 0), { kind: 'or', of: [lit(0, 0), lit(0, 1)] }, { kind: 'const', value: false }])).toEqual({
      kind: 'or',
      of: [lit(0, 0), lit(0, 1)],
    });
    expect(combine('or', [lit(0, 0), lit(0, 0, false)])).toEqual({ kind: 'const', value: true });
    expect(combine('and', [lit(0, 0), lit(0, 0, false)])).toEqual({ kind: 'const', value: false });
    expect(combine('and', [])).toEqual({ kind: 'const', value: true });
    expect(combine('or', [])).toEqual({ kind: 'const', value: false });
  });

  it('keeps a rule that can never hold as a unit that always fails', () => {
    const never = compileProblem({ domains: [], constraints: [{ id: 'never', formula: { kind: 'const', value: false } }] });
    expect(never.units).toHaveLength(1);
    expect(isValid(never, new Int32Array(0))).toBe(false);
  });
});
