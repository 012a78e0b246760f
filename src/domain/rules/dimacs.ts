/**
 * DIMACS CNF, the format published feature-model benchmarks come in, as a boolean
 * ConstraintProblem: variable n becomes the variable "n" with values "true" and "false", and
 * the k-th clause the constraint "clause k" (literal n → n = true, -n → n = false).
 *
 * The format: `c …` comment lines, one header `p cnf <variables> <clauses>` before the first
 * clause, then clauses as non-zero integers each ended by 0 (a clause may span lines, a line
 * may hold several). Some benchmark files end with a `%` line (SATLIB); nothing after it counts.
 */
import type { Constraint, ConstraintProblem, Domain, Formula } from './problem.js';

export interface DimacsError {
  /** The file as the user named it. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
}

export type DimacsParse =
  | {
      readonly ok: true;
      readonly problem: ConstraintProblem;
      readonly variables: number;
      readonly clauses: number;
      /** The line each clause starts on: `clauseLines[k - 1]` for "clause k". */
      readonly clauseLines: readonly number[];
    }
  | { readonly ok: false; readonly errors: readonly DimacsError[] };

/** `file:line: message`, the way compilers print it. */
export function formatDimacsError(e: DimacsError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

/** The id of the k-th clause (1-based) in the problem. */
export function clauseId(k: number): string {
  return `clause ${k}`;
}

/** The domain value of variable n in an assignment read from a literal. */
export const DIMACS_TRUE = 'true';
export const DIMACS_FALSE = 'false';

/** Larger headers would allocate a domain per declared variable before anything else is read. */
const MAX_VARIABLES = 10_000_000;
/** One wrong header can make every clause an error: say the first few, then how many more. */
const MAX_ERRORS = 20;

const INTEGER = /^[+-]?\d+$/;

function literal(n: number): Formula {
  return { kind: 'atom', variable: String(Math.abs(n)), value: n > 0 ? DIMACS_TRUE : DIMACS_FALSE };
}

/**
 * Parse DIMACS CNF text. Every problem is reported with its line: missing, malformed or
 * duplicate header, a clause before the header, a token that is not an integer, a variable
 * outside 1..<variables>, a last clause without its 0, and a clause count other than the header's.
 *
 * @example
 * const r = parseDimacs('p cnf 2 1\n1 -2 0\n', 'tiny.cnf');
 * // r.ok && r.problem.constraints[0] = { id: 'clause 1', formula: or(1 = true, 2 = false) }
 */
export function parseDimacs(text: string, file: string): DimacsParse {
  const errors: DimacsError[] = [];
  let dropped = 0;
  const fail = (line: number, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ file, line, message });
    else dropped++;
  };

  let header: { line: number; variables: number; clauses: number } | undefined;
  /** Set when the header is missing or unreadable: clauses are still read for their own errors. */
  let headerBroken = false;
  const clauses: number[][] = [];
  const clauseLines: number[] = [];
  let current: number[] = [];
  let currentLine = 0;
  let lastLine = 0;
  let firstClauseLine: number | undefined;

  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const trimmed = (lines[i] as string).trim();
    if (trimmed === '') continue;
    lastLine = lineNo;
    // No literal starts with a letter, so any line starting with "c" is a comment ("c1 …" too).
    if (trimmed[0] === 'c') continue;
    if (trimmed[0] === '%') break;
    if (trimmed[0] === 'p') {
      if (header) {
        fail(lineNo, `duplicate header (the first is on line ${header.line})`);
        continue;
      }
      const [, format, v, c, ...extra] = trimmed.split(/\s+/);
      header = { line: lineNo, variables: Number(v), clauses: Number(c) };
      if (format !== 'cnf' || v === undefined || c === undefined || extra.length > 0 || !/^\d+$/.test(v) || !/^\d+$/.test(c)) {
        fail(lineNo, `malformed header ${JSON.stringify(trimmed)}: expected "p cnf <variables> <clauses>"`);
        headerBroken = true;
      } else if (header.variables > MAX_VARIABLES) {
        fail(lineNo, `the header declares ${header.variables} variables; at most ${MAX_VARIABLES} are supported`);
        headerBroken = true;
      } else if (clauses.length > 0 || current.length > 0) {
        fail(lineNo, `the header must come before the first clause (line ${firstClauseLine ?? lineNo})`);
        headerBroken = true;
      }
      continue;
    }
    // Without a header, read on (for the clauses' own errors) and report it once at the end.
    if (!header) headerBroken = true;
    firstClauseLine ??= lineNo;
    const limit = header && !headerBroken ? header.variables : Number.POSITIVE_INFINITY;
    for (const token of trimmed.split(/\s+/)) {
      if (!INTEGER.test(token)) {
        fail(lineNo, `${JSON.stringify(token)} is not an integer literal`);
        continue;
      }
      const n = Number(token);
      if (n === 0) {
        clauseLines.push(current.length === 0 ? lineNo : currentLine);
        clauses.push(current);
        current = [];
        continue;
      }
      if (Math.abs(n) > limit) {
        fail(lineNo, `variable ${Math.abs(n)} is out of range: the header on line ${header?.line ?? 0} declares ${limit} variable${limit === 1 ? '' : 's'}`);
        continue;
      }
      if (current.length === 0) currentLine = lineNo;
      current.push(n);
    }
  }

  if (!header) fail(firstClauseLine ?? Math.max(1, lastLine), 'missing header: expected "p cnf <variables> <clauses>" before the first clause');
  if (current.length > 0) fail(currentLine, `the last clause (clause ${clauses.length + 1}) is not terminated by 0`);
  // An unterminated last clause is reported above; it still counts, so it is not reported twice.
  const found = clauses.length + (current.length > 0 ? 1 : 0);
  if (header && !headerBroken && found !== header.clauses) {
    fail(header.line, `the header declares ${header.clauses} clause${header.clauses === 1 ? '' : 's'}, found ${found}`);
  }
  if (dropped > 0) errors.push({ file, line: errors[errors.length - 1]?.line ?? 1, message: `… and ${dropped} more error${dropped === 1 ? '' : 's'}` });
  if (errors.length > 0 || !header) return { ok: false, errors };

  const domains: Domain[] = [];
  for (let v = 1; v <= header.variables; v++) domains.push({ variable: String(v), values: [DIMACS_TRUE, DIMACS_FALSE] });
  const constraints: Constraint[] = clauses.map((clause, k) => ({
    id: clauseId(k + 1),
    formula: clause.length === 1 ? literal(clause[0] as number) : { kind: 'or', of: clause.map(literal) },
  }));
  return { ok: true, problem: { domains, constraints }, variables: header.variables, clauses: clauses.length, clauseLines };
}

/**
 * Write clauses as DIMACS CNF (for tests, fixtures and generated benchmark models).
 * `comments` become `c` lines before the header.
 */
export function formatDimacs(variables: number, clauses: readonly (readonly number[])[], comments: readonly string[] = []): string {
  const out: string[] = comments.map((c) => (c === '' ? 'c' : `c ${c}`));
  out.push(`p cnf ${variables} ${clauses.length}`);
  for (const clause of clauses) out.push(clause.length === 0 ? '0' : `${clause.join(' ')} 0`);
  return out.join('\n') + '\n';
}
