/**
 * The configuration rules' benchmark (issue 4), run by bench/run.ts after the engine's part
 * (`SUANPAN_BENCH_ONLY=rules` runs only this). Metric lines on stdout, progress on stderr.
 *
 * - `rules.generated_100x8_300.propagate.median|p95`: a generated model of 100 parameters × 8
 *   options with 300 rules (bench/rulesModels.ts): ConfigurationSolver.propagate after one more
 *   choice, over sequences of random choices, each taken among the values the previous
 *   propagation still allowed (so the choices stay consistent). Target p95 ≤ 20 ms.
 * - `rules.cnf_1000x4000.propagate.median|p95`: the same over a generated feature-model CNF of
 *   1,000 variables and 4,000 clauses, written as DIMACS and read back with parseDimacs.
 *   Target p95 ≤ 200 ms.
 * - `rules.<model id>.evaluate.median|p95`: each example workbook's rules, ModelRules.evaluate
 *   after each choice, the rules' suggestions applied to the form between choices.
 */
import { ConfigurationSolver, compileRules } from '../src/domain/rules/index.js';
import { formatDimacs, formatDimacsError, parseDimacs } from '../src/domain/rules/dimacs.js';
import type { ConstraintProblem } from '../src/domain/rules/problem.js';
import type { AllowedValues } from '../src/domain/rules/index.js';
import { PriceModel, formatWorkbookError } from '../src/domain/workbook/index.js';
import type { Parameter, ParameterValue, WorkbookSource } from '../src/domain/workbook/index.js';
import { candidateValues, discoverExampleModels } from './exampleModels.js';
import { prng } from './generatedModel.js';
import { generateFeatureModelCnf, generateRulesProblem } from './rulesModels.js';
import { collectGarbage, emit, median, metricSegment, percentile, progress } from './stats.js';

export const TARGET_GENERATED_P95_MS = 20;
export const TARGET_CNF_P95_MS = 200;

export interface RulesFinding {
  readonly what: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
}

const ms = (xs: readonly number[]) => `median ${median(xs).toFixed(2)} ms, p95 ${percentile(xs, 95).toFixed(2)} ms, n=${xs.length}`;

interface ChoicePlan {
  /** Timed choices (at least; a sequence in progress is finished within the budget). */
  readonly min: number;
  readonly max: number;
  readonly budgetMs: number;
  /** Untimed choices first (JIT, the solver's caches). */
  readonly warmup: number;
}

/**
 * Random choice sequences on a solver: from no choices, choose a variable that still has two
 * or more values, take one of its allowed values, propagate (timed); when every variable is
 * decided, start over. Returns the propagation times and how many sequences ran.
 */
function timeChoiceSequences(solver: ConfigurationSolver, problem: ConstraintProblem, plan: ChoicePlan, seed: number): { times: number[]; sequences: number; openAtStart: number } {
  const rand = prng(seed);
  const start = solver.propagate(new Map());
  if (!start.consistent) throw new Error('the generated problem has no valid configuration');
  const openAtStart = [...start.allowed.values()].filter((v) => v.length > 1).length;
  let allowed = start.allowed;
  let choices = new Map<string, string>();
  let sequences = 1;
  const times: number[] = [];
  collectGarbage();
  const started = performance.now();
  for (let i = 0; ; i++) {
    const timed = i >= plan.warmup;
    if (timed && (times.length >= plan.max || (times.length >= plan.min && performance.now() - started > plan.budgetMs))) break;
    const open = problem.domains.filter((d) => (allowed.get(d.variable)?.length ?? 0) > 1 && !choices.has(d.variable));
    if (open.length === 0) {
      choices = new Map();
      allowed = start.allowed;
      sequences++;
      continue;
    }
    const d = open[Math.floor(rand() * open.length)] as (typeof open)[number];
    const values = allowed.get(d.variable) as readonly string[];
    choices = new Map(choices).set(d.variable, values[Math.floor(rand() * values.length)] as string);
    const t0 = performance.now();
    const result = solver.propagate(choices);
    const t = performance.now() - t0;
    if (!result.consistent) throw new Error(`propagation is not complete: a value it allowed led to a conflict (${[...choices].map(([k, v]) => `${k}=${v}`).join(', ')})`);
    if (timed) times.push(t);
    allowed = result.allowed;
  }
  return { times, sequences, openAtStart };
}

function benchGenerated(findings: RulesFinding[]): void {
  const tag = 'rules.generated_100x8_300';
  const g = generateRulesProblem(100, 8, 300, 4);
  progress(`generated_100x8_300: ${g.kinds.excludes} excludes, ${g.kinds.requires} requires, ${g.kinds.table} compatibility tables`);
  const t0 = performance.now();
  const solver = ConfigurationSolver.create(g.problem);
  progress(`  solver built in ${(performance.now() - t0).toFixed(1)} ms`);
  const start = solver.propagate(new Map());
  const allowedAtStart = start.consistent ? [...start.allowed.values()].reduce((n, v) => n + v.length, 0) : 0;
  const { times, sequences, openAtStart } = timeChoiceSequences(solver, g.problem, { warmup: 30, min: 300, max: 1000, budgetMs: 15_000 }, 41);
  emit(`${tag}.propagate.median`, median(times), 'ms');
  emit(`${tag}.propagate.p95`, percentile(times, 95), 'ms');
  findings.push({ what: 'generated 100×8, 300 rules: propagate after one choice, p95', value: percentile(times, 95), limit: TARGET_GENERATED_P95_MS, unit: 'ms' });
  progress(`  ${openAtStart} of 100 parameters open before any choice (${allowedAtStart} of 800 values allowed); ${sequences} choice sequences; propagate ${ms(times)}`);
}

function benchCnf(findings: RulesFinding[]): void {
  const tag = 'rules.cnf_1000x4000';
  const g = generateFeatureModelCnf(1000, 4000, 9);
  const text = formatDimacs(g.variables, g.clauses, ['generated feature model (bench/rulesModels.ts), seed 9']);
  const parsed = parseDimacs(text, 'cnf_1000x4000.cnf');
  if (!parsed.ok) throw new Error(parsed.errors.map(formatDimacsError).join('\n'));
  const c = g.counts;
  const usedFeatures = Array.from({ length: g.variables }, (_, i) => i + 1).filter((v) => g.planted.some((on) => on[v])).length;
  progress(`cnf_1000x4000: clauses: ${c.tree} tree, ${c.mandatory} mandatory, ${c.alternative} alternative groups, ${c.or} or-groups, ${c.crossTree} cross-tree; ${g.planted.length} planted configurations use ${usedFeatures} features`);
  const t0 = performance.now();
  const solver = ConfigurationSolver.create(parsed.problem);
  progress(`  solver built in ${(performance.now() - t0).toFixed(1)} ms`);
  const dead = solver.deadValues();
  const deadFeatures = dead.filter((d) => d.value === 'true').length;
  const core = dead.filter((d) => d.value === 'false').length;
  const { times, sequences, openAtStart } = timeChoiceSequences(solver, parsed.problem, { warmup: 5, min: 100, max: 400, budgetMs: 20_000 }, 43);
  emit(`${tag}.propagate.median`, median(times), 'ms');
  emit(`${tag}.propagate.p95`, percentile(times, 95), 'ms');
  findings.push({ what: 'CNF 1,000 variables × 4,000 clauses: propagate after one choice, p95', value: percentile(times, 95), limit: TARGET_CNF_P95_MS, unit: 'ms' });
  progress(`  ${openAtStart} of 1,000 features open before any choice (${core} always selected, ${deadFeatures} never); ${sequences} choice sequences; propagate ${ms(times)}`);
}

/** Values of `p` the rules still allow, among realistic candidates. */
function allowedCandidates(p: Parameter, allowed: AllowedValues | undefined): ParameterValue[] {
  const candidates = candidateValues(p);
  if (!allowed) return candidates;
  if (allowed.kind === 'options') return candidates.filter((v) => allowed.values.includes(v));
  return candidates.filter(
    (v) =>
      typeof v === 'number' &&
      allowed.ranges.some(
        (r) => (r.min === undefined || (r.minOpen ? v > r.min : v >= r.min)) && (r.max === undefined || (r.maxOpen ? v < r.max : v <= r.max)),
      ),
  );
}

async function benchExampleRules(file: string, id: string, source: WorkbookSource, findings: RulesFinding[]): Promise<void> {
  const opened = await PriceModel.open(file, source);
  if (!opened.ok) {
    progress(`${file}: skipped, it does not load:\n${opened.errors.map((e) => '    ' + formatWorkbookError(e)).join('\n')}`);
    return;
  }
  const workbook = opened.model.workbook;
  opened.model.dispose();
  const compiled = compileRules(workbook, file);
  if (!compiled.ok) {
    progress(`${file}: skipped, its rules do not compile:\n${compiled.errors.map((e) => '    ' + formatWorkbookError(e)).join('\n')}`);
    return;
  }
  const rules = compiled.rules;
  if (rules.ruleCount === 0) {
    progress(`${file}: no rules, nothing to measure`);
    return;
  }
  const defaults = (): Record<string, ParameterValue> => Object.fromEntries(workbook.parameters.map((p) => [p.id, p.default]));
  const rand = prng(47);
  let values = defaults();
  let userSet = new Set<string>();
  let state = rules.evaluate(values, userSet);
  const times: number[] = [];
  let sequences = 1;
  let conflicts = 0;
  collectGarbage();
  const started = performance.now();
  for (let i = 0; times.length < 2000 && (times.length < 300 || performance.now() - started < 4000); i++) {
    const open = workbook.parameters
      .filter((p) => !userSet.has(p.id))
      .map((p) => ({ p, values: allowedCandidates(p, state.allowed[p.id]).filter((v) => v !== values[p.id]) }))
      .filter((o) => o.values.length > 0);
    if (open.length === 0 || !state.consistent) {
      values = defaults();
      userSet = new Set();
      state = rules.evaluate(values, userSet);
      sequences++;
      continue;
    }
    const { p, values: candidates } = open[Math.floor(rand() * open.length)] as (typeof open)[number];
    values = { ...values, [p.id]: candidates[Math.floor(rand() * candidates.length)] as ParameterValue };
    userSet = new Set(userSet).add(p.id);
    const t0 = performance.now();
    state = rules.evaluate(values, userSet);
    const t = performance.now() - t0;
    // The first 20 evaluations warm up.
    if (i >= 20) times.push(t);
    if (!state.consistent) conflicts++;
    // What the form does after each choice: take the rules' suggestions for the values not set.
    values = { ...values, ...state.suggested };
  }
  emit(`rules.${metricSegment(id)}.evaluate.median`, median(times), 'ms');
  emit(`rules.${metricSegment(id)}.evaluate.p95`, percentile(times, 95), 'ms');
  findings.push({ what: `${id}: rules evaluate after one choice, p95`, value: percentile(times, 95), limit: TARGET_GENERATED_P95_MS, unit: 'ms' });
  progress(`${file}: ${rules.ruleCount} rules; ${sequences} choice sequences${conflicts > 0 ? `, ${conflicts} choices in conflict (propagation should have prevented them)` : ''}; evaluate ${ms(times)}`);
}

/** The rules part of `npm run bench`; returns what to compare with the targets. */
export async function benchRules(root: string, source: WorkbookSource): Promise<RulesFinding[]> {
  const findings: RulesFinding[] = [];
  benchGenerated(findings);
  benchCnf(findings);
  for (const ex of await discoverExampleModels(root)) await benchExampleRules(ex.file, ex.id, source, findings);
  return findings;
}
