/**
 * Seeded problem generators for tests and benchmarks: a multi-valued rule set like a cost
 * engineer's, and a feature model in CNF like the published benchmarks. Both are satisfiable
 * by construction: every rule is drawn so that a planted configuration satisfies it.
 */
import type { Constraint, ConstraintProblem, Formula } from '../problem.js';
import { Random } from './random.js';

const atom = (variable: string, value: string): Formula => ({ kind: 'atom', variable, value });
const not = (of: Formula): Formula => ({ kind: 'not', of });
const or = (...of: Formula[]): Formula => ({ kind: 'or', of });
const and = (...of: Formula[]): Formula => ({ kind: 'and', of });

export interface GeneratedProblem {
  readonly problem: ConstraintProblem;
  /** A configuration every rule admits. */
  readonly planted: ReadonlyMap<string, string>;
}

/**
 * `variables` variables (`p000`…) with `values` values each (`v0`…) and `rules` rules:
 * 60 % "a = x excludes b = y", 25 % "a = x requires b in {three values}", 15 % over three
 * variables ("a = x and b = y exclude c = z" or "… require c in {half the values}").
 */
export function generateRuleProblem(options: { variables?: number; values?: number; rules?: number; seed?: number } = {}): GeneratedProblem {
  const { variables = 100, values = 8, rules = 300, seed = 1 } = options;
  const random = new Random(seed);
  const names = Array.from({ length: variables }, (_, i) => `p${String(i).padStart(3, '0')}`);
  const valueNames = Array.from({ length: values }, (_, j) => `v${j}`);
  const planted = names.map(() => random.int(values));
  const holds = (lits: readonly [number, number][]): boolean => lits.every(([v, x]) => planted[v] === x);
  const constraints: Constraint[] = [];
  const a = (v: number, x: number): Formula => atom(names[v]!, valueNames[x]!);
  /** `k` values of v, always including the planted one when `withPlanted`. */
  const someValues = (v: number, k: number, withPlanted: boolean): number[] => {
    const picked = random.sample(values, k);
    if (withPlanted && !picked.includes(planted[v]!)) picked[0] = planted[v]!;
    return picked;
  };
  while (constraints.length < rules && variables >= 3 && values >= 2) {
    const id = `rule ${constraints.length + 1}`;
    const [p, q, r] = random.sample(variables, 3) as [number, number, number];
    const kind = random.next();
    const x = random.int(values);
    const y = random.int(values);
    let formula: Formula | undefined;
    if (kind < 0.6) {
      if (!holds([[p, x], [q, y]])) formula = or(not(a(p, x)), not(a(q, y)));
    } else if (kind < 0.85) {
      const allowed = someValues(q, Math.min(3, values), planted[p] === x);
      formula = or(not(a(p, x)), ...allowed.map((z) => a(q, z)));
    } else if (random.next() < 0.5) {
      const z = random.int(values);
      if (!holds([[p, x], [q, y], [r, z]])) formula = not(and(a(p, x), a(q, y), a(r, z)));
    } else {
      const allowed = someValues(r, Math.max(1, values >> 1), planted[p] === x && planted[q] === y);
      formula = or(not(and(a(p, x), a(q, y))), ...allowed.map((z) => a(r, z)));
    }
    if (formula) constraints.push({ id, formula });
  }
  return {
    problem: { domains: names.map((variable) => ({ variable, values: valueNames })), constraints },
    planted: new Map(names.map((n, i) => [n, valueNames[planted[i]!]!])),
  };
}

type Group = { readonly kind: 'mandatory' | 'optional' | 'alternative' | 'or'; readonly members: readonly number[] };

/**
 * A feature model as CNF over `features` boolean variables named "1"… (values "true",
 * "false", like DIMACS): a tree (child requires parent, feature 1 the root) whose children form
 * mandatory, optional, alternative (exactly one) and or (at least one) groups, then cross-tree
 * requires/excludes clauses up to `clauses` in all. Several configurations are planted and
 * every cross-tree clause admits all of them, so most features stay selectable, as in
 * published models. Constraint ids are "clause k".
 */
export function generateFeatureModel(options: { features?: number; clauses?: number; seed?: number; planted?: number } = {}): GeneratedProblem {
  const { features = 1000, clauses = 4000, seed = 1, planted: plantedCount = 20 } = options;
  const random = new Random(seed);
  const children: number[][] = Array.from({ length: features + 1 }, () => []);
  const queue = [1];
  for (let q = 0, next = 2; next <= features; q++) {
    // Every placed feature is in the queue, so it never runs dry before all are placed.
    const parent = queue[q] ?? queue[queue.length - 1]!;
    const count = q === 0 ? 2 + random.int(5) : random.next() < 0.55 ? 2 + random.int(6) : q === queue.length - 1 ? 1 : 0;
    for (let k = 0; k < count && next <= features; k++) {
      children[parent]!.push(next);
      queue.push(next++);
    }
  }

  const lits: number[][] = [[1]];
  const groups: Group[][] = children.map(() => []);
  for (let p = 1; p <= features; p++) {
    const kids = children[p]!;
    for (const c of kids) lits.push([-c, p]);
    for (let i = 0; i < kids.length; ) {
      const left = kids.length - i;
      const roll = random.next();
      let group: Group;
      if (roll < 0.3 && left >= 2) {
        group = { kind: 'alternative', members: kids.slice(i, i + 2 + random.int(Math.min(left, 6) - 1)) };
        lits.push([-p, ...group.members]);
        group.members.forEach((a, j) => group.members.slice(j + 1).forEach((b) => lits.push([-a, -b])));
      } else if (roll < 0.45 && left >= 2) {
        group = { kind: 'or', members: kids.slice(i, i + 2 + random.int(Math.min(left, 4) - 1)) };
        lits.push([-p, ...group.members]);
      } else if (roll < 0.7) {
        group = { kind: 'mandatory', members: [kids[i]!] };
        lits.push([-p, kids[i]!]);
      } else group = { kind: 'optional', members: [kids[i]!] };
      groups[p]!.push(group);
      i += group.members.length;
    }
  }

  // Planted configurations, top-down (children are numbered after their parent); each one
  // favours features the earlier ones left out, so together they cover most of the tree.
  const plants: boolean[][] = [];
  const used = new Array<number>(features + 1).fill(0);
  const fresh = (c: number) => used[c] === 0 || random.next() < 0.3;
  for (let k = 0; k < plantedCount; k++) {
    const on = new Array<boolean>(features + 1).fill(false);
    on[1] = true;
    for (let p = 1; p <= features; p++) {
      if (!on[p]) continue;
      used[p]!++;
      for (const g of groups[p]!) {
        if (g.kind === 'mandatory') on[g.members[0]!] = true;
        else if (g.kind === 'optional') on[g.members[0]!] = fresh(g.members[0]!);
        else if (g.kind === 'alternative') {
          const least = Math.min(...g.members.map((c) => used[c]!));
          on[random.pick(g.members.filter((c) => used[c] === least))] = true;
        } else {
          for (const c of g.members) on[c] = fresh(c);
          if (!g.members.some((c) => on[c])) on[random.pick(g.members)] = true;
        }
      }
    }
    plants.push(on);
  }
  const admitted = (clause: readonly number[]) => plants.every((on) => clause.some((l) => on[Math.abs(l)] === l > 0));
  const seen = new Set(lits.map((c) => c.join(' ')));
  for (let attempts = 0; lits.length < clauses && features >= 3 && attempts < 100 * clauses; attempts++) {
    const [a, b] = random.sample(features - 1, 2).map((i) => i + 2) as [number, number];
    const clause = random.next() < 0.6 ? [-a, b] : [-a, -b];
    if (seen.has(clause.join(' ')) || !admitted(clause)) continue;
    seen.add(clause.join(' '));
    lits.push(clause);
  }

  const name = (n: number): string => String(n);
  const constraints = lits.map(
    (clause, k): Constraint => ({ id: `clause ${k + 1}`, formula: or(...clause.map((l) => atom(name(Math.abs(l)), l > 0 ? 'true' : 'false'))) }),
  );
  return {
    problem: { domains: Array.from({ length: features }, (_, i) => ({ variable: name(i + 1), values: ['true', 'false'] })), constraints },
    planted: new Map(Array.from({ length: features }, (_, i) => [name(i + 1), plants[0]![i + 1] ? 'true' : 'false'])),
  };
}
