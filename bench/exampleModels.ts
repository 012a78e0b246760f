/**
 * The example price models in workbooks/: found at run time (products only; there may be
 * none), read once from disk, and the realistic values each parameter is cycled through.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkParameterValue, isoDateToSerial, serialToIsoDate } from '../src/domain/workbook/index.js';
import type { Parameter, ParameterValue, PriceModel, WorkbookSource } from '../src/domain/workbook/index.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SUFFIX = '.workbook.json';

export interface ExampleModel {
  /** Path relative to the repository root, e.g. `workbooks/butterfly-valve.workbook.json`. */
  readonly file: string;
  readonly id: string;
}

/** Files are read from disk once and then served from memory, so load times measure the engine. */
export function cachingFileSource(root = REPO_ROOT): WorkbookSource {
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    read(file) {
      let text = cache.get(file);
      if (!text) {
        text = readFile(join(root, file), 'utf8').catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT' || e.code === 'EISDIR') return undefined;
          throw e;
        });
        cache.set(file, text);
      }
      return text;
    },
  };
}

/** `workbooks/*.workbook.json` whose kind is not "module", sorted by file name. */
export async function discoverExampleModels(root = REPO_ROOT, dir = 'workbooks'): Promise<ExampleModel[]> {
  let names: string[];
  try {
    names = await readdir(join(root, dir));
  } catch {
    return [];
  }
  const found: ExampleModel[] = [];
  for (const name of names.filter((n) => n.endsWith(SUFFIX)).sort()) {
    const file = `${dir}/${name}`;
    let kind: unknown;
    let id: unknown;
    try {
      const parsed = JSON.parse(await readFile(join(root, file), 'utf8')) as { kind?: unknown; id?: unknown };
      kind = parsed.kind;
      id = parsed.id;
    } catch {
      // Not readable JSON: still a product file; opening it will report the problem.
    }
    if (kind === 'module') continue;
    found.push({ file, id: typeof id === 'string' && id !== '' ? id : name.slice(0, -SUFFIX.length) });
  }
  return found;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function numericCandidates(p: Extract<Parameter, { type: 'number' | 'integer' }>): number[] {
  const d = p.default;
  const step = p.step ?? (p.type === 'integer' ? 1 : undefined);
  const base = p.min ?? 0;
  const snap = (x: number): number => {
    let v = step !== undefined ? base + Math.round((x - base) / step) * step : x;
    if (p.type === 'integer') v = Math.round(v);
    if (p.min !== undefined) v = Math.max(p.min, v);
    if (p.max !== undefined) v = Math.min(p.max, v);
    return Number(v.toPrecision(12));
  };
  const nudge = step ?? (Math.abs(d) >= 10 ? Math.abs(d) / 10 : 1);
  const raw = [d + nudge, d - nudge, d + 2 * nudge];
  if (p.min !== undefined && p.max !== undefined) {
    for (const f of [0, 0.1, 0.5, 0.9]) raw.push(p.min + f * (p.max - p.min));
  } else {
    raw.push(d * 2, d * 0.5, d * 5);
  }
  return unique([d, ...raw.map(snap)]);
}

/** Realistic values of a parameter, its default first; empty if it cannot be cycled (text). */
export function candidateValues(p: Parameter): ParameterValue[] {
  let values: ParameterValue[];
  switch (p.type) {
    case 'choice':
      values = [p.default, ...p.options.map((o) => o.value)];
      break;
    case 'boolean':
      values = [p.default, !p.default];
      break;
    case 'number':
    case 'integer':
      values = numericCandidates(p);
      break;
    case 'date': {
      const serial = isoDateToSerial(p.default);
      values = serial === undefined ? [] : [0, 30, -30, 90, 365, -365].map((days) => serialToIsoDate(serial + days));
      break;
    }
    case 'text':
      values = [];
      break;
  }
  return unique(values).filter((v) => checkParameterValue(p, v) === undefined);
}

export interface Cycle {
  readonly parameter: Parameter;
  /** At least two values, the default first. */
  readonly values: readonly ParameterValue[];
}

/**
 * The values of each parameter worth cycling: candidates that, with every other parameter at
 * its default, give outputs without errors (all candidates if fewer than two pass). Parameters
 * with fewer than two values are left out. The model is reset afterwards.
 */
export function parameterCycles(model: PriceModel): Cycle[] {
  const cycles: Cycle[] = [];
  for (const p of model.parameters) {
    const candidates = candidateValues(p);
    const clean = candidates.filter((v) => {
      model.reset();
      if (!model.set({ [p.id]: v }).ok) return false;
      return Object.values(model.readAll()).every((o) => o.error === undefined);
    });
    const values = clean.length >= 2 ? clean : candidates;
    if (values.length >= 2) cycles.push({ parameter: p, values });
  }
  model.reset();
  return cycles;
}
