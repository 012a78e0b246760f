/** The `suanpan` command line, run in-process against files on disk. */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const valve = 'test/fixtures/workbooks/mini-valve.workbook.json';

describe('suanpan price', () => {
  it('prints exactly {"outputs", "errors"} with --json', async () => {
    const r = await run('price', valve, '--set', 'dn=250', '--set=body=CF8M', '--set', 'coating=true', '--set', 'qty=3', '--json');
    // CF8M 2600 × 250/100 = 6500 + coating 35 = 6535 × 1.25 = 8168.75; × 3 = 24506.25
    expect(r.out).toEqual(['{"outputs":{"unit_price":8168.75,"total_price":24506.25},"errors":[]}']);
    expect(r.code).toBe(0);
  });

  it('reports bad --set values and prices nothing', async () => {
    const r = await run('price', valve, '--set', 'dn=abc', '--set', 'body=Gold', '--set', 'pressure=16', '--json');
    expect(JSON.parse(r.out[0] as string)).toEqual({
      outputs: {},
      errors: [
        '--set dn=abc: expected a number, got "abc"',
        '--set body=Gold: "Gold" is not one of the options "GG25", "WCB", "CF8M"',
        '--set pressure=16: unknown parameter "pressure"; parameters: dn, qty, coating, body',
      ],
    });
    expect(r.code).toBe(1);
  });

  it('reports a file error in the errors list', async () => {
    const r = await run('price', 'test/fixtures/malformed/duplicate-option.workbook.json', '--json');
    expect(JSON.parse(r.out[0] as string)).toEqual({
      outputs: {},
      errors: ['test/fixtures/malformed/duplicate-option.workbook.json: parameters[3].options[2].value: duplicate option "WCB"'],
    });
    expect(r.code).toBe(1);
  });

  it('prints a readable table without --json', async () => {
    const r = await run('price', valve, '--set', 'body=GG25');
    // GG25 800 × 1.25 = 1000.00
    expect(r.out).toEqual(['unit_price   1000.00 CNY  Unit price / 单价', 'total_price  1000.00 CNY  Total / 总价']);
  });
});

describe('suanpan check', () => {
  it('passes good files and folders', async () => {
    const r = await run('check', 'test/fixtures/workbooks');
    expect(r.out).toEqual(['2 workbooks checked, no errors']);
    expect(r.code).toBe(0);
  });

  it('warns of dead options, dead ranges and rules that can never fire', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-check-'));
    const wb = JSON.parse(readFileSync('test/fixtures/workbooks/mini-valve.workbook.json', 'utf8'));
    const message = { zh: '规则', en: 'rule' };
    wb.rules = [
      // qty is at least 1 (its own min), so GG25 is excluded in every configuration: a dead option.
      { id: 'no_gg25', kind: 'excludes', message, if: { qty: { min: 1 } }, then: { body: 'GG25' } },
      // Coating excludes CF8M, so a rule about coated CF8M bodies can never fire.
      { id: 'coated_not_cf8m', kind: 'excludes', message, if: { coating: true }, then: { body: 'CF8M' } },
      { id: 'coated_cf8m_small', kind: 'requires', message, if: { body: 'CF8M', coating: true }, then: { dn: { max: 100 } } },
      // dn above 500 only with CF8M, and CF8M only up to 400: dn 550 and 600 (dn steps by 50) are dead.
      { id: 'big_dn_cf8m', kind: 'requires', message, if: { dn: { above: 500 } }, then: { body: 'CF8M' } },
      { id: 'cf8m_max_400', kind: 'requires', message, if: { body: 'CF8M' }, then: { dn: { max: 400 } } },
    ];
    mkdirSync(join(dir, 'modules'));
    cpSync('test/fixtures/workbooks/modules/finish.workbook.json', join(dir, 'modules/finish.workbook.json'));
    const file = join(dir, 'mini-valve.workbook.json');
    writeFileSync(file, JSON.stringify(wb));
    const r = await run('check', file);
    // big_dn_cf8m does fire (dn 550 is possible without it), so it is not listed.
    expect(r.out).toEqual([
      `${file}: rules: warning: option "GG25" of parameter "body" is allowed by no valid configuration (dead option)`,
      `${file}: rules: warning: parameter "dn" can never take [550, 600] (dead range)`,
      `${file}: rules: warning: rule "coated_cf8m_small" can never fire: its condition cannot hold together with the other rules`,
      '1 workbook checked, no errors, 3 warnings',
    ]);
    expect(r.code).toBe(0);
  });

  it('fails on a missing path', async () => {
    const r = await run('check', 'test/fixtures/nowhere.workbook.json');
    expect(r.err).toEqual(['test/fixtures/nowhere.workbook.json: $: file not found']);
    expect(r.code).toBe(1);
  });
});

describe('suanpan test', () => {
  it('runs the cases and ends with the count', async () => {
    const r = await run('test', 'test/fixtures/workbooks');
    expect(r.out).toEqual(['2 passed, 0 failed']);
    expect(r.code).toBe(0);
  });

  it('names model, case and output of each failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-cli-'));
    const wb = JSON.parse(readFileSync(valve, 'utf8'));
    wb.tests.push({ id: 'wrong-on-purpose', given: { body: 'GG25', qty: 2 }, expect: { unit_price: 1000, total_price: 2100 } });
    mkdirSync(join(dir, 'modules'));
    cpSync('test/fixtures/workbooks/modules/finish.workbook.json', join(dir, 'modules/finish.workbook.json'));
    writeFileSync(join(dir, 'mini-valve.workbook.json'), JSON.stringify(wb));
    const r = await run('test', dir);
    // GG25 × 2: 1000 each, 2000 in all, not 2100
    expect(r.out).toEqual(['mini-valve: wrong-on-purpose: total_price: expected 2100 ± 0.000001, got 2000', '2 passed, 1 failed']);
    expect(r.code).toBe(1);
  });
});

describe('usage', () => {
  it('explains itself on a bad command', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('suanpan price <file>');
  });
});

describe('suanpan configure (DIMACS CNF)', () => {
  // The hand-written valve feature model; its comment lines say what each variable means.
  const features = 'test/fixtures/cnf/valve-features.dimacs';
  const allowed = (forced: Record<number, boolean>) =>
    Object.fromEntries(Array.from({ length: 15 }, (_, i) => [String(i + 1), i + 1 in forced ? [forced[i + 1]] : [true, false]]));

  it('with no choices: the root and its mandatory children are forced, all else is open', async () => {
    const r = await run('configure', features, '--json');
    // Clause 1 (unit) forces 1; clauses 16 and 17 (mandatory children) then force 2 and 3.
    // Every other variable has both values in some configuration (each group member can be the one taken).
    expect(r.out).toEqual([
      '{"allowed":{"1":[true],"2":[true],"3":[true],"4":[true,false],"5":[true,false],"6":[true,false],"7":[true,false],"8":[true,false],"9":[true,false],"10":[true,false],"11":[true,false],"12":[true,false],"13":[true,false],"14":[true,false],"15":[true,false]},"conflict":null}',
    ]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('propagates choices across the tree: seawater needs CF8M, PTFE rules out high temperature', async () => {
    const r = await run('configure', features, '--set', '14=true', '--set=9=true', '--json');
    // 14 → 7 (clause 27); 7 excludes 5 and 6 (clauses 20, 21); 9 excludes 8, 10 (23, 25) and 15 (28).
    // 4 (actuator) and its drives 11–13 are untouched.
    expect(JSON.parse(r.out[0] as string)).toEqual({
      allowed: allowed({ 1: true, 2: true, 3: true, 5: false, 6: false, 7: true, 8: false, 9: true, 10: false, 14: true, 15: false }),
      conflict: null,
    });
    expect(r.code).toBe(0);
  });

  it('explains a conflict with its smallest set of clauses and choices', async () => {
    const r = await run('configure', features, '--set', '5=false', '--set', '6=false', '--set', '7=false', '--json');
    // No body material: clause 18 (body → 5 ∨ 6 ∨ 7) needs body, which clause 16 (valve → body)
    // forces from the root, which clause 1 forces. Dropping any of the six leaves a configuration.
    expect(r.out).toEqual([
      `{"allowed":${JSON.stringify(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [String(i + 1), []])))},"conflict":{"rules":["clause 1","clause 16","clause 18"],"choices":["5","6","7"]}}`,
    ]);
    expect(r.code).toBe(0);
  });

  it('finds the cross-tree conflict: seawater with a cast-iron body', async () => {
    const r = await run('configure', features, '--set', '14=true', '--set', '5=true', '--json');
    // 14 → 7 (clause 27), and 5 and 7 exclude each other (clause 20); without either clause,
    // or either choice, a configuration exists.
    const conflict = (JSON.parse(r.out[0] as string) as { conflict: { rules: string[]; choices: string[] } }).conflict;
    expect([...conflict.rules].sort()).toEqual(['clause 20', 'clause 27']);
    expect([...conflict.choices].sort()).toEqual(['14', '5']);
  });

  it('a choice against a unit clause: the clause and the choice', async () => {
    const r = await run('configure', features, '--set', '1=false', '--json');
    expect(JSON.parse(r.out[0] as string).conflict).toEqual({ rules: ['clause 1'], choices: ['1'] });
  });

  it('prints a readable table without --json', async () => {
    const r = await run('configure', features, '--set', '14=true');
    expect(r.out.slice(0, 8)).toEqual([
      '1   true          forced',
      '2   true          forced',
      '3   true          forced',
      '4   true | false',
      '5   false         forced',
      '6   false         forced',
      '7   true          forced',
      '8   true | false',
    ]);
    expect(r.out[13]).toBe('14  true          set true');
    const conflict = await run('configure', features, '--set', '14=true', '--set', '5=true');
    expect(conflict.out.slice(-4)).toEqual([
      '',
      'conflict: these choices and clauses cannot hold together',
      '  choices: 14=true, 5=true',
      // Lines counted in the fixture.
      '  clauses: clause 20 (line 40), clause 27 (line 51)',
    ]);
  });

  it('exits 1 with file:line on a malformed file, printing nothing on stdout', async () => {
    const r = await run('configure', 'test/fixtures/cnf/out-of-range.cnf', '--json');
    expect(r.err).toEqual(['test/fixtures/cnf/out-of-range.cnf:4: variable 4 is out of range: the header on line 2 declares 3 variables']);
    expect(r.out).toEqual([]);
    expect(r.code).toBe(1);
    const count = await run('configure', 'test/fixtures/cnf/clause-count.cnf', '--json');
    expect(count.err).toEqual(['test/fixtures/cnf/clause-count.cnf:1: the header declares 3 clauses, found 2']);
    expect(count.code).toBe(1);
  });

  it('recognises DIMACS by its content under another name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-cnf-'));
    writeFileSync(join(dir, 'model.txt'), 'p cnf 2 2\n1 0\n-1 -2 0\n');
    const r = await run('configure', join(dir, 'model.txt'), '--json');
    expect(r.out).toEqual(['{"allowed":{"1":[true],"2":[false]},"conflict":null}']);
  });

  it('exits 1 on a bad --set, 2 on bad usage', async () => {
    const bad = await run('configure', features, '--set', '16=true', '--set', '3=maybe', '--set', 'seal', '--json');
    expect(bad.err).toEqual([
      `--set 16=true: unknown variable "16"; ${features} has variables 1..15`,
      '--set 3=maybe: expected true or false, got "maybe"',
      '--set seal: expected name=value',
    ]);
    expect(bad.out).toEqual([]);
    expect(bad.code).toBe(1);
    const missing = await run('configure', 'test/fixtures/cnf/nowhere.cnf');
    expect([missing.code, missing.err]).toEqual([1, ['test/fixtures/cnf/nowhere.cnf: file not found']]);
    const noFile = await run('configure', '--json');
    expect(noFile.code).toBe(2);
    expect(noFile.err.join('\n')).toContain('suanpan configure <file>');
    const unknown = await run('configure', features, '--all');
    expect([unknown.code, unknown.err[0]]).toEqual([2, 'unknown option --all']);
  });
});

describe('suanpan configure (workbook)', () => {
  it('lists every option and range when no rule narrows them', async () => {
    const r = await run('configure', valve, '--json');
    // mini-valve has no rules: dn is an integer 50..600, qty ≥ 1, coating a boolean, body three options.
    expect(r.out).toEqual(['{"allowed":{"dn":[{"min":50,"max":600}],"qty":[{"min":1}],"coating":[true,false],"body":["GG25","WCB","CF8M"]},"conflict":null}']);
    expect(r.code).toBe(0);
  });

  it('narrows options and ranges by the rules, and explains a conflict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-rules-'));
    const wb = JSON.parse(readFileSync(valve, 'utf8'));
    wb.rules = [
      { id: 'gg25_dn', kind: 'requires', message: { zh: '灰铸铁阀体最大 DN300', en: 'Grey cast iron bodies go up to DN300' }, if: { body: 'GG25' }, then: { dn: { max: 300 } } },
      { id: 'coating_cf8m', kind: 'excludes', message: { zh: '不锈钢阀体不涂装', en: 'Stainless bodies are not coated' }, if: { coating: true }, then: { body: 'CF8M' } },
    ];
    mkdirSync(join(dir, 'modules'));
    cpSync('test/fixtures/workbooks/modules/finish.workbook.json', join(dir, 'modules/finish.workbook.json'));
    const file = join(dir, 'mini-valve.workbook.json');
    writeFileSync(file, JSON.stringify(wb));

    // GG25 caps dn at 300 (dn runs 50..600); coating stays free (only CF8M excludes it); body is the choice.
    const gg25 = await run('configure', file, '--set', 'body=GG25', '--json');
    expect(gg25.out).toEqual(['{"allowed":{"dn":[{"min":50,"max":300}],"qty":[{"min":1}],"coating":[true,false],"body":["GG25"]},"conflict":null}']);
    // Coating excludes CF8M: body is left with GG25 and WCB.
    const coated = await run('configure', file, '--set', 'coating=true', '--json');
    expect(JSON.parse(coated.out[0] as string).allowed.body).toEqual(['GG25', 'WCB']);

    const conflict = await run('configure', file, '--set', 'coating=true', '--set', 'body=CF8M', '--json');
    expect(conflict.out).toEqual(['{"allowed":{"dn":[],"qty":[],"coating":[],"body":[]},"conflict":{"rules":["coating_cf8m"],"choices":["body","coating"]}}']);
    expect(conflict.code).toBe(0);
    const table = await run('configure', file, '--set', 'coating=true', '--set', 'body=CF8M');
    expect(table.out.slice(-4)).toEqual([
      '',
      'conflict: these choices and rules cannot hold together',
      '  choices: body=CF8M, coating=true',
      '  rule coating_cf8m: Stainless bodies are not coated / 不锈钢阀体不涂装',
    ]);
    const bad = await run('configure', file, '--set', 'body=Gold', '--json');
    expect([bad.code, bad.out, bad.err]).toEqual([1, [], ['--set body=Gold: "Gold" is not one of the options "GG25", "WCB", "CF8M"']]);
  });

  it('exits 1 with the file/path message on a workbook error', async () => {
    const r = await run('configure', 'test/fixtures/malformed/duplicate-option.workbook.json', '--json');
    expect(r.err).toEqual(['test/fixtures/malformed/duplicate-option.workbook.json: parameters[3].options[2].value: duplicate option "WCB"']);
    expect(r.code).toBe(1);
  });
});
