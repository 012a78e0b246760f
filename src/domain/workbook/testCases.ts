/**
 * Golden test cases of a model: given parameter values → expected outputs within a tolerance.
 * Money outputs are compared after settlement, as a customer would see them.
 */
import type { Evaluation, OutputReading, PriceModel } from './PriceModel.js';
import type { TestCase } from './schema.js';

/** Default absolute tolerance for numbers when a case gives none. */
export const DEFAULT_TOLERANCE = 1e-6;

export interface TestFailure {
  readonly model: string;
  readonly testCase: string;
  readonly output: string;
  readonly expected: number | string | boolean;
  /** What the model computed: a value, or an error code such as #N/A. */
  readonly got: number | string | boolean | null;
  readonly message: string;
}

export interface TestReport {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly TestFailure[];
}

function expectedOf(e: TestCase['expect'][string], caseTolerance: number | undefined): { value: number | string | boolean; tolerance: number } {
  if (typeof e === 'object') return { value: e.value, tolerance: e.tolerance ?? caseTolerance ?? DEFAULT_TOLERANCE };
  return { value: e, tolerance: caseTolerance ?? DEFAULT_TOLERANCE };
}

/**
 * Run every test case of `model`; a case passes when all its expected outputs match. An
 * expected value that is an error code ("#N/A") passes when the output shows that error.
 */
export function runTestCases(model: PriceModel): TestReport {
  const failures: TestFailure[] = [];
  let passed = 0;
  const tests = model.workbook.tests;
  const results = model.evaluate(tests.map((tc) => tc.given));
  tests.forEach((tc, i) => {
    const result = results[i] as Evaluation;
    const caseFailures: TestFailure[] = [];
    const base = { model: model.workbook.id, testCase: tc.id };
    if (!result.ok) {
      for (const p of result.problems) {
        caseFailures.push({ ...base, output: p.parameter, expected: '(valid input)', got: null, message: p.message });
      }
    } else {
      for (const [outputId, raw] of Object.entries(tc.expect)) {
        const { value: expected, tolerance } = expectedOf(raw, tc.tolerance);
        const reading = result.outputs[outputId] as OutputReading;
        const at = { ...base, output: outputId, expected };
        if (reading.error && reading.error.code === expected) {
          // The case expects this error (e.g. "#N/A" for a date before the price series).
        } else if (reading.error) {
          caseFailures.push({ ...at, got: reading.error.code, message: `expected ${JSON.stringify(expected)}, got ${reading.error.code} (${reading.error.message})` });
        } else if (typeof expected === 'number') {
          const got = reading.value;
          if (typeof got !== 'number' || !(Math.abs(got - expected) <= tolerance)) {
            caseFailures.push({ ...at, got, message: `expected ${expected} ± ${tolerance}, got ${JSON.stringify(got)}` });
          }
        } else if (reading.value !== expected) {
          caseFailures.push({ ...at, got: reading.value, message: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(reading.value)}` });
        }
      }
    }
    if (caseFailures.length === 0) passed++;
    failures.push(...caseFailures);
  });
  return { passed, failed: tests.length - passed, failures };
}
