/**
 * What the browser benchmark edits: the example products in workbooks/ and, for each, a
 * sequence of form edits a sales rep could make. Runs in Node; the page only replays it.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { valueText } from '../../src/domain/configurator/index.js';
import { formatWorkbookError, parseWorkbookText } from '../../src/domain/workbook/index.js';
import type { Parameter, ParameterValue } from '../../src/domain/workbook/index.js';
import { REPO_ROOT, candidateValues } from '../exampleModels.js';

/** One edit of one form control, as the page's DOM takes it. */
export interface Edit {
  /** The parameter id: the control sits in `[data-field="<field>"]`. */
  readonly field: string;
  readonly control: 'select' | 'checkbox' | 'text';
  /** The option's value or the text typed; for a checkbox `'true'` or `'false'`. */
  readonly text: string;
}

export interface ProductModel {
  readonly id: string;
  /** Path relative to the repository root. */
  readonly file: string;
  readonly parameters: readonly Parameter[];
}

export type Discovered = { readonly ok: true; readonly model: ProductModel } | { readonly ok: false; readonly file: string; readonly problem: string };

/** `workbooks/*.workbook.json` of kind 'product', sorted by file name; files that do not parse are reported, not skipped silently. */
export async function discoverProductModels(root = REPO_ROOT, dir = 'workbooks'): Promise<Discovered[]> {
  let names: string[];
  try {
    names = await readdir(join(root, dir));
  } catch {
    return [];
  }
  const found: Discovered[] = [];
  for (const name of names.filter((n) => n.endsWith('.workbook.json')).sort()) {
    const file = `${dir}/${name}`;
    const parsed = parseWorkbookText(await readFile(join(root, file), 'utf8'), file);
    if (!parsed.ok) {
      found.push({ ok: false, file, problem: parsed.errors.slice(0, 3).map(formatWorkbookError).join('; ') });
      continue;
    }
    if (parsed.workbook.kind !== 'product') continue;
    found.push({ ok: true, model: { id: parsed.workbook.id, file, parameters: parsed.workbook.parameters } });
  }
  return found;
}

function editOf(p: Parameter, value: ParameterValue): Edit | undefined {
  switch (p.type) {
    case 'choice':
      return { field: p.id, control: 'select', text: valueText(value) };
    case 'boolean':
      return { field: p.id, control: 'checkbox', text: String(value === true) };
    case 'number':
    case 'integer':
    case 'date':
      return { field: p.id, control: 'text', text: valueText(value) };
    case 'text':
      // Free text (a reference, a note) does not price anything in our models.
      return undefined;
  }
}

/**
 * Each parameter in turn through its realistic values (bench/exampleModels.ts: options,
 * numbers within min/max on their step, both states of a checkbox, dates around the default)
 * and back to its default. Every parameter's run starts and ends with the whole form at its
 * defaults, so an edit always leads from the same configuration to the same configuration,
 * and whether it changes the price does not depend on where in the sequence it falls.
 */
export function editPlan(parameters: readonly Parameter[]): Edit[] {
  const edits: Edit[] = [];
  for (const p of parameters) {
    const values = candidateValues(p);
    if (values.length < 2) continue;
    for (const v of [...values.slice(1), values[0] as ParameterValue]) {
      const e = editOf(p, v);
      if (e) edits.push(e);
    }
  }
  return edits;
}
