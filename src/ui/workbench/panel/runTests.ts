/**
 * Running a model's golden test cases from the workbench: on a model opened afresh from the
 * document as it is now (not the bound model, which may lag a rebuild behind or hold the
 * parameter values the user is trying out), with the modules read from the same source the
 * binding uses. Verdicts come from the domain's runTestCases, so the panel and
 * `suanpan test` always agree; the actual values shown beside them come from one evaluation
 * of the same cases.
 */
import type * as Y from 'yjs';
import { formatWorkbookError } from '../../../domain/workbook/errors';
import type { WorkbookSource } from '../../../domain/workbook/load';
import { PriceModel } from '../../../domain/workbook/PriceModel';
import type { CellScalar } from '../../../domain/workbook/PriceModel';
import { DEFAULT_TOLERANCE, runTestCases } from '../../../domain/workbook/testCases';
import type { ModelBinding } from '../../../sync/model/engineBinding';
import { docToWorkbook } from '../../../sync/model/modelDoc';

export interface CheckResult {
  readonly output: string;
  readonly expected: number | string | boolean;
  /** Absolute tolerance that applied (numbers only). */
  readonly tolerance: number;
  /** What the model computed: a value, or an error code such as #N/A. */
  readonly actual: CellScalar;
  readonly pass: boolean;
  readonly message?: string;
}

export interface CaseResult {
  readonly id: string;
  readonly description?: string;
  readonly pass: boolean;
  readonly checks: readonly CheckResult[];
  /** Given values the model refused (the case then fails as a whole). */
  readonly problems: readonly string[];
}

export type TestRun =
  | { readonly ok: true; readonly passed: number; readonly failed: number; readonly cases: readonly CaseResult[] }
  | { readonly ok: false; readonly errors: readonly string[] };

export interface TestRunInput {
  readonly doc: Y.Doc;
  /** The model's file name, against which module paths resolve. */
  readonly file: string;
  /** Where module workbooks are read; without it a model with modules runs on `bound`. */
  readonly modules?: WorkbookSource;
  readonly bound?: ModelBinding;
}

/** Run every test case of the model in `doc`; never throws for a model that does not load. */
export async function runModelTests(input: TestRunInput): Promise<TestRun> {
  let text: string;
  let hasModules: boolean;
  try {
    const workbook = docToWorkbook(input.doc);
    text = JSON.stringify(workbook);
    hasModules = workbook.modules.length > 0;
  } catch (e) {
    return { ok: false, errors: [`the document could not be read as a workbook: ${(e as Error).message}`] };
  }
  if (hasModules && !input.modules && input.bound) {
    // No way to read the modules here: the bound model is the same document once it has settled.
    const bound = input.bound;
    await bound.settled();
    if (bound.errors.length > 0) return { ok: false, errors: bound.errors.map(formatWorkbookError) };
    return report(bound.model);
  }
  const modules = input.modules;
  const source: WorkbookSource = {
    read: (f) => (f === input.file ? Promise.resolve(text) : modules ? modules.read(f) : Promise.resolve(undefined)),
  };
  const opened = await PriceModel.open(input.file, source);
  if (!opened.ok) return { ok: false, errors: opened.errors.map(formatWorkbookError) };
  try {
    return report(opened.model);
  } finally {
    opened.model.dispose();
  }
}

function report(model: PriceModel): TestRun {
  const verdict = runTestCases(model);
  const tests = model.workbook.tests;
  const evaluations = model.evaluate(tests.map((t) => t.given));
  const cases = tests.map((tc, i): CaseResult => {
    const failures = verdict.failures.filter((f) => f.testCase === tc.id);
    const evaluation = evaluations[i];
    const base = { id: tc.id, ...(tc.description === undefined ? {} : { description: tc.description }) };
    if (!evaluation?.ok) {
      return { ...base, pass: false, checks: [], problems: (evaluation?.problems ?? []).map((p) => `${p.parameter}: ${p.message}`) };
    }
    const checks = Object.entries(tc.expect).map(([output, raw]): CheckResult => {
      const detailed = typeof raw === 'object';
      const expected = detailed ? raw.value : raw;
      const tolerance = (detailed ? raw.tolerance : undefined) ?? tc.tolerance ?? DEFAULT_TOLERANCE;
      const reading = evaluation.outputs[output];
      const actual = reading ? (reading.error ? reading.error.code : reading.value) : null;
      const failure = failures.find((f) => f.output === output);
      return { output, expected, tolerance, actual, pass: failure === undefined, ...(failure ? { message: failure.message } : {}) };
    });
    return { ...base, pass: failures.length === 0, checks, problems: [] };
  });
  return { ok: true, passed: verdict.passed, failed: verdict.failed, cases };
}
