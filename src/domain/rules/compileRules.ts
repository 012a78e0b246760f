/**
 * A workbook's configuration rules → `ModelRules`, or the errors that stop them, as workbook
 * errors (`file: rules[3].if.seat: unknown parameter "seet"`). The workbook loader runs the same
 * checks, so a workbook that loaded compiles; this entry point also takes workbooks built in code.
 */
import { ErrorSink } from '../workbook/errors.js';
import type { WorkbookError } from '../workbook/errors.js';
import type { Workbook } from '../workbook/schema.js';
import { checkRules } from './checkRules.js';
import { ConfigurationSolver, ProblemError } from './ConfigurationSolver.js';
import { ModelRules } from './modelRules.js';
import { buildRuleProblem } from './ruleProblem.js';

export type CompileRulesResult = { ok: true; rules: ModelRules } | { ok: false; errors: WorkbookError[] };

/**
 * @example
 * const compiled = compileRules(workbook, 'workbooks/butterfly-valve.workbook.json');
 * if (!compiled.ok) console.error(compiled.errors.map(formatWorkbookError).join('\n'));
 */
export function compileRules(workbook: Workbook, file: string): CompileRulesResult {
  const sink = new ErrorSink(file);
  checkRules(workbook, sink);
  if (!sink.ok) return { ok: false, errors: sink.errors };
  const built = buildRuleProblem(workbook, sink);
  if (!built || !sink.ok) return { ok: false, errors: sink.errors };
  try {
    return { ok: true, rules: new ModelRules(built, ConfigurationSolver.create(built.problem)) };
  } catch (e) {
    // A problem that passed the checks above but not the solver's: a bug here, reported, not thrown.
    if (e instanceof ProblemError) return { ok: false, errors: [{ file, path: 'rules', message: e.message }] };
    throw e;
  }
}
