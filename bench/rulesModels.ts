/**
 * Generated configuration problems for the rules benchmark (bench/rules.ts), seeded.
 *
 * Both kinds are built around a planted configuration that every rule admits, so they are
 * satisfiable by construction (and the generator checks it), while the rules still cut the
 * space down enough that propagation has real work to do.
 */
import type { Constraint, ConstraintProblem, Formula } from '../src/domain/rules/problem.js';
import { prng } from './generatedModel.js';
import { holds } from '../src/domain/rules/formula.js';
export { holds };

type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[int(rand, xs.length)] as T;

const atom = (variable: string, value: string): Formula => ({ kind: 'atom', variable, value });
const not = (of: Formula): Formula => ({ kind: 'not', of });
const or = (...of: Formula[]): Formula => ({ kind: 'or', of });
const and = (...of: Formula[]): Formula => ({ kind: 'and', of });

/** `k` distinct values out of 0..n-1 that include `must`, in random order. */
function subsetWith(rand: Rand, n: number, k: number, must: number): number[] {
  const rest = Array.from({ length: n }, (_, i) => i).filter((i) => i !== must);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = int(rand, i + 1);
    [rest[i], rest[j]] = [rest[j] as number, rest[i] as number];
  }
  return [must, ...rest.slice(0, k - 1)];
}

export interface GeneratedRules {
  readonly problem: ConstraintProblem;
  /** A configuration every rule admits (variable → value). */
  readonly planted: ReadonlyMap<string, string>;
  /** Rules of each kind, for the progress line. */
  readonly kinds: Readonly<Record<'excludes' | 'requires' | 'table', number>>;
}

/**
 * `parameters` parameters with `options` options each (`p000` = `o0`…) and `rules` rules,
 * mixed like a cost engineer's: 40 % excludes between two options, 40 % "option requires one
 * of 2–4 options of another parameter", 20 % compatibility tables over two parameters (each
 * option of the first allows 3–6 of the second).
 */
export function generateRulesProblem(parameters: number, options: number, rules: number, seed: number): GeneratedRules {
  const rand = prng(seed);
  const names = Array.from({ length: parameters }, (_, i) => `p${String(i).padStart(3, '0')}`);
  const values = Array.from({ length: options }, (_, i) => `o${i}`);
  const planted = new Map(names.map((n) => [n, int(rand, options)] as const));
  const plantedOf = (n: string) => planted.get(n) as number;
  const twoParameters = (): [string, string] => {
    const a = pick(rand, names);
    let b = pick(rand, names);
    while (b === a) b = pick(rand, names);
    return [a, b];
  };

  const constraints: Constraint[] = [];
  const kinds = { excludes: 0, requires: 0, table: 0 };
  for (let r = 0; r < rules; r++) {
    const id = `rule ${r + 1}`;
    const [a, b] = twoParameters();
    const roll = rand();
    if (roll < 0.4) {
      // a = x excludes b = y, never both planted.
      let x = int(rand, options);
      const y = int(rand, options);
      if (x === plantedOf(a) && y === plantedOf(b)) x = (x + 1 + int(rand, options - 1)) % options;
      constraints.push({ id, formula: not(and(atom(a, values[x] as string), atom(b, values[y] as string))) });
      kinds.excludes++;
    } else if (roll < 0.8) {
      // a = x requires b ∈ S; S holds b's planted value when x is a's.
      const x = int(rand, options);
      const size = 2 + int(rand, 3);
      const allowed = x === plantedOf(a) ? subsetWith(rand, options, size, plantedOf(b)) : subsetWith(rand, options, size, int(rand, options));
      constraints.push({ id, formula: or(not(atom(a, values[x] as string)), ...allowed.map((y) => atom(b, values[y] as string))) });
      kinds.requires++;
    } else {
      // A table over (a, b): every option of a lists the options of b it combines with.
      const rows: Formula[] = [];
      for (let x = 0; x < options; x++) {
        const size = 3 + int(rand, 4);
        const allowed = subsetWith(rand, options, size, x === plantedOf(a) ? plantedOf(b) : int(rand, options));
        rows.push(or(not(atom(a, values[x] as string)), ...allowed.map((y) => atom(b, values[y] as string))));
      }
      constraints.push({ id, formula: and(...rows) });
      kinds.table++;
    }
  }
  const problem: ConstraintProblem = { domains: names.map((variable) => ({ variable, values })), constraints };
  const assignment = new Map(names.map((n) => [n, values[plantedOf(n)] as string]));
  for (const c of constraints) {
    if (!holds(c.formula, assignment)) throw new Error(`generator bug: ${c.id} rejects the planted configuration`);
  }
  return { problem, planted: assignment, kinds };
}


export interface FeatureModelCnf {
  readonly variables: number;
  readonly clauses: readonly (readonly number[])[];
  /** Valid configurations every clause admits: planted[k][v] for variable v (index 0 unused). */
  readonly planted: readonly (readonly boolean[])[];
  readonly counts: Readonly<Record<'tree' | 'mandatory' | 'alternative' | 'or' | 'crossTree', number>>;
}

type Group = { readonly kind: 'mandatory' | 'optional' | 'alternative' | 'or'; readonly members: readonly number[] };

export interface FeatureModelShape {
  /** Alternative groups have 2..maxAlternative members (each adds n(n−1)/2 at-most-one pairs). */
  readonly maxAlternative: number;
  /** Configurations planted; every cross-tree constraint admits all of them. */
  readonly planted: number;
}

/**
 * A feature model as CNF, the shape of published feature-model benchmarks: a tree of
 * `variables` features (1 is the root), every child implies its parent; each feature's children
 * are split into mandatory and optional children, alternative groups (exactly one when the
 * parent is selected: one "parent → some child" clause and at-most-one pairs) and or-groups
 * (at least one). Cross-tree requires (¬a ∨ b) and excludes (¬a ∨ ¬b) fill the clause count
 * up to `clauses`.
 *
 * Several configurations are planted top-down first and every cross-tree constraint admits
 * each of them: the formula is satisfiable, and the features they use stay selectable, so
 * random constraints do not kill most of the tree (which would make propagation trivial).
 */
export function generateFeatureModelCnf(variables: number, clauses: number, seed: number, shape: FeatureModelShape = { maxAlternative: 8, planted: 25 }): FeatureModelCnf {
  const rand = prng(seed);
  // Breadth first: about 40 % of the features are leaves, the others get 2–8 children.
  const children: number[][] = Array.from({ length: variables + 1 }, () => []);
  const queue = [1];
  let next = 2;
  for (let q = 0; q < queue.length && next <= variables; q++) {
    const p = queue[q] as number;
    const k = q === 0 || rand() < 0.6 ? 2 + int(rand, 7) : 0;
    for (let j = 0; j < k && next <= variables; j++) {
      (children[p] as number[]).push(next);
      queue.push(next++);
    }
    // Never run dry before every feature has a place.
    if (q === queue.length - 1 && next <= variables) {
      (children[p] as number[]).push(next);
      queue.push(next++);
    }
  }

  const out: number[][] = [[1]];
  const counts = { tree: 1, mandatory: 0, alternative: 0, or: 0, crossTree: 0 };
  const groups: Group[][] = Array.from({ length: variables + 1 }, () => []);
  const depth: number[] = Array.from({ length: variables + 1 }, () => 0);
  for (let p = 1; p <= variables; p++) {
    const kids = children[p] as number[];
    for (const c of kids) {
      out.push([-c, p]);
      depth[c] = (depth[p] as number) + 1;
      counts.tree++;
    }
    // As in real models: the top levels are mostly mandatory and optional features, choices
    // between alternatives lie further down.
    const top = (depth[p] as number) < 2;
    const [alternative, orGroup, mandatory] = top ? [0.1, 0.2, 0.55] : [0.4, 0.55, 0.65];
    let i = 0;
    while (i < kids.length) {
      const left = kids.length - i;
      const roll = rand();
      if (roll < alternative && left >= 2) {
        const members = kids.slice(i, i + Math.min(left, 2 + int(rand, shape.maxAlternative - 1)));
        i += members.length;
        out.push([-p, ...members]);
        for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) out.push([-(members[x] as number), -(members[y] as number)]);
        counts.alternative += 1 + (members.length * (members.length - 1)) / 2;
        (groups[p] as Group[]).push({ kind: 'alternative', members });
      } else if (roll < orGroup && left >= 2) {
        const members = kids.slice(i, i + Math.min(left, 2 + int(rand, 3)));
        i += members.length;
        out.push([-p, ...members]);
        counts.or++;
        (groups[p] as Group[]).push({ kind: 'or', members });
      } else if (roll < mandatory) {
        const c = kids[i++] as number;
        out.push([-p, c]);
        counts.mandatory++;
        (groups[p] as Group[]).push({ kind: 'mandatory', members: [c] });
      } else {
        (groups[p] as Group[]).push({ kind: 'optional', members: [kids[i++] as number] });
      }
    }
  }
  if (out.length > clauses) throw new Error(`the tree alone needs ${out.length} clauses, more than ${clauses}`);

  // Planted configurations, top-down (a parent's number is below its children's). Each prefers
  // the features earlier ones left out, so together they use much of the tree.
  const planted: boolean[][] = [];
  const uses: number[] = Array.from({ length: variables + 1 }, () => 0);
  const fresh = (c: number) => uses[c] === 0;
  for (let k = 0; k < shape.planted; k++) {
    const on: boolean[] = Array.from({ length: variables + 1 }, () => false);
    on[1] = true;
    for (let p = 1; p <= variables; p++) {
      if (!on[p]) continue;
      uses[p] = (uses[p] as number) + 1;
      for (const g of groups[p] as Group[]) {
        if (g.kind === 'mandatory') on[g.members[0] as number] = true;
        else if (g.kind === 'optional') on[g.members[0] as number] = fresh(g.members[0] as number) || rand() < 0.5;
        else if (g.kind === 'alternative') {
          const least = Math.min(...g.members.map((c) => uses[c] as number));
          on[pick(rand, g.members.filter((c) => uses[c] === least))] = true;
        } else {
          for (const c of g.members) on[c] = fresh(c) || rand() < 0.5;
          if (!g.members.some((c) => on[c])) on[pick(rand, g.members)] = true;
        }
      }
    }
    planted.push(on);
  }
  const admitsAll = (clause: readonly number[]) => planted.every((on) => clause.some((l) => on[Math.abs(l)] === l > 0));

  // Cross-tree constraints between any two features, each admitting every planted configuration.
  const seen = new Set(out.map((c) => c.join(' ')));
  while (out.length < clauses) {
    const a = 2 + int(rand, variables - 1);
    const b = 2 + int(rand, variables - 1);
    if (a === b) continue;
    const clause = rand() < 0.6 ? [-a, b] : [-a, -b];
    if (!admitsAll(clause) || seen.has(clause.join(' '))) continue;
    seen.add(clause.join(' '));
    out.push(clause);
    counts.crossTree++;
  }
  for (const c of out) {
    if (!admitsAll(c)) throw new Error(`generator bug: clause ${c.join(' ')} rejects a planted configuration`);
  }
  return { variables, clauses: out, planted, counts };
}
