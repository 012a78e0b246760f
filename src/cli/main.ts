/**
 * `suanpan`: check, price and test price models from the command line. Built on src/domain only.
 *
 *   suanpan check <files or folders>
 *   suanpan price <file> [--set name=value]... [--json]
 *   suanpan test <files or folders>
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  PriceModel,
  formatWorkbookError,
  parseParameterText,
  runTestCases,
} from '../domain/workbook/index.js';
import type { OutputReading, WorkbookSource } from '../domain/workbook/index.js';
import { currencyDecimals, formatMinor } from '../domain/pricing/money.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage:
  suanpan check <files or folders>                    validate workbook files
  suanpan price <file> [--set name=value]... [--json] print a model's outputs
  suanpan test <files or folders>                     run the models' test cases`;

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
  for (const file of files) {
    const opened = await PriceModel.open(file, fileSource);
    if (opened.ok) {
      opened.model.dispose();
      continue;
    }
    for (const e of opened.errors) {
      const line = formatWorkbookError(e);
      if (!printed.has(line)) io.out(line);
      printed.add(line);
    }
  }
  if (printed.size > 0) return 1;
  io.out(`${files.length} workbook${files.length === 1 ? '' : 's'} checked, no errors`);
  return 0;
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
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE);
      return 0;
  }
  io.err(USAGE);
  return 2;
}
