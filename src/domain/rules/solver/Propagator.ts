/**
 * Complete propagation: which (variable, value) atoms some full valid assignment extending the
 * choices uses. Every atom ends either SUPPORTED or EXCLUDED, each with a proof:
 *
 * - supported: a full assignment that extends the choices and under which every unit holds
 *   uses the atom. Such a witness comes from MiniSat, or from the local search (which tracks
 *   every unit its changes touch, starting from a valid assignment), or is a valid witness
 *   with one value changed and every unit over that variable re-checked. Witnesses never go
 *   stale (the rules do not change), so they are pooled and reused by later calls.
 * - excluded: (a) another value of a chosen variable; (b) excluded under a subset of these
 *   choices before (more choices only remove assignments); (c) derived by unit propagation
 *   from the choices, or from the choices and the atom (a contradiction); (d) a unit whose
 *   variables are all fixed by the choices, the atom and what (c) forces is broken; or
 *   (e) MiniSat finds no valid assignment extending the choices that uses ANY of the atoms
 *   still open (one UNSAT answer settles all of them at once).
 *
 * The last step repeats until no atom is open, so the result is exact whatever the heuristics
 * do; they only decide how fast. The cheap proofs come first: pool witnesses, one-value changes,
 * a few local search steps, a probe; then "some open atom holds?" to MiniSat, each SAT answer
 * a new witness covering at least one open atom. When the SAT answers keep coming, the open
 * atoms are hard to reach, and a longer local search for each is cheaper than MiniSat for each.
 */
import type { CompiledProblem, Nnf } from './compile.js';
import { LocalSearch } from './LocalSearch.js';
import type { SearchResult } from './LocalSearch.js';
import type { Random } from './random.js';
import type { SatModel } from './SatModel.js';
import { UnitPropagation } from './UnitPropagation.js';

/** Witnesses kept for later calls; older ones are dropped first. */
const POOL_SIZE = 256;
/** Of the witnesses the local search walks through, one in this many is pooled. */
const POOL_EVERY = 4;
/** Pool witnesses whose one-value changes are tried before any search. */
const NEIGHBOUR_WITNESSES = 32;
/** Results kept: an exact repeat is answered at once, a subset of choices lends its exclusions. */
const MEMO_SIZE = 16;
/**
 * Local search steps: per open atom from the latest witness, after a probe, in the long
 * search every few SAT rounds, and to find a first witness for new choices. Tuned on the
 * generated benchmark problems; any values keep the result exact.
 */
const QUICK_STEPS = 4;
const PROBE_STEPS = 10;
const LONG_STEPS = 40;
const LONG_SEARCH_EVERY = 3;
const WITNESS_STEPS = 200;
const GREEDY_STEPS = 100;

const IMPOSSIBLE: SearchResult = { kind: 'impossible' };

interface Memo {
  readonly chosen: Int32Array;
  /** Excluded atoms, or null when the choices were inconsistent. */
  readonly excluded: Uint8Array | null;
}

export interface PropagatorStats {
  satCalls: number;
  searches: number;
  found: number;
  gaveUp: number;
  impossible: number;
}

export class Propagator {
  readonly stats: PropagatorStats = { satCalls: 0, searches: 0, found: 0, gaveUp: 0, impossible: 0 };
  private readonly pool: Int32Array[] = [];
  private readonly memo: Memo[] = [];
  private readonly search: LocalSearch;
  private readonly units: UnitPropagation;

  constructor(
    private readonly problem: CompiledProblem,
    private readonly sat: SatModel,
    random: Random,
  ) {
    this.search = new LocalSearch(problem, random);
    this.units = new UnitPropagation(problem);
  }

  /** The literal "variable v takes value x". */
  static literal(variable: number, value: number): Nnf {
    return { kind: 'lit', variable, value, positive: true };
  }

  /** The chosen values as literals, for SAT questions. */
  choiceLiterals(chosen: Int32Array): Nnf[] {
    const out: Nnf[] = [];
    chosen.forEach((x, v) => {
      if (x >= 0) out.push(Propagator.literal(v, x));
    });
    return out;
  }

  /** Remember a valid assignment; later calls reuse it. */
  addWitness(assignment: Int32Array): void {
    this.pool.push(assignment);
    if (this.pool.length > POOL_SIZE) this.pool.shift();
  }

  /** Pool witnesses extending the choices, newest first. */
  *witnesses(chosen: Int32Array): Generator<Int32Array> {
    const fixed = chosenVariables(chosen);
    const count = fixed.length;
    for (let i = this.pool.length - 1; i >= 0; i--) {
      const w = this.pool[i]!;
      let j = 0;
      while (j < count && w[fixed[j]!] === chosen[fixed[j]!]) j++;
      if (j === count) yield w;
    }
  }

  /**
   * A valid assignment extending the choices, or null when the choices are inconsistent.
   * `frozen` (values every such assignment has; the choices at least) guides the local search.
   */
  witness(chosen: Int32Array, frozen: Int32Array = chosen): Int32Array | null {
    for (const w of this.witnesses(chosen)) return w;
    if (this.inconsistentByMemo(chosen)) return null;
    const nearest = this.nearest(chosen);
    if (nearest) {
      this.stats.searches++;
      const r = this.search.search(nearest, frozen, WITNESS_STEPS);
      if (r.kind === 'found') {
        this.addWitness(r.assignment);
        return r.assignment;
      }
      if (r.kind === 'impossible') return null;
    }
    this.stats.satCalls++;
    const w = this.sat.solve({ rules: 'all', holds: this.choiceLiterals(chosen) });
    if (w) this.addWitness(w);
    return w;
  }

  /**
   * When unit propagation alone finds the choices inconsistent: the rules and chosen
   * variables its derivation used (inconsistent together), else null.
   */
  unitCore(chosen: Int32Array): { rules: Set<number>; variables: Set<number> } | null {
    const { problem, units } = this;
    if (units.load(choiceExclusions(problem, chosen))) return null;
    const core = units.core();
    return { rules: new Set(core.units.map((u) => problem.units[u]!.rule)), variables: new Set(core.atoms.map((a) => units.variableOf[a]!)) };
  }

  /**
   * A valid assignment extending the choices that takes as many of the `wishes` (variable,
   * value pairs, most wanted first) as a greedy pass manages: each is assumed in unit
   * propagation unless that contradicts the ones taken before, then a guided local search
   * repairs the rest. A heuristic start for optimisation; null when it does not get there.
   */
  greedy(chosen: Int32Array, wishes: readonly (readonly [number, number])[]): Int32Array | null {
    const { problem, units } = this;
    const base = this.witness(chosen);
    if (!base) return null;
    if (!units.load(choiceExclusions(problem, chosen))) return null;
    try {
      for (const [v, x] of wishes) {
        const before = units.trailLength;
        if (!units.assume(v, x)) units.retract(before);
      }
      const r = this.search.guided(base, units, GREEDY_STEPS);
      if (r.kind !== 'found') return null;
      this.addWitness(r.assignment);
      return r.assignment;
    } finally {
      units.retract();
    }
  }

  /**
   * Excluded atoms (1 = no valid assignment extending the choices uses it), or null when the
   * choices are inconsistent. Atom (v, x) is `problem.atomOffset[v] + x`.
   */
  excluded(chosen: Int32Array): Uint8Array | null {
    const hit = this.memo.find((m) => sameChoices(m.chosen, chosen));
    if (hit) return hit.excluded;
    const result = this.compute(chosen);
    this.memo.push({ chosen: chosen.slice(), excluded: result });
    if (this.memo.length > MEMO_SIZE) this.memo.shift();
    return result;
  }

  private compute(chosen: Int32Array): Uint8Array | null {
    const { problem } = this;
    const { atomOffset, values } = problem;
    const n = problem.variables.length;
    const supported = new Uint8Array(problem.atomCount);

    // (a) and (b): exclusions known without search.
    const excluded = choiceExclusions(problem, chosen);
    for (const m of this.memo) {
      if (m.excluded && isSubset(m.chosen, chosen)) for (let i = 0; i < excluded.length; i++) excluded[i]! |= m.excluded[i]!;
    }

    // (c): unit propagation from the choices.
    const units = this.units;
    if (!units.load(excluded)) return null;
    excluded.set(units.excluded);

    let current: Int32Array | null = null;
    const matching: Int32Array[] = [];
    for (const w of this.witnesses(chosen)) {
      current ??= w;
      if (matching.length < NEIGHBOUR_WITNESSES) matching.push(w);
      mark(problem, supported, w);
    }
    current ??= this.witness(chosen, units.forced);
    if (!current) return null;
    mark(problem, supported, current);

    // Each open atom: a few local search steps from the latest witness (which walks the space);
    // failing that, when `probe`, unit propagation with the atom (a contradiction proves it
    // impossible) and `steps` more steps with every value it forces imposed.
    let frozen = units.forced.slice();
    let walked = 0;
    const reach = (probe: boolean, steps: number): void => {
      let found = false;
      for (let v = 0; v < n; v++) {
        if (frozen[v]! >= 0) continue;
        for (let x = 0; x < values[v]!.length; x++) {
          const atom = atomOffset[v]! + x;
          if (supported[atom] || excluded[atom]) continue;
          // The latest witness with only this value changed is often still valid: a proof, free.
          if (this.search.fits(current!, v, x) || matching.some((w) => this.search.fits(w, v, x))) {
            supported[atom] = 1;
            continue;
          }
          this.stats.searches++;
          frozen[v] = x;
          let r = this.search.search(current!, frozen, QUICK_STEPS);
          frozen[v] = -1;
          if (r.kind === 'gave-up' && probe) {
            r = units.assume(v, x) ? this.search.guided(current!, units, steps) : IMPOSSIBLE;
            units.retract();
          }
          this.stats[r.kind === 'found' ? 'found' : r.kind === 'gave-up' ? 'gaveUp' : 'impossible']++;
          if (r.kind === 'found') {
            current = r.assignment;
            // Consecutive witnesses of the walk differ little: pool a few, to keep it varied.
            if (++walked % POOL_EVERY === 0) this.addWitness(current);
            mark(problem, supported, current);
          } else if (r.kind === 'impossible') {
            excluded[atom] = 1;
            found = true;
          }
        }
      }
      // New exclusions may force more: propagate them for the next round.
      if (found) {
        units.load(excluded);
        excluded.set(units.excluded);
        frozen = units.forced.slice();
      }
    };
    reach(true, PROBE_STEPS);

    // (d): ask MiniSat for any open atom until none is left. Atoms still open are mostly
    // impossible ones, which one UNSAT answer settles; if SAT answers keep coming, the open
    // atoms are hard to reach, and a longer local search is cheaper than MiniSat for each.
    const choices = this.choiceLiterals(chosen);
    for (let round = 1; ; round++) {
      const open: Nnf[] = [];
      for (let v = 0; v < n; v++) {
        for (let x = 0; x < values[v]!.length; x++) {
          const atom = atomOffset[v]! + x;
          if (!supported[atom] && !excluded[atom]) open.push(Propagator.literal(v, x));
        }
      }
      if (open.length === 0) break;
      this.stats.satCalls++;
      const w = this.sat.solve({ rules: 'all', holds: [...choices, { kind: 'or', of: open }] });
      if (!w) {
        for (const lit of open) if (lit.kind === 'lit') excluded[atomOffset[lit.variable]! + lit.value] = 1;
        break;
      }
      current = w;
      this.addWitness(w);
      mark(problem, supported, w);
      reach(round % LONG_SEARCH_EVERY === 0, LONG_STEPS);
    }
    return excluded;
  }

  private inconsistentByMemo(chosen: Int32Array): boolean {
    return this.memo.some((m) => m.excluded === null && isSubset(m.chosen, chosen));
  }

  /** The pool witness agreeing with the most choices. */
  private nearest(chosen: Int32Array): Int32Array | undefined {
    const fixed = chosenVariables(chosen);
    let best: Int32Array | undefined;
    let bestScore = -1;
    for (const w of this.pool) {
      let score = 0;
      for (const v of fixed) if (w[v] === chosen[v]) score++;
      if (score > bestScore) {
        bestScore = score;
        best = w;
      }
    }
    return best;
  }
}

/** The other values of each chosen variable, as excluded atoms. */
function choiceExclusions(problem: CompiledProblem, chosen: Int32Array): Uint8Array {
  const excluded = new Uint8Array(problem.atomCount);
  chosen.forEach((x, v) => {
    if (x >= 0) for (let y = 0; y < problem.values[v]!.length; y++) if (y !== x) excluded[problem.atomOffset[v]! + y] = 1;
  });
  return excluded;
}

function chosenVariables(chosen: Int32Array): number[] {
  const out: number[] = [];
  chosen.forEach((x, v) => {
    if (x >= 0) out.push(v);
  });
  return out;
}

function mark(problem: CompiledProblem, supported: Uint8Array, w: Int32Array): void {
  for (let v = 0; v < w.length; v++) supported[problem.atomOffset[v]! + w[v]!] = 1;
}

function sameChoices(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Every choice of `small` is also in `big`. */
function isSubset(small: Int32Array, big: Int32Array): boolean {
  for (let i = 0; i < small.length; i++) if (small[i]! >= 0 && small[i] !== big[i]) return false;
  return true;
}
