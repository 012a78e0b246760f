/**
 * Text of a workbook file → validated `Workbook`, or errors naming file, JSON path and problem.
 * This stage reads the file alone: JSON syntax, duplicate keys, the zod schema, duplicate ids,
 * defaults in their domain, test cases that name unknown parameters, configuration rules (whose
 * expressions use a small engine of their own). Formula-level checks of sheets happen when the
 * model is composed (compose.ts).
 */
import { parse as parseJsonc, printParseErrorCode, visit } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { ErrorSink, describeValue } from './errors.js';
import type { JsonPathSegment, WorkbookError } from './errors.js';
import { Workbook, WORKBOOK_FORMAT } from './schema.js';
import type { Parameter } from './schema.js';
import { checkParameterValue } from './parameters.js';
import { MAX_COLS, MAX_ROWS, parseA1 } from './a1.js';
import { checkRules } from '../rules/checkRules.js';
import { buildRuleProblem } from '../rules/ruleProblem.js';

export type ParseResult = { ok: true; workbook: Workbook } | { ok: false; errors: WorkbookError[] };

const JSON_ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a field name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," or the end of the list/object',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'malformed \\u escape',
  InvalidEscapeCharacter: 'malformed escape sequence',
  InvalidCharacter: 'control character inside a string',
};

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** JSON text → value; syntax errors and duplicate keys are reported with line and column. */
export function parseJsonText(text: string, sink: ErrorSink): unknown {
  if (text.trim() === '') {
    sink.add('$', 'the file is empty; expected a workbook object');
    return undefined;
  }
  const syntax: ParseError[] = [];
  const value: unknown = parseJsonc(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // Only the first: after a syntax error the parser's later complaints are mostly echoes of it.
  for (const e of syntax.slice(0, 1)) {
    const { line, column } = lineAndColumn(text, e.offset);
    const what = JSON_ERROR_TEXT[printParseErrorCode(e.error)] ?? 'invalid JSON';
    sink.add('$', `not valid JSON at line ${line}, column ${column}: ${what}`);
  }
  if (syntax.length > 0) return undefined;
  // JSON.parse keeps the last of two equal keys and drops the first without a word.
  const seen: Set<string>[] = [];
  visit(text, {
    onObjectBegin: () => {
      seen.push(new Set());
    },
    onObjectEnd: () => {
      seen.pop();
    },
    onObjectProperty: (property, _o, _l, line, character, pathSupplier) => {
      const keys = seen[seen.length - 1];
      if (!keys) return;
      if (keys.has(property)) {
        sink.add([...pathSupplier(), property], `duplicate key "${property}" (line ${line + 1}, column ${character + 1}); the earlier one would be lost`);
      }
      keys.add(property);
    },
  });
  return value;
}

function zodIssueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'number' && typeof issue.input === 'number') return `expected a finite number, got ${describeValue(issue.input)}`;
      const expected = issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'a list' : issue.expected === 'string' ? 'text' : `a ${issue.expected}`;
      return `expected ${expected}, got ${describeValue(issue.input)}`;
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const given = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator as string];
        if (given === undefined) return 'is required: one of number, integer, choice, boolean, text, date';
        const shown = typeof given === 'string' ? JSON.stringify(given) : describeValue(given);
        return `unknown type ${shown}; expected one of number, integer, choice, boolean, text, date`;
      }
      return `expected a number, text, true/false or null, got ${describeValue(issue.input)}`;
    }
    case 'invalid_value':
      if (issue.message && !issue.message.startsWith('Invalid')) return issue.message;
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'custom':
      return issue.message;
    default:
      return issue.message;
  }
}

/** Zod issues → our errors; an unknown field is reported at its own path. */
function reportSchemaIssues(issues: readonly z.core.$ZodIssue[], sink: ErrorSink): void {
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) sink.add([...path, key], 'unknown field (check the spelling; see docs/workbook-format.md)');
      continue;
    }
    sink.add(path, zodIssueMessage(issue));
  }
}

function checkDuplicates<T>(
  items: readonly T[],
  key: (item: T) => string | number,
  path: (index: number) => JsonPathSegment[],
  what: string,
  sink: ErrorSink,
  normalise: (k: string) => string = (k) => k,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    const norm = normalise(String(k));
    if (seen.has(norm)) sink.add(path(i), `duplicate ${what} ${JSON.stringify(k)}`);
    seen.add(norm);
  });
}

function checkParameterDomain(p: Parameter, index: number, sink: ErrorSink): void {
  const at = (field: string, ...rest: JsonPathSegment[]): JsonPathSegment[] => ['parameters', index, field, ...rest];
  if (p.type === 'number' || p.type === 'integer') {
    if (p.min !== undefined && p.max !== undefined && p.min > p.max) sink.add(at('max'), `must not be less than min (${p.min})`);
  }
  if (p.type === 'date' && p.min !== undefined && p.max !== undefined && p.min > p.max) {
    sink.add(at('max'), `must not be before min (${p.min})`);
  }
  if (p.type === 'choice') {
    checkDuplicates(p.options, (o) => o.value, (i) => at('options', i, 'value'), 'option', sink);
  }
  const problem = checkParameterValue(p, p.default);
  if (problem !== undefined) sink.add(at('default'), `${problem}`);
}

/** Cell keys must be A1 addresses; a cell may not be given both in `rows` and in `cells`. */
function checkSheetCells(workbook: Workbook, sink: ErrorSink): void {
  workbook.sheets.forEach((sheet, s) => {
    if ((sheet.rows?.length ?? 0) > MAX_ROWS) sink.add(['sheets', s, 'rows'], `a sheet may have at most ${MAX_ROWS} rows`);
    sheet.rows?.forEach((row, r) => {
      if (row.length > MAX_COLS) sink.add(['sheets', s, 'rows', r], `a row may have at most ${MAX_COLS} cells`);
    });
    for (const key of Object.keys(sheet.cells ?? {})) {
      const addr = parseA1(key);
      if (!addr) {
        sink.add(['sheets', s, 'cells', key], 'not a cell address; expected A1-style such as B4');
        continue;
      }
      const row = sheet.rows?.[addr.row];
      if (row !== undefined && addr.col < row.length && row[addr.col] !== null) {
        sink.add(['sheets', s, 'cells', key], `cell ${key} is also given in rows[${addr.row}][${addr.col}]; give each cell once`);
      }
    }
  });
}

function checkTests(workbook: Workbook, sink: ErrorSink): void {
  const params = new Map(workbook.parameters.map((p) => [p.id, p]));
  const outputs = new Set(workbook.outputs.map((o) => o.id));
  workbook.tests.forEach((t, i) => {
    for (const [id, value] of Object.entries(t.given)) {
      const p = params.get(id);
      if (!p) {
        sink.add(['tests', i, 'given', id], `unknown parameter "${id}"`);
        continue;
      }
      const problem = checkParameterValue(p, value);
      if (problem !== undefined) sink.add(['tests', i, 'given', id], problem);
    }
    if (Object.keys(t.expect).length === 0) sink.add(['tests', i, 'expect'], 'must name at least one output');
    for (const id of Object.keys(t.expect)) {
      if (!outputs.has(id)) sink.add(['tests', i, 'expect', id], `unknown output "${id}"`);
    }
  });
}

/** Validate a workbook value (already parsed from JSON) against format v1. */
export function validateWorkbook(value: unknown, sink: ErrorSink): Workbook | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    sink.add('$', `expected a workbook object, got ${describeValue(value)}`);
    return undefined;
  }
  const format = (value as Record<string, unknown>).format;
  if (format !== WORKBOOK_FORMAT) {
    // Everything else would be noise if the file is not a workbook of this format at all.
    sink.add('format', format === undefined ? `is required: "${WORKBOOK_FORMAT}"` : `must be "${WORKBOOK_FORMAT}", got ${describeValue(format)}`);
    return undefined;
  }
  const parsed = Workbook.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    reportSchemaIssues(parsed.error.issues, sink);
    return undefined;
  }
  const wb = parsed.data;
  checkDuplicates(wb.sheets, (s) => s.name, (i) => ['sheets', i, 'name'], 'sheet name', sink, (k) => k.toLowerCase());
  checkDuplicates(wb.names, (n) => n.name, (i) => ['names', i, 'name'], 'name', sink, (k) => k.toLowerCase());
  checkDuplicates(wb.parameters, (p) => p.id, (i) => ['parameters', i, 'id'], 'parameter id', sink);
  checkDuplicates(wb.outputs, (o) => o.id, (i) => ['outputs', i, 'id'], 'output id', sink);
  checkDuplicates(wb.modules, (m) => m.id, (i) => ['modules', i, 'id'], 'module id', sink);
  checkDuplicates(wb.tests, (t) => t.id, (i) => ['tests', i, 'id'], 'test case id', sink);
  wb.parameters.forEach((p, i) => checkParameterDomain(p, i, sink));
  checkSheetCells(wb, sink);
  checkTests(wb, sink);
  // Configuration rules: names and types first; then the compile itself (expressions need a
  // small formula engine of their own), so that every rule error is a load error.
  const before = sink.errors.length;
  checkRules(wb, sink);
  if (wb.rules.length > 0 && sink.errors.length === before) buildRuleProblem(wb, sink);
  return sink.ok ? wb : undefined;
}

/** A workbook file's text → `Workbook`, or every error found. */
export function parseWorkbookText(text: string, file: string): ParseResult {
  const sink = new ErrorSink(file);
  const value = parseJsonText(text, sink);
  if (!sink.ok) return { ok: false, errors: sink.errors };
  const workbook = validateWorkbook(value, sink);
  if (!workbook || !sink.ok) return { ok: false, errors: sink.errors };
  return { ok: true, workbook };
}

