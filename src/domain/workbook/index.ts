/** The price-model engine's public surface: format, loading, evaluation, explanation, tests. */
export { WORKBOOK_FORMAT, Workbook, Parameter, Output, OUTPUT_ROLES } from './schema.js';
export type { LocalizedText, ParameterType, OutputRole, ModuleInclude, TestCase, CellContent } from './schema.js';
export { formatWorkbookError } from './errors.js';
export type { WorkbookError } from './errors.js';
export { parseWorkbookText } from './parse.js';
export { loadWorkbookTree, resolveRelative } from './load.js';
export type { WorkbookSource, WorkbookNode } from './load.js';
export { PriceModel, isMoneyOutput } from './PriceModel.js';
export type { OutputReading, Outputs, SetResult, Evaluation, ParameterProblem, OpenResult, CellScalar } from './PriceModel.js';
export type { ExplainNode, ExplainKind, ExplainOptions } from './explain.js';
export { checkParameterValue, parseParameterText, isoDateToSerial, serialToIsoDate } from './parameters.js';
export type { ParameterValue } from './parameters.js';
export { runTestCases, DEFAULT_TOLERANCE } from './testCases.js';
export type { TestReport, TestFailure } from './testCases.js';
export { ENGINE_CONFIG } from './compose.js';
export { releaseModel, releaseWorkbooks, verifyRelease, openRelease, parseReleasedModel } from './release.js';
export type { ReleasedModel, ReleaseHash } from './release.js';
