/**
 * Every kind of load error, one malformed file each, checked for its exact message through
 * the command line (`suanpan check`), which is what a cost engineer sees.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const dir = 'test/fixtures/malformed';

async function check(file: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCli(['check', `${dir}/${file}`], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, lines };
}

/** file → the lines `suanpan check` must print, each `file: path: message`. */
const cases: Record<string, string[]> = {
  'empty.workbook.json': ['$: the file is empty; expected a workbook object'],
  'not-json.workbook.json': ['$: not valid JSON at line 4, column 1: expected a field name in double quotes'],
  'top-level-list.workbook.json': ['$: expected a workbook object, got a list'],
  'duplicate-key.workbook.json': ['sheets[0].cells.B1: duplicate key "B1" (line 17, column 9); the earlier one would be lost'],
  'huge-number.workbook.json': ['parameters[0].default: expected a finite number, got a number too large to represent'],
  'missing-format.workbook.json': ['format: is required: "suanpan.workbook/1"'],
  'wrong-format-version.workbook.json': ['format: must be "suanpan.workbook/1", got the text "suanpan.workbook/2"'],
  'wrong-types.workbook.json': ['version: expected text, got the number 1', 'sheets[2].rows: expected a list, got an object'],
  'unknown-field.workbook.json': [
    'parameters[0].default: is required',
    'parameters[0].defualt: unknown field (check the spelling; see docs/workbook-format.md)',
  ],
  'unknown-parameter-type.workbook.json': ['parameters[0].type: unknown type "float"; expected one of number, integer, choice, boolean, text, date'],
  'duplicate-option.workbook.json': ['parameters[3].options[2].value: duplicate option "WCB"'],
  'duplicate-ids.workbook.json': [
    'sheets[2].name: duplicate sheet name "calc"',
    'parameters[1].id: duplicate parameter id "dn"',
    'outputs[1].id: duplicate output id "unit_price"',
  ],
  'bad-cell-address.workbook.json': ['sheets[0].cells.B0: not a cell address; expected A1-style such as B4'],
  'bind-missing-sheet.workbook.json': ['parameters[0].bind: sheet "Inputz" does not exist'],
  'bind-missing-name.workbook.json': ['parameters[1].bind: no cell or name "Quantity" in this workbook; write a cell as Sheet!B2 or give a name from "names"'],
  'bind-formula-cell.workbook.json': [
    'parameters[0].bind: cell Calc!B1 holds a formula (=VLOOKUP(Inputs!B4,Bodies,2,FALSE())*Inputs!B1/100); a parameter must bind to a value cell',
  ],
  'output-missing-ref.workbook.json': ['outputs[1].ref: sheet "Calcs" does not exist'],
  'formula-syntax.workbook.json': ['sheets[1].cells.B2: formula "=IF(Inputs!B3,35,0" cannot be read (syntax error)'],
  'formula-capital-exponent.workbook.json': [
    'sheets[1].cells.B2: formula "=IF(Inputs!B3,3.5E1,0)" cannot be read (syntax error; write exponents with a small e (1e17, not 1E17))',
  ],
  'unknown-function.workbook.json': ['sheets[1].cells.B1: unknown function VLOKUP in "=VLOKUP(Inputs!B4,Bodies,2,FALSE())*Inputs!B1/100"'],
  'missing-sheet-reference.workbook.json': [
    'sheets[1].cells.B1: "=VLOOKUP(Inputs!B4,Tabels!A1:B3,2,FALSE())*Inputs!B1/100" refers to sheet "Tabels", which does not exist',
  ],
  'name-missing-sheet.workbook.json': ['names[0].expression: "=Tabels!$A$1:$B$3" refers to sheet "Tabels", which does not exist'],
  'missing-name-reference.workbook.json': ['sheets[1].cells.B4: unknown name "Quantity" in "=B3*Quantity"'],
  // B2 uses B4, which uses B3, which uses B2.
  'circular-reference.workbook.json': ['sheets[1].cells.B2: circular reference: Calc!B2 → Calc!B4 → Calc!B3 → Calc!B2'],
  'default-out-of-range.workbook.json': [
    'parameters[0].default: 700 is above the maximum 600',
    'parameters[3].default: "WCC" is not one of the options "GG25", "WCB", "CF8M"',
  ],
  'default-off-step.workbook.json': ['parameters[0].default: 125 is not a multiple of the step 50 from 50'],
  'name-like-address.workbook.json': ['names[1].name: "PN16" looks like a cell address and cannot be a name; choose another, such as "PN_16"'],
  'test-case-unknowns.workbook.json': ['tests[0].given.pressure: unknown parameter "pressure"', 'tests[0].expect.price: unknown output "price"'],
  'missing-module-file.workbook.json': [
    'modules[0].file: module file "modules/nope.workbook.json" not found (looked for test/fixtures/malformed/modules/nope.workbook.json)',
  ],
  'module-bad-input.workbook.json': [
    'modules[0].inputs.colour: module "finish" (test/fixtures/workbooks/modules/finish.workbook.json) has no parameter "colour"',
  ],
};

/** Errors that belong to another file than the one checked: the message names that file. */
const elsewhere: Record<string, string[]> = {
  'module-with-error.workbook.json': ['test/fixtures/malformed/modules/broken.workbook.json: sheets[0].cells.B3: formula "=ROUND(B1*Rate,2" cannot be read (syntax error)'],
  'module-includes-itself.workbook.json': [
    'test/fixtures/malformed/modules/loop.workbook.json: modules[0].file: module "loop.workbook.json" includes itself (test/fixtures/malformed/module-includes-itself.workbook.json → test/fixtures/malformed/modules/loop.workbook.json → test/fixtures/malformed/modules/loop.workbook.json)',
  ],
};

describe('malformed workbook files', () => {
  it('covers at least 20 files', () => {
    expect(Object.keys(cases).length + Object.keys(elsewhere).length).toBeGreaterThanOrEqual(20);
  });

  for (const [file, messages] of Object.entries(cases)) {
    it(`${file} is refused with its exact message`, async () => {
      const { code, lines } = await check(file);
      expect(lines).toEqual(messages.map((m) => `${dir}/${file}: ${m}`));
      expect(code).toBe(1);
    });
  }

  for (const [file, messages] of Object.entries(elsewhere)) {
    it(`${file} is refused, naming the module file at fault`, async () => {
      const { code, lines } = await check(file);
      expect(lines).toEqual(messages);
      expect(code).toBe(1);
    });
  }
});
