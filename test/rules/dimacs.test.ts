import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDimacs, formatDimacsError, parseDimacs } from '../../src/domain/rules/dimacs.js';
import type { DimacsParse } from '../../src/domain/rules/dimacs.js';

const t = (variable: string) => ({ kind: 'atom', variable, value: 'true' }) as const;
const f = (variable: string) => ({ kind: 'atom', variable, value: 'false' }) as const;

function errorsOf(r: DimacsParse): string[] {
  if (r.ok) throw new Error('expected errors, the file parsed');
  return r.errors.map(formatDimacsError);
}

describe('parseDimacs', () => {
  it('reads variables as true/false domains and clauses as or-constraints', () => {
    const r = parseDimacs('c two variables\np cnf 3 2\n1 -2 0\n3 0\n', 'tiny.cnf');
    expect(r).toEqual({
      ok: true,
      variables: 3,
      clauses: 2,
      clauseLines: [3, 4],
      problem: {
        domains: [
          { variable: '1', values: ['true', 'false'] },
          { variable: '2', values: ['true', 'false'] },
          { variable: '3', values: ['true', 'false'] },
        ],
        constraints: [
          { id: 'clause 1', formula: { kind: 'or', of: [t('1'), f('2')] } },
          { id: 'clause 2', formula: t('3') },
        ],
      },
    });
  });

  it('takes several clauses on a line, a clause over lines, CRLF, blank lines and the SATLIB % end', () => {
    const r = parseDimacs('p cnf 4 3\r\n1 2 0 -3\r\n\r\n  4 0 -1 0\r\n%\r\n0\r\n', 'satlib.cnf');
    if (!r.ok) throw new Error(r.errors.map(formatDimacsError).join('\n'));
    expect(r.clauses).toBe(3);
    // Clause 2 starts on line 2 ("-3") and ends on line 4; clause 3 is on line 4.
    expect(r.clauseLines).toEqual([2, 2, 4]);
    expect(r.problem.constraints.map((c) => c.formula)).toEqual([
      { kind: 'or', of: [t('1'), t('2')] },
      { kind: 'or', of: [f('3'), t('4')] },
      f('1'),
    ]);
  });

  it('reads the hand-written valve feature model', () => {
    const r = parseDimacs(readFileSync('test/fixtures/cnf/valve-features.dimacs', 'utf8'), 'valve-features.dimacs');
    if (!r.ok) throw new Error(r.errors.map(formatDimacsError).join('\n'));
    expect([r.variables, r.clauses, r.problem.domains.length, r.problem.constraints.length]).toEqual([15, 28, 15, 28]);
    // Line numbers counted in the file: clause 1 on 22, clauses 8 and 9 share line 29, clause 22 starts on 43.
    expect([r.clauseLines[0], r.clauseLines[7], r.clauseLines[8], r.clauseLines[21], r.clauseLines[27]]).toEqual([22, 29, 29, 43, 52]);
    expect(r.problem.constraints[21]).toEqual({ id: 'clause 22', formula: { kind: 'or', of: [f('3'), t('8'), t('9'), t('10')] } });
    expect(r.problem.constraints[26]).toEqual({ id: 'clause 27', formula: { kind: 'or', of: [f('14'), t('7')] } });
  });

  it('keeps an empty clause (the formula is unsatisfiable, not malformed)', () => {
    const r = parseDimacs('p cnf 1 1\n0\n', 'empty-clause.cnf');
    expect(r.ok && r.problem.constraints).toEqual([{ id: 'clause 1', formula: { kind: 'or', of: [] } }]);
  });

  it('reports a missing header at the first clause, or line 1 of an empty file', () => {
    expect(errorsOf(parseDimacs('c no header\n1 2 0\n', 'a.cnf'))).toEqual(['a.cnf:2: missing header: expected "p cnf <variables> <clauses>" before the first clause']);
    expect(errorsOf(parseDimacs('', 'empty.cnf'))).toEqual(['empty.cnf:1: missing header: expected "p cnf <variables> <clauses>" before the first clause']);
  });

  it('reports a duplicate, malformed or late header', () => {
    expect(errorsOf(parseDimacs('p cnf 2 1\n1 0\np cnf 2 1\n', 'dup.cnf'))).toEqual(['dup.cnf:3: duplicate header (the first is on line 1)']);
    expect(errorsOf(parseDimacs('p sat 2 1\n1 0\n', 'sat.cnf'))).toEqual(['sat.cnf:1: malformed header "p sat 2 1": expected "p cnf <variables> <clauses>"']);
    expect(errorsOf(parseDimacs('p cnf two 1\n1 0\n', 'words.cnf'))).toEqual(['words.cnf:1: malformed header "p cnf two 1": expected "p cnf <variables> <clauses>"']);
    expect(errorsOf(parseDimacs('1 0\np cnf 2 1\n', 'late.cnf'))).toEqual(['late.cnf:2: the header must come before the first clause (line 1)']);
  });

  it('reports a variable out of range with the header line', () => {
    expect(errorsOf(parseDimacs(readFileSync('test/fixtures/cnf/out-of-range.cnf', 'utf8'), 'out-of-range.cnf'))).toEqual([
      'out-of-range.cnf:4: variable 4 is out of range: the header on line 2 declares 3 variables',
    ]);
    expect(errorsOf(parseDimacs('p cnf 1 1\n-2 0\n', 'one.cnf'))).toEqual(['one.cnf:2: variable 2 is out of range: the header on line 1 declares 1 variable']);
  });

  it('reports a clause count other than the header says, expected and found', () => {
    expect(errorsOf(parseDimacs(readFileSync('test/fixtures/cnf/clause-count.cnf', 'utf8'), 'clause-count.cnf'))).toEqual([
      'clause-count.cnf:1: the header declares 3 clauses, found 2',
    ]);
    expect(errorsOf(parseDimacs('p cnf 2 1\n1 0 2 0\n', 'more.cnf'))).toEqual(['more.cnf:1: the header declares 1 clause, found 2']);
  });

  it('reports tokens that are not integers', () => {
    expect(errorsOf(parseDimacs('p cnf 3 2\n1 x2 0\n2 3.5 0\n', 'tokens.cnf'))).toEqual([
      'tokens.cnf:2: "x2" is not an integer literal',
      'tokens.cnf:3: "3.5" is not an integer literal',
    ]);
  });

  it('reports a last clause without its 0 at the line it starts on', () => {
    expect(errorsOf(parseDimacs('p cnf 3 2\n1 2 0\n-1\n3\n', 'open.cnf'))).toEqual(['open.cnf:3: the last clause (clause 2) is not terminated by 0']);
  });

  it('stops listing after 20 errors and says how many more', () => {
    const text = 'p cnf 1 25\n' + Array.from({ length: 25 }, () => '2 0').join('\n');
    const errors = errorsOf(parseDimacs(text, 'many.cnf'));
    expect(errors).toHaveLength(21);
    expect(errors[20]).toBe('many.cnf:21: … and 5 more errors');
  });
});

describe('formatDimacs', () => {
  it('writes comments, header and clauses', () => {
    expect(formatDimacs(3, [[1, -2], [], [3]], ['made by hand', ''])).toBe('c made by hand\nc\np cnf 3 3\n1 -2 0\n0\n3 0\n');
  });

  it('is read back by parseDimacs', () => {
    const r = parseDimacs(formatDimacs(2, [[-1, 2], [1]]), 'round.cnf');
    expect(r.ok && r.problem.constraints).toEqual([
      { id: 'clause 1', formula: { kind: 'or', of: [f('1'), t('2')] } },
      { id: 'clause 2', formula: t('1') },
    ]);
  });
});
