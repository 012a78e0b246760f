/** Rule errors at load: the shape (ruleSchema.ts), names and types (checkRules.ts), expressions (ruleProblem.ts). */
import { describe, expect, it } from 'vitest';
import { formatWorkbookError } from '../workbook/errors.js';
import { parseWorkbookText } from '../workbook/parse.js';

const L = (en: string) => ({ zh: en, en });
const m = L('m');
const choice = (id: string, options: (string | number)[], def: string | number) => ({ id, label: L(id), type: 'choice', bind: 'S!A1', default: def, options: options.map((value) => ({ value, label: L(String(value)) })) });
const PARAMETERS = [
  choice('seat', ['EPDM', 'PTFE', 'METAL'], 'EPDM'),
  { id: 'temperature', label: L('T'), type: 'integer', bind: 'S!A1', default: 20, min: -40, max: 425 },
  choice('medium', ['water', 'gas', 'oil'], 'water'),
  { id: 'explosion_proof', label: L('Ex'), type: 'boolean', bind: 'S!A1', default: false },
  choice('dn', [50, 100, 200, 300], 100),
  { id: 'note', label: L('note'), type: 'text', bind: 'S!A1', default: '' },
  { id: 'seat-type', label: L('st'), type: 'choice', bind: 'S!A1', default: 'a', options: [{ value: 'a', label: L('a') }] },
];

function errors(rules: unknown[]): string[] {
  const text = JSON.stringify({ format: 'suanpan.workbook/1', id: 'x', name: L('x'), productLine: 't', version: '1.0.0', currency: 'CNY', sheets: [{ name: 'S', cells: { A1: 1 } }], parameters: PARAMETERS, rules });
  const r = parseWorkbookText(text, 'f.json');
  return r.ok ? [] : r.errors.map((e) => formatWorkbookError(e).replace(/^f\.json: /, ''));
}

describe('rule errors', () => {
  it('shape: kinds, required and unknown fields, lists, bounds', () => {
    expect(errors([{ id: 'a', kind: 'requirs', if: {}, message: m }, { kind: 'table' }, 5, { id: 'b', kind: 'table', parameters: ['seat'], allowed: [['PTFE', 1]], message: m }])).toEqual([
      'rules[0].kind: unknown kind "requirs"; expected one of requires, excludes, table, expression, range, prefer',
      'rules[1].id: is required',
      'rules[1].message: is required',
      'rules[1].parameters: is required',
      'rules[1].allowed: is required',
      'rules[2]: expected a rule object, got the number 5',
      'rules[3].parameters: must name at least two parameters',
      'rules[3].allowed[0]: has 2 entries; expected 1, one per parameter',
    ]);
    expect(errors([{ id: 'a', kind: 'requires', if: {}, then: [], message: m, extra: 1 }])).toEqual([
      'rules[0].if: must name at least one parameter',
      'rules[0].then: must list at least one condition',
      'rules[0].extra: unknown field (check the spelling; see docs/workbook-format.md)',
    ]);
    expect(errors([{ id: 'a', kind: 'requires', if: { temperature: { min: 5, above: 3 } }, then: { temperature: { max: 3, min: 10 } }, message: m }])).toEqual([
      'rules[0].if.temperature.above: give either min or above, not both',
      'rules[0].then.temperature.max: leaves no value: the lower bound is 10, the upper 3',
    ]);
    expect(errors([{ id: 'a', kind: 'requires', if: { seat: 'PTFE' }, then: { temperature: { max: 'hot' }, seat: null }, message: m }])).toEqual([
      'rules[0].then.temperature.max: expected a number, got the text "hot"',
      'rules[0].then.seat: expected a value, a list of values or a range such as {"max": 180}, got null',
    ]);
    expect(errors([{ id: 'r2', kind: 'range', parameter: 'dn', cases: [{ when: { medium: 'oil' } }], message: m }])).toEqual(['rules[0].cases[0]: give at least one of min, max, above, below']);
    expect(errors([{ id: 'p', kind: 'prefer', set: { seat: 'METAL' }, weight: 0, message: m }])).toEqual(['rules[0].weight: must be at least 1']);
  });

  it('names and types: unknown parameters and options, mismatched values, duplicate ids', () => {
    expect(
      errors([
        { id: 'a', kind: 'requires', if: { seat: ['PTFE', 'X'], seet: 'PTFE' }, then: { temperature: 500 }, message: m },
        { id: 'a', kind: 'excludes', if: [{ medium: 'oil' }, { note: 'x' }], then: { seat: { max: 3 } }, message: m },
        { id: 'b', kind: 'table', parameters: ['seat', 'seat', 'nope'], allowed: [['PTFE', 'EPDM', 1]], message: m },
        { id: 'c', kind: 'range', parameter: 'medium', cases: [{ when: { explosion_proof: 'yes' }, max: 3 }], message: m },
        { id: 'd', kind: 'prefer', when: { dn: '200' }, set: { temperature: 'hot' }, message: m },
      ]),
    ).toEqual([
      'rules[1].id: duplicate rule id "a"',
      'rules[0].if.seat[1]: "X" is not one of the options "EPDM", "PTFE", "METAL"',
      'rules[0].if.seet: unknown parameter "seet"',
      'rules[0].then.temperature: 500 is above the maximum 425',
      'rules[1].if[1].note: parameter "note" is a text parameter; rules can use number, integer, choice and boolean parameters',
      'rules[1].then.seat: parameter "seat" is a choice of named options; a range such as {"max": 180} needs a number parameter or a choice of numbers',
      'rules[2].parameters[1]: duplicate parameter "seat"',
      'rules[2].parameters[2]: unknown parameter "nope"',
      'rules[3].parameter: parameter "medium" is a choice of named options; a range such as {"max": 180} needs a number parameter or a choice of numbers',
      'rules[3].cases[0].when.explosion_proof: expected true or false, got the text "yes"',
      'rules[4].when.dn: "200" is not one of the options 50, 100, 200, 300',
      'rules[4].set.temperature: expected a number, got the text "hot"',
    ]);
  });

  it('expressions: syntax, names, cells, parameters rules cannot use, results', () => {
    const e = (formula: string) => ({ id: `e${formula.length}`, kind: 'expression', formula, message: m });
    expect(errors([e('medium="gas"')])).toEqual(['rules[0].formula: must be a formula starting with "="']);
    expect(errors([e('=OR(medium<>"gas", explosion_prof)'), e('=OR(medium<>"gas"'), e('=A1>2'), e('=note<>""'), e('=seat-type="a"'), e('=VLOKUP(1)')])).toEqual([
      'rules[0].formula: unknown name "explosion_prof" in "=OR(medium<>\\"gas\\", explosion_prof)"; an expression may use parameter ids (seat, temperature, medium, explosion_proof, dn)',
      'rules[1].formula: formula "=OR(medium<>\\"gas\\"" cannot be read (syntax error)',
      'rules[2].formula: "=A1>2" refers to cells; an expression may use parameter ids only',
      'rules[3].formula: parameter "note" is a text parameter; rules can use number, integer, choice and boolean parameters',
      'rules[4].formula: parameter "seat-type" cannot be named in a formula (its id is not a valid formula name); use the rule kinds requires/excludes/table for it',
      'rules[5].formula: unknown function VLOKUP in "=VLOKUP(1)"',
    ]);
    expect(errors([e('=1/(temperature-20)>0')])).toEqual(['rules[0].formula: "=1/(temperature-20)>0" gives #DIV/0! when temperature = 20; it must give TRUE or FALSE']);
    expect(errors([e('=IF(seat="PTFE", 1, 0)')])).toEqual(['rules[0].formula: "=IF(seat=\\"PTFE\\", 1, 0)" gives 0 when seat = "EPDM"; it must give TRUE or FALSE']);
    // Temperature is split at 2 and 360 only (the numbers written): 2 × 181 > 360 but 2 × 3 ≤ 360.
    expect(errors([e('=temperature*2<=360')])).toEqual([
      'rules[0].formula: "=temperature*2<=360" is FALSE at 181 but TRUE at 3, inside temperature (2,360): numbers are split only where the formula names a number; compare the parameter with a number directly, such as temperature<=180',
    ]);
    expect(errors([e('=OR(temperature<=180, seat="METAL")')])).toEqual([]);
  });
});
