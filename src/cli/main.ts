/**
 * `suanpan`: check, price and test price models from the command line. Built on src/domain only.
 *
 *   suanpan check <files or folders>
 *   suanpan price <file> [--set name=value]... [--json]
 *   suanpan test <files or folders>
 *   suanpan configure <file> [--set name=value]... [--json]
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  PriceModel,
  formatWorkbookError,
  parseParameterText,
  runTestCases,
} from '../domain/workbook/index.js';
import type { OutputReading, Parameter, ParameterValue, Workbook, WorkbookSource } from '../domain/workbook/index.js';
import { currencyDecimals, formatMinor } from '../domain/pricing/money.js';
import { DIMACS_TRUE, formatDimacsError, parseDimacs } from '../domain/rules/dimacs.js';
import { ConfigurationSolver, ProblemError, compileRules } from '../domain/rules/index.js';
import type { AllowedValues, Interval } from '../domain/rules/index.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage:
  suanpan check <files or folders>                    validate workbook files
  suanpan price <file> [--set name=value]... [--json] print a model's outputs
  suanpan test <files or folders>                     run the models' test cases
  suanpan configure <file> [--set name=value]... [--json]
                                                      values still possible after the choices
                                                      (a workbook's rules, or a DIMACS .cnf file)`;

export const fileSource: WorkbookSource = {
  async read(file) {
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw e;
    }
  },
};

const WORKBOOK_SUFFIX = '.workbook.json';

/** Files named on the command line, with folders expanded to their `*.workbook.json`, sorted. */
async function expandPaths(paths: readonly string[], io: CliIo): Promise<string[] | undefined> {
  const files: string[] = [];
  let missing = false;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.name.endsWith(WORKBOOK_SUFFIX)) files.push(full);
    }
  };
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) {
      io.err(`${p}: $: file not found`);
      missing = true;
    } else if (info.isDirectory()) await walk(p);
    else files.push(p);
  }
  return missing ? undefined : files;
}

async function check(paths: readonly string[], io: CliIo): Promise<number> {
  const files = await expandPaths(paths, io);
  if (!files) return 1;
  const printed = new Set<string>();
  let warnings = 0;
  for (const file of files) {
    const opened = await PriceModel.open(file, fileSource);
    if (opened.ok) {
      const workbook = opened.model.workbook;
      opened.model.dispose();
      // The rules' model check: not errors (the model loads and prices), but worth a look.
      for (const line of ruleWarnings(workbook, file)) {
        io.out(line);
        warnings++;
      }
      continue;
    }
    for (const e of opened.errors) {
      const line = formatWorkbookError(e);
      if (!printed.has(line)) io.out(line);
      printed.add(line);
    }
  }
  if (printed.size > 0) return 1;
  io.out(`${files.length} workbook${files.length === 1 ? '' : 's'} checked, no errors${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`);
  return 0;
}

/** Dead options and ranges, and rules that can never fire, as `file: rules: warning: …` lines. */
function ruleWarnings(workbook: Workbook, file: string): string[] {
  if (workbook.rules.length === 0) return [];
  const compiled = compileRules(workbook, file);
  if (!compiled.ok) return compiled.errors.map(formatWorkbookError);
  const { deadOptions, deadRanges, neverFiring } = compiled.rules.check();
  return [
    ...deadOptions.map((d) => `${file}: rules: warning: option ${JSON.stringify(d.value)} of parameter "${d.parameter}" is allowed by no valid configuration (dead option)`),
    ...deadRanges.map((d) => `${file}: rules: warning: parameter "${d.parameter}" can never take ${d.ranges.map(intervalText).join(', ')} (dead range)`),
    ...neverFiring.map((id) => `${file}: rules: warning: rule "${id}" can never fire: its condition cannot hold together with the other rules`),
  ];
}

function intervalText(i: Interval): string {
  if (i.min !== undefined && i.min === i.max) return String(i.min);
  const low = i.min === undefined ? '(-∞' : `${i.minOpen ? '(' : '['}${i.min}`;
  const high = i.max === undefined ? '∞)' : `${i.max}${i.maxOpen ? ')' : ']'}`;
  return `${low}, ${high}`;
}

function parseSets(args: readonly string[]): { file?: string; sets: string[]; json: boolean; problems: string[] } {
  const sets: string[] = [];
  const problems: string[] = [];
  let file: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--set') {
      const next = args[++i];
      if (next === undefined) problems.push('--set needs name=value');
      else sets.push(next);
    } else if (a.startsWith('--set=')) sets.push(a.slice('--set='.length));
    else if (a.startsWith('-')) problems.push(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else problems.push(`unexpected argument ${a}`);
  }
  return { ...(file !== undefined ? { file } : {}), sets, json, problems };
}

function displayValue(r: OutputReading, decimals: number): string {
  if (r.error) return `${r.error.code} (${r.error.message})`;
  if (r.minor !== undefined) return formatMinor(r.minor, decimals);
  return r.value === null ? '(empty)' : String(r.value);
}

async function price(args: readonly string[], io: CliIo): Promise<number> {
  const { file, sets, json, problems } = parseSets(args);
  if (problems.length > 0 || file === undefined) {
    for (const p of problems) io.err(p);
    io.err(USAGE);
    return 2;
  }
  const errors: string[] = [];
  const outputs: Record<string, number | string | boolean | null> = {};
  const opened = await PriceModel.open(file, fileSource);
  let readings: OutputReading[] = [];
  if (!opened.ok) errors.push(...opened.errors.map(formatWorkbookError));
  else {
    const model = opened.model;
    const values: Record<string, unknown> = {};
    for (const s of sets) {
      const eq = s.indexOf('=');
      const name = eq > 0 ? s.slice(0, eq) : s;
      const p = model.parameters.find((x) => x.id === name);
      if (eq <= 0) errors.push(`--set ${s}: expected name=value`);
      else if (!p) errors.push(`--set ${s}: unknown parameter "${name}"; parameters: ${model.parameters.map((x) => x.id).join(', ')}`);
      else {
        const parsed = parseParameterText(p, s.slice(eq + 1));
        if (parsed.ok) values[name] = parsed.value;
        else errors.push(`--set ${s}: ${parsed.message}`);
      }
    }
    if (errors.length === 0) {
      const result = model.set(values);
      if (!result.ok) errors.push(...result.problems.map((p) => `--set ${p.parameter}: ${p.message}`));
      else {
        readings = model.outputs.map((o) => model.read(o.id));
        model.outputs.forEach((o, i) => {
          const r = readings[i] as OutputReading;
          outputs[o.id] = r.value;
          if (r.error) errors.push(`${file}: outputs[${i}]: output "${o.id}" is ${r.error.code} (${r.error.message})`);
        });
      }
    }
    model.dispose();
  }
  if (json) io.out(JSON.stringify({ outputs, errors }));
  else {
    for (const e of errors) io.err(e);
    if (opened.ok) {
      const defs = opened.model.outputs;
      const width = Math.max(0, ...defs.map((o) => o.id.length));
      readings.forEach((r, i) => {
        const def = defs[i];
        if (!def) return;
        const money = r.minor !== undefined;
        const unit = def.unit ?? (money ? opened.model.workbook.currency : '');
        const decimals = def.decimals ?? currencyDecimals(opened.model.workbook.currency);
        io.out(`${def.id.padEnd(width)}  ${displayValue(r, decimals)}${unit ? ' ' + unit : ''}  ${def.label.en} / ${def.label.zh}`);
      });
    }
  }
  return errors.length > 0 ? 1 : 0;
}

async function test(paths: readonly string[], io: CliIo): Promise<number> {
  const files = await expandPaths(paths, io);
  if (!files) {
    io.out('0 passed, 1 failed');
    return 1;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const opened = await PriceModel.open(file, fileSource);
    if (!opened.ok) {
      for (const e of opened.errors) io.out(formatWorkbookError(e));
      failed++;
      continue;
    }
    const report = runTestCases(opened.model);
    opened.model.dispose();
    for (const f of report.failures) io.out(`${f.model}: ${f.testCase}: ${f.output}: ${f.message}`);
    passed += report.passed;
    failed += report.failed;
  }
  io.out(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// configure

/** What `configure --json` prints for one parameter: option values, or a number's intervals. */
type AllowedJson = (number | string | boolean)[] | Interval[];

interface ConfigureResult {
  /** Parameter id → values still possible, in the parameter's order. */
  readonly allowed: Record<string, AllowedJson>;
  readonly conflict: { rules: string[]; choices: string[] } | null;
  /** The readable table (without --json). */
  readonly table: string[];
}

/** DIMACS by its name, or by content starting like one (a comment or the header). */
function isDimacs(file: string, text: string): boolean {
  return /\.(cnf|dimacs)$/i.test(file) || /^\s*(c(\s|$)|p\s+cnf\b)/.test(text);
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

function splitSet(s: string): { name: string; text: string } | undefined {
  const eq = s.indexOf('=');
  return eq > 0 ? { name: s.slice(0, eq).trim(), text: s.slice(eq + 1) } : undefined;
}

function columns(rows: readonly (readonly [string, string, string])[]): string[] {
  // reduce, not Math.max(...): a CNF may have more variables than a call takes arguments.
  const w = rows.reduce((m, r) => Math.max(m, r[0].length), 0);
  const v = rows.reduce((m, r) => Math.max(m, r[1].length), 0);
  return rows.map(([a, b, c]) => `${a.padEnd(w)}  ${c ? b.padEnd(v) + '  ' + c : b}`.trimEnd());
}

function configureDimacs(file: string, text: string, sets: readonly string[], io: CliIo): ConfigureResult | undefined {
  const parsed = parseDimacs(text, file);
  if (!parsed.ok) {
    for (const e of parsed.errors) io.err(formatDimacsError(e));
    return undefined;
  }
  const choices = new Map<string, string>();
  const errors: string[] = [];
  for (const s of sets) {
    const set = splitSet(s);
    const n = set && /^\d+$/.test(set.name) ? Number(set.name) : NaN;
    const word = set?.text.trim().toLowerCase() ?? '';
    if (!set) errors.push(`--set ${s}: expected name=value`);
    else if (!(n >= 1 && n <= parsed.variables)) errors.push(`--set ${s}: unknown variable "${set.name}"; ${file} has variables 1..${parsed.variables}`);
    else if (TRUE_WORDS.has(word)) choices.set(String(n), 'true');
    else if (FALSE_WORDS.has(word)) choices.set(String(n), 'false');
    else errors.push(`--set ${s}: expected true or false, got ${JSON.stringify(set.text)}`);
  }
  if (errors.length > 0) {
    for (const e of errors) io.err(e);
    return undefined;
  }
  let solver: ConfigurationSolver;
  try {
    solver = ConfigurationSolver.create(parsed.problem);
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    io.err(`${file}: ${e.message}`);
    return undefined;
  }
  const result = solver.propagate(choices);
  const allowed: Record<string, boolean[]> = {};
  const rows: [string, string, string][] = [];
  for (const d of parsed.problem.domains) {
    const values = result.consistent ? (result.allowed.get(d.variable) ?? []).map((v) => v === DIMACS_TRUE) : [];
    allowed[d.variable] = values;
    const chosen = choices.get(d.variable);
    const note = chosen !== undefined ? `set ${chosen}` : values.length === 1 ? 'forced' : '';
    rows.push([d.variable, values.length === 0 ? '(none)' : values.join(' | '), note]);
  }
  const table = columns(rows);
  if (result.consistent) return { allowed, conflict: null, table };
  const { rules, choices: chosen } = result.conflict;
  table.push(
    '',
    'conflict: these choices and clauses cannot hold together',
    `  choices: ${chosen.map((v) => `${v}=${choices.get(v) ?? '?'}`).join(', ')}`,
    `  clauses: ${rules.map((r) => `${r} (line ${parsed.clauseLines[Number(r.replace(/\D+/g, '')) - 1] ?? '?'})`).join(', ')}`,
  );
  return { allowed, conflict: { rules: [...rules], choices: [...chosen] }, table };
}

/** `[50, 180)`, `(120, +∞)`: an interval as a person reads it. */
function formatInterval(i: Interval): string {
  return `${i.min !== undefined && !i.minOpen ? '[' : '('}${i.min ?? '-∞'}, ${i.max ?? '+∞'}${i.max !== undefined && !i.maxOpen ? ']' : ')'}`;
}

/** A parameter the rules do not touch allows its whole domain. */
function wholeDomain(p: Parameter): AllowedValues | undefined {
  switch (p.type) {
    case 'choice':
      return { kind: 'options', values: p.options.map((o) => o.value) };
    case 'boolean':
      return { kind: 'options', values: [true, false] };
    case 'number':
    case 'integer':
      return { kind: 'ranges', ranges: [{ ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) }] };
    default:
      return undefined;
  }
}

async function configureWorkbook(file: string, sets: readonly string[], io: CliIo): Promise<ConfigureResult | undefined> {
  const opened = await PriceModel.open(file, fileSource);
  if (!opened.ok) {
    for (const e of opened.errors) io.err(formatWorkbookError(e));
    return undefined;
  }
  const workbook = opened.model.workbook;
  opened.model.dispose();
  const compiled = compileRules(workbook, file);
  if (!compiled.ok) {
    for (const e of compiled.errors) io.err(formatWorkbookError(e));
    return undefined;
  }
  const values: Record<string, ParameterValue> = Object.fromEntries(workbook.parameters.map((p) => [p.id, p.default]));
  const userSet = new Set<string>();
  const errors: string[] = [];
  for (const s of sets) {
    const set = splitSet(s);
    const p = set && workbook.parameters.find((x) => x.id === set.name);
    if (!set) errors.push(`--set ${s}: expected name=value`);
    else if (!p) errors.push(`--set ${s}: unknown parameter "${set.name}"; parameters: ${workbook.parameters.map((x) => x.id).join(', ')}`);
    else {
      const parsed = parseParameterText(p, set.text);
      if (!parsed.ok) errors.push(`--set ${s}: ${parsed.message}`);
      else {
        values[p.id] = parsed.value;
        userSet.add(p.id);
      }
    }
  }
  if (errors.length > 0) {
    for (const e of errors) io.err(e);
    return undefined;
  }
  const state = compiled.rules.evaluate(values, userSet);
  const allowed: Record<string, AllowedJson> = {};
  const rows: [string, string, string][] = [];
  for (const p of workbook.parameters) {
    const a = state.allowed[p.id] ?? wholeDomain(p);
    if (!a) continue;
    // Inconsistent choices leave nothing possible: every list is empty, as for a CNF.
    const json: AllowedJson = !state.consistent ? [] : a.kind === 'options' ? [...a.values] : a.ranges.map((r) => ({ ...r }));
    allowed[p.id] = json;
    const shown = json.length === 0 ? '(none)' : a.kind === 'options' ? (json as ParameterValue[]).map(String).join(' | ') : (json as Interval[]).map(formatInterval).join(' ∪ ');
    const suggested = state.suggested[p.id];
    const note = userSet.has(p.id) ? `set ${String(values[p.id])}` : suggested !== undefined ? `suggested ${String(suggested)}` : '';
    rows.push([p.id, shown, note]);
  }
  const table = columns(rows);
  if (state.consistent || !state.conflict) return { allowed, conflict: null, table };
  const c = state.conflict;
  table.push(
    '',
    'conflict: these choices and rules cannot hold together',
    `  choices: ${c.choices.map((id) => `${id}=${String(values[id])}`).join(', ')}`,
    ...c.rules.map((r) => `  rule ${r.id}: ${r.message.en} / ${r.message.zh}`),
  );
  return { allowed, conflict: { rules: c.rules.map((r) => r.id), choices: [...c.choices] }, table };
}

/**
 * `configure`: the values still possible for every parameter after the `--set` choices, and the
 * smallest conflict when the choices cannot hold together (exit 0 either way). Exit 1 on a file
 * or `--set` error, 2 on bad usage.
 */
async function configure(args: readonly string[], io: CliIo): Promise<number> {
  const { file, sets, json, problems } = parseSets(args);
  if (problems.length > 0 || file === undefined) {
    for (const p of problems) io.err(p);
    io.err(USAGE);
    return 2;
  }
  const text = await fileSource.read(file);
  if (text === undefined) {
    io.err(`${file}: file not found`);
    return 1;
  }
  const result = isDimacs(file, text) ? configureDimacs(file, text, sets, io) : await configureWorkbook(file, sets, io);
  if (!result) return 1;
  if (json) io.out(JSON.stringify({ allowed: result.allowed, conflict: result.conflict }));
  else for (const line of result.table) io.out(line);
  return 0;
}

/** Run the command line; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      if (rest.length === 0) break;
      return check(rest, io);
    case 'price':
      return price(rest, io);
    case 'test':
      if (rest.length === 0) break;
      return test(rest, io);
    case 'configure':
      return configure(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE);
      return 0;
  }
  io.err(USAGE);
  return 2;
}
