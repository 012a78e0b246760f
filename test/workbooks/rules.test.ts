/**
 * Configuration rules of the example models (docs/examples/*.md explains each rule and the hand
 * reasoning behind these expectations), rule errors at load with their exact messages, and the
 * golden test cases checked against the rules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readWorkbook, workbookFiles } from '../support/workbooks.js';
import { fileSource, runCli } from '../../src/cli/main.js';
import { PriceModel, formatWorkbookError, parseWorkbookText } from '../../src/domain/workbook/index.js';
import type { ParameterValue, Workbook } from '../../src/domain/workbook/index.js';
import { compileRules } from '../../src/domain/rules/compileRules.js';
import type { ModelRules, RuleState } from '../../src/domain/rules/modelRules.js';

function load(file: string): { workbook: Workbook; rules: ModelRules; defaults: Record<string, ParameterValue> } {
  const workbook = readWorkbook(file);
  const compiled = compileRules(workbook, file);
  if (!compiled.ok) throw new Error(compiled.errors.map(formatWorkbookError).join('\n'));
  return { workbook, rules: compiled.rules, defaults: Object.fromEntries(workbook.parameters.map((p) => [p.id, p.default])) };
}

/** The state after the user set `set`; `others` are current values the user did not set. */
function evaluate(m: ReturnType<typeof load>, set: Record<string, ParameterValue>, others: Record<string, ParameterValue> = {}): RuleState {
  return m.rules.evaluate({ ...m.defaults, ...others, ...set }, new Set(Object.keys(set)));
}

const options = (...values: ParameterValue[]) => ({ kind: 'options', values });
const ranges = (...r: object[]) => ({ kind: 'ranges', ranges: r });
const rule = (m: ReturnType<typeof load>, id: string) => ({ id, message: m.workbook.rules.find((r) => r.id === id)?.message });

const VALVE = 'workbooks/butterfly-valve.workbook.json';
const PROFILE = 'workbooks/aluminium-profile.workbook.json';
const ENCLOSURE = 'workbooks/sheet-metal-enclosure.workbook.json';
const ACTUATOR = 'workbooks/modules/actuator.workbook.json';
const SURFACE = 'workbooks/modules/surface-treatment.workbook.json';

describe('rule errors at load, as `suanpan check` prints them', () => {
  const dir = 'test/fixtures/malformed';
  const cases: Record<string, string[]> = {
    'rule-unknown-names.workbook.json': ['rules[0].if.body: "GG20" is not one of the options "GG25", "WCB", "CF8M"', 'rules[1].if.coatng: unknown parameter "coatng"'],
    'rule-type-mismatch.workbook.json': [
      'rules[0].if.body: parameter "body" is a choice of named options; a range such as {"max": 180} needs a number parameter or a choice of numbers',
      'rules[0].then.dn: expected a number, got the text "large"',
      'rules[1].if.coating: expected true or false, got the text "yes"',
      'rules[1].then.dn: 700 is above the maximum 600',
    ],
    'rule-duplicate-id.workbook.json': ['rules[1].id: duplicate rule id "coating-body"'],
    'rule-bad-expression.workbook.json': [
      'rules[0].formula: formula "=OR(body<>\\"CF8M\\", NOT(coating)" cannot be read (syntax error)',
      'rules[1].formula: unknown name "size" in "=OR(body<>\\"GG25\\", size<=300)"; an expression may use parameter ids (dn, qty, coating, body)',
    ],
  };
  for (const [file, messages] of Object.entries(cases)) {
    it(`${file} is refused with its exact messages`, async () => {
      const lines: string[] = [];
      const code = await runCli(['check', `${dir}/${file}`], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
      expect(lines).toEqual(messages.map((m) => `${dir}/${file}: ${m}`));
      expect(code).toBe(1);
    });
  }

  it('refuses an expression over too many value combinations, and one a split cannot capture', () => {
    const wb = JSON.parse(readFileSync('test/fixtures/workbooks/mini-valve.workbook.json', 'utf8'));
    const many = (id: string) => ({ id, label: { zh: id, en: id }, type: 'integer', bind: 'Inputs!B2', default: 1, min: 1, max: 40 });
    // Integers 1…40 named by a formula that writes 1…40 are split into 40 points: 40³ = 64 000 > 20 000.
    const numbers = Array.from({ length: 40 }, (_, i) => i + 1).join(',');
    wb.parameters.push(many('a'), many('b'), many('c'));
    wb.rules = [{ id: 'big', kind: 'expression', formula: `=OR(a+b+c<100, ISNUMBER(MATCH(a,{${numbers}},0)))`, message: { zh: 'x', en: 'x' } }];
    const parsed = parseWorkbookText(JSON.stringify(wb), 'big.workbook.json');
    expect(parsed.ok ? [] : parsed.errors.map(formatWorkbookError)).toEqual([
      `big.workbook.json: rules[0].formula: "=OR(a+b+c<100, ISNUMBER(MATCH(a,{${numbers}},0)))" combines 64000 value combinations (a 40 × b 40 × c 40); at most 20000: split the rule or write a table`,
    ]);
    wb.parameters.splice(-3);
    wb.rules = [{ id: 'double', kind: 'expression', formula: '=dn*2<=500', message: { zh: 'x', en: 'x' } }];
    const split = parseWorkbookText(JSON.stringify(wb), 'double.workbook.json');
    // dn (50…600, step 50) is split at 2 and 500 only; dn*2 ≤ 500 changes at 250, inside (50,500).
    expect(split.ok ? [] : split.errors.map((e) => e.message)).toEqual([
      '"=dn*2<=500" is TRUE at 250 but FALSE at 450, inside dn (50,500): numbers are split only where the formula names a number; compare the parameter with a number directly, such as dn<=180',
    ]);
  });
});

describe('every example model', () => {
  for (const file of workbookFiles('workbooks')) {
    it(`${file}: rules compile, nothing is dead, every rule can fire`, () => {
      const m = load(file);
      expect(m.rules.ruleCount).toBeGreaterThanOrEqual(m.workbook.kind === 'product' ? 5 : 2);
      // docs/examples: each option is used by a golden case the rules accept or is reachable in
      // an obvious way (any DN with a gearbox, any temperature with a metal seat), so nothing is dead.
      expect(m.rules.check()).toEqual({ deadOptions: [], deadRanges: [], neverFiring: [] });
    });

    it(`${file}: golden test cases are consistent with the rules`, () => {
      const m = load(file);
      for (const t of m.workbook.tests) {
        const s = evaluate(m, t.given);
        if (t.id === 'case-9' && file === VALVE) {
          // Case 9 prices an EPDM seat at 130 °C on purpose, to show the seat check; the rules forbid it.
          expect(s.conflict).toEqual({ rules: [rule(m, 'epdm-seat-max-temperature')], choices: ['seat', 'temperature'] });
          continue;
        }
        expect(s.consistent, `${file} ${t.id}: ${JSON.stringify(s.conflict)}`).toBe(true);
        // Only case 5 (gas) has a default the rules change: explosion-proof becomes true.
        expect(s.suggested, `${file} ${t.id}`).toEqual(file === VALVE && t.id === 'case-5' ? { explosion_proof: true } : {});
      }
    });
  }

  it('butterfly valve case 5 keeps its price when the suggestion is applied (gas is always Ex in the model)', async () => {
    const opened = await PriceModel.open(VALVE, fileSource);
    if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
    const model = opened.model;
    const given = model.workbook.tests.find((t) => t.id === 'case-5')?.given ?? {};
    model.set({ ...given, explosion_proof: true });
    expect(model.read('unit_price').value).toBe(6663.14);
    model.dispose();
  });
});

describe('butterfly valve rules', () => {
  const m = load(VALVE);

  it('after PTFE allows −40…180 °C; EPDM …120; NBR …80', () => {
    expect(evaluate(m, { seat: 'PTFE' }).allowed.temperature).toEqual(ranges({ min: -40, max: 180 }));
    expect(evaluate(m, { seat: 'EPDM' }).allowed.temperature).toEqual(ranges({ min: -40, max: 120 }));
    expect(evaluate(m, { seat: 'NBR' }).allowed.temperature).toEqual(ranges({ min: -40, max: 80 }));
    // 150 °C: EPDM and NBR are out.
    expect(evaluate(m, { temperature: 150 }).allowed.seat).toEqual(options('PTFE', 'METAL'));
  });

  it('forcing 200 °C after PTFE: the PTFE rule and both choices; one change fixes it', () => {
    const s = evaluate(m, { seat: 'PTFE', temperature: 200 });
    expect(s.consistent).toBe(false);
    expect(s.conflict).toEqual({ rules: [rule(m, 'ptfe-seat-max-temperature')], choices: ['seat', 'temperature'] });
    const values = { ...m.defaults, seat: 'PTFE', temperature: 200 };
    const userSet = new Set(['seat', 'temperature']);
    // Temperature kept: only a metal seat is rated for 200 °C.
    expect(m.rules.fixes(values, userSet, 'temperature')).toEqual([{ changes: [{ parameter: 'seat', from: 'PTFE', to: 'METAL' }] }]);
    // Seat kept: the temperature comes down to the nearest allowed value.
    expect(m.rules.fixes(values, userSet, 'seat')[0]).toEqual({ changes: [{ parameter: 'temperature', from: 200, to: 180 }] });
    // The fix works; a metal seat takes no lever, so the default lever becomes a gearbox.
    const fixed = evaluate(m, { seat: 'METAL', temperature: 200 });
    expect(fixed.consistent).toBe(true);
    expect(fixed.suggested).toEqual({ actuator: 'gearbox' });
    expect(m.rules.explainExcluded(values, new Set(['seat']), 'temperature', 200)).toEqual({ rules: [rule(m, 'ptfe-seat-max-temperature')], choices: ['seat', 'temperature'] });
  });

  it('turns impossible defaults into suggestions and follows the soft rules', () => {
    // DN300: levers go to DN200 → the next actuator in the list.
    const dn300 = evaluate(m, { dn: 300 });
    expect(dn300.allowed.actuator).toEqual(options('gearbox', 'electric', 'pneumatic'));
    expect(dn300.suggested).toEqual({ actuator: 'gearbox' });
    expect(evaluate(m, { medium: 'gas' }).suggested).toEqual({ explosion_proof: true });
    // Oil: EPDM swells → NBR, the next seat in the list.
    const oil = evaluate(m, { medium: 'oil' });
    expect(oil.allowed.seat).toEqual(options('NBR', 'PTFE', 'METAL'));
    expect(oil.suggested).toEqual({ seat: 'NBR' });
    // Seawater: CF8M body is required; the soft rule recommends the bronze disc.
    expect(evaluate(m, { medium: 'seawater' }).suggested).toEqual({ body: 'CF8M', disc: 'C95800' });
    // Oxygen: stainless body and PTFE/metal seat required; CF8M recommended for body and disc.
    expect(evaluate(m, { medium: 'oxygen' }).suggested).toEqual({ body: 'CF8M', disc: 'CF8M', seat: 'PTFE' });
    // Fail-safe: electric or pneumatic; the soft rule picks the spring-return pneumatic.
    expect(evaluate(m, { fail_safe: true }).suggested).toEqual({ actuator: 'pneumatic' });
    // A value the user set is never changed, even against a soft rule.
    expect(evaluate(m, { fail_safe: true, actuator: 'electric' }).suggested).toEqual({});
  });

  it('keeps a lever within its torque: DN200 only at PN10 with EPDM in water', () => {
    const lever = evaluate(m, { actuator: 'lever', dn: 200 });
    expect(lever.allowed.pn).toEqual(options(10));
    expect(lever.allowed.seat).toEqual(options('EPDM'));
    expect(lever.allowed.medium).toEqual(options('water'));
    expect(evaluate(m, { actuator: 'lever' }).allowed.dn).toEqual(options(50, 65, 80, 100, 125, 150, 200));
    const values = { ...m.defaults, actuator: 'lever' };
    expect(m.rules.explainExcluded(values, new Set(['actuator']), 'dn', 250)).toEqual({ rules: [rule(m, 'actuator-dn-range')], choices: ['actuator', 'dn'] });
  });

  it('never allows a lever or spring-return pneumatic the model cannot size (torque worked out by hand)', () => {
    const seatF: Record<string, number> = { EPDM: 1.0, NBR: 1.1, PTFE: 1.3, METAL: 1.6 };
    const mediumF: Record<string, number> = { water: 1.0, seawater: 1.05, oil: 0.95, gas: 1.15, steam: 1.2, oxygen: 1.15 };
    let allowed = 0;
    for (const dn of [50, 65, 80, 100, 125, 150, 200, 250, 300, 350, 400, 450, 500, 600]) {
      for (const pn of [10, 16, 25]) {
        // docs/examples/butterfly-valve.md: T0 = 45 (DN/100)² + 0.55 PN (DN/100)³, × seat × medium × 1.3, rounded up.
        const t0 = 45 * (dn / 100) ** 2 + 0.55 * pn * (dn / 100) ** 3;
        for (const seat of Object.keys(seatF)) {
          for (const medium of Object.keys(mediumF)) {
            const torque = Math.ceil(Number((t0 * (seatF[seat] as number) * (mediumF[medium] as number) * 1.3).toFixed(9)));
            const choice = { dn, pn, seat, medium };
            const consistent = (set: Record<string, ParameterValue>) => m.rules.consistent({ ...m.defaults, ...set }, new Set(Object.keys(set)));
            if (consistent({ ...choice, actuator: 'lever' })) {
              allowed++;
              expect(torque, JSON.stringify(choice)).toBeLessThanOrEqual(300);
            }
            // Spring-return pneumatics are sized at 1.8 × the torque; the largest is rated 11 000 N·m.
            if (consistent({ ...choice, actuator: 'pneumatic', fail_safe: true })) expect(Math.ceil(torque * 1.8), JSON.stringify(choice)).toBeLessThanOrEqual(11000);
          }
        }
      }
    }
    expect(allowed).toBeGreaterThan(0);
  });
});

describe('aluminium profile rules', () => {
  const m = load(PROFILE);

  it('anodising and e-coat take bars up to 6 500 mm', () => {
    expect(evaluate(m, { treatment: 'anod_aa10' }).allowed.stock_length_mm).toEqual(ranges({ min: 1000, max: 6500 }));
    expect(evaluate(m, { treatment: 'powder_std' }).allowed.stock_length_mm).toEqual(ranges({ min: 1000, max: 7500 }));
  });

  it('6005: no multi-cavity sections, no AA20; mill finish recommended', () => {
    const s = evaluate(m, { alloy: '6005-T6' });
    expect(s.allowed.complexity).toEqual(options('simple', 'medium'));
    expect(s.allowed.treatment).toEqual(options('none', 'anod_aa10', 'anod_aa15', 'powder_std', 'powder_special', 'ecoat'));
    expect(s.suggested).toEqual({ treatment: 'none' });
  });

  it('lightest sections by complexity and alloy', () => {
    expect(evaluate(m, { complexity: 'complex', alloy: '6061-T6' }).allowed.kg_per_m).toEqual(ranges({ min: 1.5, max: 50 }));
    expect(evaluate(m, { complexity: 'complex' }).allowed.kg_per_m).toEqual(ranges({ min: 0.5, max: 50 }));
    // 0.25 kg/m: too light for multi-cavity (0.5) and for the dip lines (0.3).
    const light = evaluate(m, { kg_per_m: 0.25 });
    expect(light.allowed.complexity).toEqual(options('simple', 'medium'));
    expect(light.allowed.treatment).toEqual(options('none', 'powder_std', 'powder_special'));
    // The default treatment (AA10) is impossible: the nearest in the list is none.
    expect(light.suggested).toEqual({ treatment: 'none' });
    const forced = evaluate(m, { kg_per_m: 0.25, treatment: 'anod_aa10' });
    expect(forced.conflict).toEqual({ rules: [rule(m, 'thin-sections-dip')], choices: ['kg_per_m', 'treatment'] });
    // Below 0.3 kg/m, open at 0.3: 0.3 itself may be anodised.
    expect(evaluate(m, { treatment: 'anod_aa10', complexity: 'simple' }).allowed.kg_per_m).toEqual(ranges({ min: 0.3, max: 50 }));
  });
});

describe('sheet-metal enclosure rules', () => {
  const m = load(ENCLOSURE);

  it('SPCC must be coated; stainless is recommended bare and comes in 1.0–2.5 mm', () => {
    expect(evaluate(m, { material: 'SPCC' }).allowed.coating).toEqual(options('powder_std', 'powder_special', 'ecoat'));
    const sus = evaluate(m, { material: 'SUS304' });
    expect(sus.allowed.thickness_mm).toEqual(options(1, 1.2, 1.5, 2, 2.5));
    expect(sus.allowed.coating).toEqual(options('none', 'powder_std', 'powder_special'));
    expect(sus.suggested).toEqual({ coating: 'none' });
    expect(evaluate(m, { coating: 'ecoat' }).allowed.material).toEqual(options('SPCC'));
  });

  it('0.8 mm sheet: SPCC only, up to 800 mm high, at most 500 mm of weld', () => {
    const thin = evaluate(m, { thickness_mm: 0.8 });
    expect(thin.allowed.material).toEqual(options('SPCC'));
    expect(thin.allowed.height_mm).toEqual(ranges({ min: 100, max: 800 }));
    expect(thin.allowed.weld_length_mm).toEqual(ranges({ min: 0, max: 500 }));
    // Defaults 800 mm high, SPCC: fine; 1 200 mm of weld is not → the nearest allowed, 500.
    expect(thin.suggested).toEqual({ weld_length_mm: 500 });
  });

  it('a conflict of thickness and weld length, fixed by the next thickness', () => {
    const s = evaluate(m, { thickness_mm: 0.8, weld_length_mm: 1200 });
    expect(s.conflict).toEqual({ rules: [rule(m, 'thin-sheet-welding')], choices: ['thickness_mm', 'weld_length_mm'] });
    const values = { ...m.defaults, thickness_mm: 0.8, weld_length_mm: 1200 };
    expect(m.rules.fixes(values, new Set(['thickness_mm', 'weld_length_mm']), 'weld_length_mm')[0]).toEqual({ changes: [{ parameter: 'thickness_mm', from: 0.8, to: 1 }] });
  });

  it('tall enclosures need thicker sheet: the default 1.2 mm moves to the nearest, 1.5 mm', () => {
    const tall = evaluate(m, { height_mm: 1800 });
    expect(tall.allowed.thickness_mm).toEqual(options(1.5, 2, 2.5, 3));
    expect(tall.suggested).toEqual({ thickness_mm: 1.5 });
  });
});

describe('module rules', () => {
  it('actuator: fail-safe and Ex need a powered type; spring-return pneumatics to 6 100 N·m', () => {
    const m = load(ACTUATOR);
    expect(evaluate(m, { fail_safe: true }).allowed.type).toEqual(options('electric', 'pneumatic'));
    expect(evaluate(m, { explosion_proof: true }).allowed.type).toEqual(options('electric', 'pneumatic'));
    expect(evaluate(m, { type: 'pneumatic', fail_safe: true }).allowed.torque_nm).toEqual(ranges({ min: 1, max: 6100 }));
    expect(evaluate(m, { type: 'lever' }).allowed.torque_nm).toEqual(ranges({ min: 1, max: 50000 }));
  });

  it('surface treatment: anodising racks to 50 kg, oven hangers to 12 m²', () => {
    const m = load(SURFACE);
    expect(evaluate(m, { treatment: 'anod_aa15' }).allowed.weight_kg).toEqual(ranges({ min: 0, max: 50 }));
    expect(evaluate(m, { treatment: 'ecoat' }).allowed.area_m2).toEqual(ranges({ min: 0, max: 12 }));
    expect(evaluate(m, { weight_kg: 60 }).allowed.treatment).toEqual(options('none', 'powder_std', 'powder_special', 'ecoat'));
  });
});

describe('docs/workbook-format.md', () => {
  it('has a rules example that loads and behaves as the text says', () => {
    const doc = readFileSync('docs/workbook-format.md', 'utf8');
    const section = doc.slice(doc.indexOf('## Rules'));
    const json = /```json\n([\s\S]*?)```/.exec(section.slice(section.indexOf('### A complete example')))?.[1];
    expect(json).toBeDefined();
    const parsed = parseWorkbookText(json as string, 'rules-example.workbook.json');
    if (!parsed.ok) throw new Error(parsed.errors.map(formatWorkbookError).join('\n'));
    const compiled = compileRules(parsed.workbook, 'rules-example.workbook.json');
    if (!compiled.ok) throw new Error(compiled.errors.map(formatWorkbookError).join('\n'));
    const defaults = Object.fromEntries(parsed.workbook.parameters.map((p) => [p.id, p.default]));
    const s = compiled.rules.evaluate({ ...defaults, seat: 'PTFE' }, new Set(['seat']));
    expect(s.allowed.temperature).toEqual(ranges({ min: -40, max: 180 }));
    // 200 °C: EPDM (≤ 120) and PTFE (≤ 180) are out, and the soft rule names METAL; gas needs Ex.
    expect(compiled.rules.evaluate({ ...defaults, temperature: 200 }, new Set(['temperature'])).suggested).toEqual({ seat: 'METAL' });
    expect(compiled.rules.evaluate({ ...defaults, medium: 'gas' }, new Set(['medium'])).suggested).toEqual({ explosion_proof: true });
  });
});
