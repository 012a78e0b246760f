/**
 * The solver on small valve problems worked out by hand (expected values in the comments).
 */
import { describe, expect, it } from 'vitest';
import { ConfigurationSolver, ProblemError } from './ConfigurationSolver.js';
import type { Choices, ConstraintProblem, Formula } from './problem.js';

const atom = (variable: string, value: string): Formula => ({ kind: 'atom', variable, value });
const not = (of: Formula): Formula => ({ kind: 'not', of });
const or = (...of: Formula[]): Formula => ({ kind: 'or', of });
const and = (...of: Formula[]): Formula => ({ kind: 'and', of });
const implies = (a: Formula, b: Formula): Formula => or(not(a), b);
const choices = (o: Record<string, string>): Choices => new Map(Object.entries(o));

/**
 * seal PTFE|EPDM|FKM, temp t120|t180|t250, body WCB|CF8M, medium water|seawater|oil.
 * r1 PTFE → temp ≤ 180; r2 EPDM → t120; r3 not (CF8M and EPDM and seawater);
 * r4 oil → not EPDM; r5 seawater → CF8M.
 */
const valve: ConstraintProblem = {
  domains: [
    { variable: 'seal', values: ['PTFE', 'EPDM', 'FKM'] },
    { variable: 'temp', values: ['t120', 't180', 't250'] },
    { variable: 'body', values: ['WCB', 'CF8M'] },
    { variable: 'medium', values: ['water', 'seawater', 'oil'] },
  ],
  constraints: [
    { id: 'r1', formula: implies(atom('seal', 'PTFE'), or(atom('temp', 't120'), atom('temp', 't180'))) },
    { id: 'r2', formula: implies(atom('seal', 'EPDM'), atom('temp', 't120')) },
    { id: 'r3', formula: not(and(atom('body', 'CF8M'), atom('seal', 'EPDM'), atom('medium', 'seawater'))) },
    { id: 'r4', formula: implies(atom('medium', 'oil'), not(atom('seal', 'EPDM'))) },
    { id: 'r5', formula: implies(atom('medium', 'seawater'), atom('body', 'CF8M')) },
  ],
};

function allowed(solver: ConfigurationSolver, c: Record<string, string>): Record<string, readonly string[]> {
  const p = solver.propagate(choices(c));
  if (!p.consistent) throw new Error('expected consistent choices');
  return Object.fromEntries(p.allowed);
}

describe('ConfigurationSolver.propagate', () => {
  const solver = ConfigurationSolver.create(valve);

  it('allows every value with no choices (each is in some configuration)', () => {
    expect(allowed(solver, {})).toEqual({
      seal: ['PTFE', 'EPDM', 'FKM'],
      temp: ['t120', 't180', 't250'],
      body: ['WCB', 'CF8M'],
      medium: ['water', 'seawater', 'oil'],
    });
  });

  it('PTFE greys out 250 °C (r1)', () => {
    expect(allowed(solver, { seal: 'PTFE' })).toEqual({
      seal: ['PTFE'],
      temp: ['t120', 't180'],
      body: ['WCB', 'CF8M'],
      medium: ['water', 'seawater', 'oil'],
    });
  });

  it('EPDM: only 120 °C (r2), no oil (r4), and no seawater, which needs CF8M (r5) that r3 forbids with EPDM', () => {
    expect(allowed(solver, { seal: 'EPDM' })).toEqual({
      seal: ['EPDM'],
      temp: ['t120'],
      body: ['WCB', 'CF8M'],
      medium: ['water'],
    });
  });

  it('seawater: CF8M only, so no EPDM; 250 °C stays with FKM', () => {
    expect(allowed(solver, { medium: 'seawater' })).toEqual({
      seal: ['PTFE', 'FKM'],
      temp: ['t120', 't180', 't250'],
      body: ['CF8M'],
      medium: ['seawater'],
    });
    expect(allowed(solver, { medium: 'seawater', temp: 't250' })).toEqual({
      seal: ['FKM'],
      temp: ['t250'],
      body: ['CF8M'],
      medium: ['seawater'],
    });
  });

  it('does not depend on the order the choices were made in', () => {
    const a = allowed(solver, { temp: 't250', medium: 'seawater' });
    const fresh = ConfigurationSolver.create(valve);
    fresh.propagate(choices({ medium: 'seawater' }));
    expect(allowed(fresh, { temp: 't250', medium: 'seawater' })).toEqual(a);
  });

  it('reports inconsistent choices with their conflict', () => {
    expect(solver.propagate(choices({ seal: 'EPDM', temp: 't250' }))).toEqual({
      consistent: false,
      conflict: { rules: ['r2'], choices: ['seal', 'temp'] },
    });
  });
});

describe('ConfigurationSolver explanations', () => {
  const solver = ConfigurationSolver.create(valve);

  it('explains why EPDM is excluded under seawater: r3 with r5 (seawater forces CF8M)', () => {
    expect(solver.explainExclusion(choices({ medium: 'seawater' }), 'seal', 'EPDM')).toEqual({ rules: ['r3', 'r5'], choices: ['medium', 'seal'] });
  });

  it('replaces a choice of the same variable by the value asked about', () => {
    expect(solver.explainExclusion(choices({ seal: 'PTFE', temp: 't180' }), 'seal', 'EPDM')).toEqual({ rules: ['r2'], choices: ['seal', 'temp'] });
  });

  it('leaves out choices that play no part', () => {
    expect(solver.conflict(choices({ seal: 'PTFE', temp: 't250', medium: 'oil', body: 'WCB' }))).toEqual({ rules: ['r1'], choices: ['seal', 'temp'] });
  });

  it('returns one of two minimal conflicts when there are two, the same each time', () => {
    const c = choices({ seal: 'EPDM', medium: 'oil', temp: 't180' });
    const first = solver.conflict(c);
    expect([
      { rules: ['r4'], choices: ['medium', 'seal'] },
      { rules: ['r2'], choices: ['seal', 'temp'] },
    ]).toContainEqual(first);
    expect(ConfigurationSolver.create(valve).conflict(c)).toEqual(first);
  });

  it('has no conflict for consistent choices', () => {
    expect(solver.conflict(choices({ seal: 'FKM', temp: 't250' }))).toBeNull();
  });

  it('refuses to explain a value nothing excludes', () => {
    expect(() => solver.explainExclusion(choices({ seal: 'PTFE' }), 'temp', 't180')).toThrow(/allowed/);
  });

  it('blames the rules alone when they contradict each other', () => {
    const broken = ConfigurationSolver.create({
      domains: [
        { variable: 'x', values: ['a', 'b'] },
        { variable: 'y', values: ['c', 'd'] },
      ],
      constraints: [
        { id: 'wants a', formula: atom('x', 'a') },
        { id: 'wants b', formula: atom('x', 'b') },
        { id: 'unrelated', formula: atom('y', 'c') },
      ],
    });
    expect(broken.conflict(choices({ y: 'c' }))).toEqual({ rules: ['wants a', 'wants b'], choices: [] });
    expect(broken.deadValues()).toHaveLength(4);
  });

  it('treats constraints sharing an id as one rule', () => {
    const shared = ConfigurationSolver.create({
      domains: [{ variable: 'x', values: ['a', 'b', 'c'] }],
      constraints: [
        { id: 'not a', formula: not(atom('x', 'a')) },
        { id: 'only c', formula: not(atom('x', 'b')) },
        { id: 'only c', formula: not(atom('x', 'a')) },
      ],
    });
    // Either rule alone excludes a; QuickXplain keeps the earlier one in id order.
    expect(shared.explainExclusion(choices({}), 'x', 'a')).toEqual({ rules: ['not a'], choices: ['x'] });
    expect(shared.explainExclusion(choices({}), 'x', 'b')).toEqual({ rules: ['only c'], choices: ['x'] });
  });
});

describe('ConfigurationSolver.fixes', () => {
  const solver = ConfigurationSolver.create(valve);

  it('changes the one choice not kept, to the nearest allowed value first', () => {
    // seal EPDM (index 1) must go: PTFE (0) and FKM (2) both fit 180 °C and are as near; lower index first.
    expect(solver.fixes(choices({ seal: 'EPDM', temp: 't180' }), ['temp'])).toEqual([
      { changes: [{ variable: 'seal', from: 'EPDM', to: 'PTFE' }] },
      { changes: [{ variable: 'seal', from: 'EPDM', to: 'FKM' }] },
    ]);
    expect(solver.fixes(choices({ seal: 'EPDM', temp: 't180' }), ['seal'])).toEqual([{ changes: [{ variable: 'temp', from: 't180', to: 't120' }] }]);
  });

  it('offers each smallest set of changes, keeping earlier-named choices first, then other values', () => {
    expect(solver.fixes(choices({ seal: 'EPDM', temp: 't180' }), [])).toEqual([
      { changes: [{ variable: 'temp', from: 't180', to: 't120' }] },
      { changes: [{ variable: 'seal', from: 'EPDM', to: 'PTFE' }] },
      { changes: [{ variable: 'seal', from: 'EPDM', to: 'FKM' }] },
    ]);
    expect(solver.fixes(choices({ seal: 'EPDM', temp: 't180' }), [], 1)).toHaveLength(1);
  });

  it('changes one choice where one is enough, even when two conflict with the kept one', () => {
    // medium oil is kept: EPDM must go (r4); with PTFE or FKM, 180 °C is fine, so temp stays.
    expect(solver.fixes(choices({ seal: 'EPDM', temp: 't180', medium: 'oil' }), ['medium'])).toEqual([
      { changes: [{ variable: 'seal', from: 'EPDM', to: 'PTFE' }] },
      { changes: [{ variable: 'seal', from: 'EPDM', to: 'FKM' }] },
    ]);
  });

  it('changes two choices when one is not enough', () => {
    // Kept: medium seawater, temp 250. Then seal must be FKM and body CF8M: both change.
    expect(solver.fixes(choices({ seal: 'PTFE', body: 'WCB', medium: 'seawater', temp: 't250' }), ['medium', 'temp'])).toEqual([
      {
        changes: [
          { variable: 'body', from: 'WCB', to: 'CF8M' },
          { variable: 'seal', from: 'PTFE', to: 'FKM' },
        ],
      },
    ]);
  });

  it('has nothing to offer for consistent choices or when the kept choices conflict', () => {
    expect(solver.fixes(choices({ seal: 'PTFE' }), [])).toEqual([]);
    expect(solver.fixes(choices({ seal: 'EPDM', temp: 't250', body: 'WCB' }), ['seal', 'temp'])).toEqual([]);
  });
});

describe('ConfigurationSolver.complete', () => {
  const solver = ConfigurationSolver.create(valve);

  it('follows the heavier preference when two cannot both hold', () => {
    // EPDM and seawater exclude each other (r3 + r5): weight 2 beats 1.
    const a = solver.complete(choices({}), [
      { variable: 'seal', value: 'EPDM' },
      { variable: 'medium', value: 'seawater', weight: 2 },
    ]);
    expect(a?.get('medium')).toBe('seawater');
    expect(a?.get('body')).toBe('CF8M');
    expect(a?.get('seal')).not.toBe('EPDM');
    const b = solver.complete(choices({}), [
      { variable: 'seal', value: 'EPDM', weight: 3 },
      { variable: 'medium', value: 'seawater', weight: 2 },
    ]);
    expect(b?.get('seal')).toBe('EPDM');
    expect(b?.get('temp')).toBe('t120');
    expect(b?.get('medium')).toBe('water');
  });

  it('satisfies every preference when they fit together, and keeps the choices', () => {
    const a = solver.complete(choices({ body: 'CF8M' }), [
      { variable: 'seal', value: 'PTFE', weight: 0.5 },
      { variable: 'temp', value: 't180', weight: 0.25 },
      { variable: 'medium', value: 'oil' },
      { variable: 'body', value: 'WCB', weight: 10 },
    ]);
    expect(a && Object.fromEntries(a)).toEqual({ seal: 'PTFE', temp: 't180', body: 'CF8M', medium: 'oil' });
  });

  it('avoids a value with negative weight', () => {
    const a = solver.complete(choices({ seal: 'EPDM' }), [{ variable: 'body', value: 'WCB', weight: -1 }]);
    expect(a?.get('body')).toBe('CF8M');
  });

  it('has no completion for inconsistent choices', () => {
    expect(solver.complete(choices({ seal: 'EPDM', temp: 't250' }), [])).toBeUndefined();
  });
});

describe('ConfigurationSolver.deadValues and satisfiable', () => {
  it('finds values no configuration can use', () => {
    // epoxy → oil (r1) → no coating (r2): epoxy is dead. Oil and water both need FKM (r3, r4): EPDM is dead.
    const solver = ConfigurationSolver.create({
      domains: [
        { variable: 'coating', values: ['none', 'epoxy'] },
        { variable: 'medium', values: ['water', 'oil'] },
        { variable: 'seal', values: ['EPDM', 'FKM'] },
        { variable: 'size', values: ['DN50'] },
      ],
      constraints: [
        { id: 'r1', formula: implies(atom('coating', 'epoxy'), atom('medium', 'oil')) },
        { id: 'r2', formula: implies(atom('medium', 'oil'), atom('coating', 'none')) },
        { id: 'r3', formula: implies(atom('medium', 'oil'), atom('seal', 'FKM')) },
        { id: 'r4', formula: implies(atom('medium', 'water'), atom('seal', 'FKM')) },
      ],
    });
    expect(solver.deadValues()).toEqual([
      { variable: 'coating', value: 'epoxy' },
      { variable: 'seal', value: 'EPDM' },
    ]);
    expect(solver.satisfiable(choices({ medium: 'oil' }))).toBe(true);
    expect(solver.satisfiable(choices({ medium: 'oil' }), atom('seal', 'EPDM'))).toBe(false);
    expect(solver.satisfiable(choices({}), or(atom('coating', 'epoxy'), atom('size', 'DN50')))).toBe(true);
    expect(solver.satisfiable(choices({}), { kind: 'const', value: false })).toBe(false);
  });

  it('handles a problem without variables or rules', () => {
    const solver = ConfigurationSolver.create({ domains: [], constraints: [] });
    expect(solver.propagate(choices({}))).toEqual({ consistent: true, allowed: new Map() });
    expect(solver.deadValues()).toEqual([]);
  });
});

describe('ProblemError', () => {
  const domains = valve.domains;
  const create = (problem: ConstraintProblem) => () => ConfigurationSolver.create(problem);

  it('names the constraint and the bad atom', () => {
    expect(create({ domains, constraints: [{ id: 'PTFE limit', formula: implies(atom('seal', 'PTFE'), atom('tmp', 't120')) }] })).toThrow(
      /Constraint "PTFE limit": unknown variable "tmp"/,
    );
    expect(create({ domains, constraints: [{ id: 'PTFE limit', formula: atom('temp', 't200') }] })).toThrow(
      /Constraint "PTFE limit": "t200" is not a value of "temp".*t120/,
    );
    expect(create({ domains, constraints: [{ id: 'odd', formula: { kind: 'xor' } as unknown as Formula }] })).toThrow(ProblemError);
  });

  it('rejects empty domains, repeated values and repeated variables', () => {
    expect(create({ domains: [{ variable: 'x', values: [] }], constraints: [] })).toThrow(/"x" has an empty domain/);
    expect(create({ domains: [{ variable: 'x', values: ['a', 'b', 'a'] }], constraints: [] })).toThrow(/"x": value "a" appears twice/);
    expect(create({ domains: [...domains, domains[0]!], constraints: [] })).toThrow(/"seal" is declared twice/);
  });

  it('rejects unknown variables and values in choices, keep and preferences', () => {
    const solver = ConfigurationSolver.create(valve);
    expect(() => solver.propagate(choices({ colour: 'red' }))).toThrow(/Choice "colour": unknown variable/);
    expect(() => solver.propagate(choices({ seal: 'NBR' }))).toThrow(/Choice seal = "NBR": not a value of "seal"/);
    expect(() => solver.fixes(choices({ seal: 'EPDM' }), ['colour'])).toThrow(ProblemError);
    expect(() => solver.complete(choices({}), [{ variable: 'seal', value: 'NBR' }])).toThrow(/Preference 1: "NBR" is not a value/);
    expect(() => solver.explainExclusion(choices({}), 'seal', 'NBR')).toThrow(ProblemError);
  });
});
