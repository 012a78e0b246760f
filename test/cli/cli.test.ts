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
