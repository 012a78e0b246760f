/**
 * ModelRules on a small valve-like model, every expected value worked out by hand from the rules
 * below; and a differential check against the rules evaluated directly on concrete values.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkbookText } from '../workbook/parse.js';
import type { ParameterValue } from '../workbook/parameters.js';
import type { Workbook } from '../workbook/schema.js';
import { compileRules } from './compileRules.js';
import type { AllowedValues, ModelRules } from './modelRules.js';

const L = (en: string) => ({ zh: en, en });
const choice = (id: string, options: (string | number)[], def: string | number) => ({ id, label: L(id), type: 'choice', bind: 'S!A1', default: def, options: options.map((value) => ({ value, label: L(String(value)) })) });

const RULES = [
  { id: 'ptfe-max-180', kind: 'requires', if: { seat: 'PTFE' }, then: { temperature: { max: 180 } }, message: L('PTFE up to 180 °C') },
  { id: 'epdm-max-120', kind: 'requires', if: { seat: 'EPDM' }, then: { temperature: { max: 120 } }, message: L('EPDM up to 120 °C') },
  { id: 'oil-excludes-epdm', kind: 'excludes', if: { medium: 'oil' }, then: { seat: 'EPDM' }, message: L('EPDM swells in oil') },
  { id: 'gas-ex', kind: 'expression', formula: '=OR(medium<>"gas", explosion_proof)', message: L('gas needs Ex') },
  { id: 'lever-dn', kind: 'range', parameter: 'dn', cases: [{ when: { actuator: 'lever' }, max: 100 }], message: L('levers up to DN100') },
  { id: 'coatings', kind: 'table', parameters: ['coating', 'medium'], allowed: [[['none', 'paint'], ['water', 'gas', 'oil']]], message: L('coatings offered') },
  { id: 'hot-ptfe', kind: 'requires', if: { seat: 'PTFE', temperature: { min: 200 } }, then: { medium: 'water' }, message: L('cannot fire') },
  { id: 'prefer-metal-for-oil', kind: 'prefer', when: { medium: 'oil' }, set: { seat: 'METAL' }, message: L('metal for oil') },
  { id: 'prefer-epdm-for-oil', kind: 'prefer', when: { medium: 'oil' }, set: { seat: 'EPDM' }, message: L('cannot apply') },
];

function miniModel(): { workbook: Workbook; rules: ModelRules } {
  const text = JSON.stringify({
    format: 'suanpan.workbook/1',
    id: 'mini',
    name: L('mini'),
    productLine: 'test',
    version: '1.0.0',
    currency: 'CNY',
    sheets: [{ name: 'S', cells: { A1: 1 } }],
    parameters: [
      choice('seat', ['EPDM', 'PTFE', 'METAL'], 'EPDM'),
      { id: 'temperature', label: L('T'), type: 'integer', bind: 'S!A1', default: 20, min: -40, max: 425 },
      choice('medium', ['water', 'gas', 'oil'], 'water'),
      { id: 'explosion_proof', label: L('Ex'), type: 'boolean', bind: 'S!A1', default: false },
      choice('dn', [50, 100, 200, 300], 100),
      choice('actuator', ['lever', 'gearbox'], 'lever'),
      choice('coating', ['none', 'paint', 'zinc'], 'none'),
      { id: 'qty', label: L('qty'), type: 'integer', bind: 'S!A1', default: 1, min: 1 },
    ],
    rules: RULES,
  });
  const parsed = parseWorkbookText(text, 'mini.workbook.json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const compiled = compileRules(parsed.workbook, 'mini.workbook.json');
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return { workbook: parsed.workbook, rules: compiled.rules };
}

const { workbook, rules } = miniModel();
const defaults: Record<string, ParameterValue> = Object.fromEntries(workbook.parameters.map((p) => [p.id, p.default]));
const msg = (id: string) => ({ id, message: RULES.find((r) => r.id === id)?.message });

function state(set: Record<string, ParameterValue>, others: Record<string, ParameterValue> = {}) {
  return rules.evaluate({ ...defaults, ...others, ...set }, new Set(Object.keys(set)));
}

describe('ModelRules on a small model', () => {
  it('touches only the parameters its rules name', () => {
    expect(rules.ruleCount).toBe(9);
    expect(rules.parameters).toEqual(['seat', 'temperature', 'medium', 'explosion_proof', 'dn', 'actuator', 'coating']);
  });

  it('with nothing chosen allows everything some configuration uses, and suggests nothing', () => {
    const s = state({});
    expect(s.consistent).toBe(true);
    expect(s.allowed).toEqual({
      seat: { kind: 'options', values: ['EPDM', 'PTFE', 'METAL'] },
      temperature: { kind: 'ranges', ranges: [{ min: -40, max: 425 }] },
      medium: { kind: 'options', values: ['water', 'gas', 'oil'] },
      explosion_proof: { kind: 'options', values: [true, false] },
      dn: { kind: 'options', values: [50, 100, 200, 300] },
      actuator: { kind: 'options', values: ['lever', 'gearbox'] },
      // zinc is in no row of the coatings table
      coating: { kind: 'options', values: ['none', 'paint'] },
    });
    expect(s.suggested).toEqual({});
  });

  it('after PTFE allows temperatures up to 180 °C only', () => {
    expect(state({ seat: 'PTFE' }).allowed.temperature).toEqual({ kind: 'ranges', ranges: [{ min: -40, max: 180 }] });
    // EPDM: ≤ 120; and oil then leaves PTFE or METAL.
    expect(state({ seat: 'EPDM' }).allowed.temperature).toEqual({ kind: 'ranges', ranges: [{ min: -40, max: 120 }] });
    expect(state({ medium: 'oil' }).allowed.seat).toEqual({ kind: 'options', values: ['PTFE', 'METAL'] });
    // 150 °C: EPDM is out (≤ 120), PTFE and METAL stay.
    expect(state({ temperature: 150 }).allowed.seat).toEqual({ kind: 'options', values: ['PTFE', 'METAL'] });
    // A lever up to DN100; DN200 leaves only the gearbox.
    expect(state({ actuator: 'lever' }).allowed.dn).toEqual({ kind: 'options', values: [50, 100] });
    expect(state({ dn: 200 }).allowed.actuator).toEqual({ kind: 'options', values: ['gearbox'] });
    // Gas: explosion-proof must be true.
    expect(state({ medium: 'gas' }).allowed.explosion_proof).toEqual({ kind: 'options', values: [true] });
  });

  it('forcing 200 °C after PTFE is a conflict of the PTFE rule and both choices', () => {
    const s = state({ seat: 'PTFE', temperature: 200 });
    expect(s.consistent).toBe(false);
    expect(s.conflict).toEqual({ rules: [msg('ptfe-max-180')], choices: ['seat', 'temperature'] });
    expect(s.suggested).toEqual({});
    // Both choices set aside, nothing else is chosen: everything is possible again.
    expect(s.allowed.seat).toEqual({ kind: 'options', values: ['EPDM', 'PTFE', 'METAL'] });
  });

  it('lists what a chosen parameter could change to without a conflict', () => {
    const values = { ...defaults, seat: 'PTFE', temperature: 150 };
    const userSet = new Set(['seat', 'temperature']);
    // evaluate lists the chosen values only; 150 °C rules EPDM out (≤ 120).
    expect(rules.evaluate(values, userSet).allowed.seat).toEqual({ kind: 'options', values: ['PTFE'] });
    expect(rules.evaluate(values, userSet).allowed.temperature).toEqual({ kind: 'ranges', ranges: [{ min: 150, max: 150 }] });
    expect(rules.alternatives(values, userSet, 'seat')).toEqual({ kind: 'options', values: ['PTFE', 'METAL'] });
    expect(rules.alternatives(values, userSet, 'temperature')).toEqual({ kind: 'ranges', ranges: [{ min: -40, max: 180 }] });
  });

  it('explains an excluded value by the smallest set of rules and choices', () => {
    const values = { ...defaults, seat: 'PTFE' };
    expect(rules.explainExcluded(values, new Set(['seat']), 'temperature', 200)).toEqual({ rules: [msg('ptfe-max-180')], choices: ['seat', 'temperature'] });
    expect(rules.explainExcluded({ ...defaults, medium: 'oil' }, new Set(['medium']), 'seat', 'EPDM')).toEqual({ rules: [msg('oil-excludes-epdm')], choices: ['medium', 'seat'] });
  });

  it('fixes a forced value by changing one other choice', () => {
    const values = { ...defaults, seat: 'PTFE', temperature: 200 };
    const userSet = new Set(['seat', 'temperature']);
    // Temperature forced: only a metal seat takes 200 °C (EPDM ≤ 120, PTFE ≤ 180).
    expect(rules.fixes(values, userSet, 'temperature')).toEqual([{ changes: [{ parameter: 'seat', from: 'PTFE', to: 'METAL' }] }]);
    // Seat forced: the temperature moves to the nearest allowed value, 180.
    const fixes = rules.fixes(values, userSet, 'seat');
    expect(fixes[0]).toEqual({ changes: [{ parameter: 'temperature', from: 200, to: 180 }] });
    for (const f of fixes) {
      expect(f.changes).toHaveLength(1);
      expect(f.changes[0]?.to as number).toBeLessThanOrEqual(180);
    }
    // The fix works.
    expect(state({ seat: 'PTFE', temperature: 180 }).consistent).toBe(true);
  });

  it('turns impossible defaults into suggestions, never changing a value the user set', () => {
    expect(state({ medium: 'gas' }).suggested).toEqual({ explosion_proof: true });
    expect(state({ dn: 200 }).suggested).toEqual({ actuator: 'gearbox' });
    // Temperature 200 not set by the user: PTFE moves it to the nearest allowed value.
    expect(state({ seat: 'PTFE' }, { temperature: 200 }).suggested).toEqual({ temperature: 180 });
    expect(state({ seat: 'EPDM' }, { temperature: 150 }).suggested).toEqual({ temperature: 120 });
    // Oil: EPDM is impossible; the soft rule picks METAL (the nearest option would be PTFE).
    expect(state({ medium: 'oil' }).suggested).toEqual({ seat: 'METAL' });
    expect(state({ medium: 'oil', seat: 'PTFE' }).suggested).toEqual({});
    // A still-possible default stays.
    expect(state({ seat: 'PTFE' }).suggested).toEqual({});
  });

  it('model check: dead options and rules that can never fire', () => {
    expect(rules.check()).toEqual({
      deadOptions: [{ parameter: 'coating', value: 'zinc' }],
      deadRanges: [],
      // PTFE with 200 °C or more is impossible by ptfe-max-180; EPDM is never possible with oil.
      neverFiring: ['hot-ptfe', 'prefer-epdm-for-oil'],
    });
  });
});

describe('ModelRules against the rules evaluated directly', () => {
  // Concrete values: every class of temperature is sampled, at and around each bound.
  const samples: Record<string, ParameterValue[]> = {
    seat: ['EPDM', 'PTFE', 'METAL'],
    temperature: [-40, 0, 119, 120, 121, 179, 180, 181, 199, 200, 425],
    medium: ['water', 'gas', 'oil'],
    explosion_proof: [true, false],
    dn: [50, 100, 200, 300],
    actuator: ['lever', 'gearbox'],
    coating: ['none', 'paint', 'zinc'],
  };
  type Config = Record<string, ParameterValue>;
  // The rules of RULES, written out by hand.
  const valid = (c: Config): boolean =>
    (c.seat !== 'PTFE' || (c.temperature as number) <= 180) &&
    (c.seat !== 'EPDM' || (c.temperature as number) <= 120) &&
    !(c.medium === 'oil' && c.seat === 'EPDM') &&
    (c.medium !== 'gas' || c.explosion_proof === true) &&
    (c.actuator !== 'lever' || (c.dn as number) <= 100) &&
    c.coating !== 'zinc' &&
    !(c.seat === 'PTFE' && (c.temperature as number) >= 200 && c.medium !== 'water');

  const names = Object.keys(samples);
  const all: Config[] = [];
  const build = (i: number, c: Config) => {
    if (i === names.length) {
      if (valid(c)) all.push({ ...c });
      return;
    }
    for (const v of samples[names[i] as string] as ParameterValue[]) build(i + 1, { ...c, [names[i] as string]: v });
  };
  build(0, {});

  const inAllowed = (a: AllowedValues, v: ParameterValue) =>
    a.kind === 'options'
      ? a.values.includes(v)
      : a.ranges.some((r) => (r.min === undefined || (r.minOpen ? (v as number) > r.min : (v as number) >= r.min)) && (r.max === undefined || (r.maxOpen ? (v as number) < r.max : (v as number) <= r.max)));

  it('allow exactly the sampled values some valid configuration uses, after one or two choices', () => {
    const singles = names.flatMap((n) => (samples[n] as ParameterValue[]).map((v) => [n, v] as const));
    let checked = 0;
    for (const [i, a] of singles.entries()) {
      for (const b of [undefined, ...singles.slice(i + 1).filter((x) => x[0] !== a[0])]) {
        const set: Config = { [a[0]]: a[1], ...(b ? { [b[0]]: b[1] } : {}) };
        const matching = all.filter((c) => Object.entries(set).every(([k, v]) => c[k] === v));
        const s = state(set);
        expect(s.consistent, JSON.stringify(set)).toBe(matching.length > 0);
        if (!s.consistent) continue;
        for (const n of names) {
          const expected = (samples[n] as ParameterValue[]).filter((v) => matching.some((c) => c[n] === v));
          const got = (samples[n] as ParameterValue[]).filter((v) => inAllowed(s.allowed[n] as AllowedValues, v));
          expect(got, `${n} after ${JSON.stringify(set)}`).toEqual(expected);
        }
        // The form after taking the suggestions is a valid configuration, with the choices kept.
        const form = { ...defaults, ...set, ...s.suggested };
        expect(valid(form), `suggestions after ${JSON.stringify(set)}: ${JSON.stringify(s.suggested)}`).toBe(true);
        for (const k of Object.keys(set)) expect(k in s.suggested).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
