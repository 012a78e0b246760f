/**
 * The benchmark's generated price model: the engine and the hand-written TypeScript must
 * compute the same figures, or the engine/plain ratio in `npm run bench` compares different work.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { PriceModel } from '../../src/domain/workbook/index.js';
import {
  OUTPUT_IDS,
  PlainModel,
  agrees,
  compareOutputs,
  engineLineTotals,
  engineOutputs,
  generateWorkbook,
  randomConfigurations,
} from '../../bench/generatedModel.js';

const generated = generateWorkbook(1000);
let model: PriceModel;

beforeAll(async () => {
  const text = JSON.stringify(generated.workbook);
  const opened = await PriceModel.open('generated.workbook.json', { read: (f) => Promise.resolve(f === 'generated.workbook.json' ? text : undefined) });
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors.slice(0, 5)));
  model = opened.model;
});

afterAll(() => model.dispose());

describe('generated benchmark model', () => {
  it('has about the requested number of formulas', () => {
    expect(Math.abs(generated.formulaCount - 1000)).toBeLessThanOrEqual(10);
    expect(generateWorkbook(10_000).formulaCount).toBeGreaterThan(9_900);
  });

  it('loads without errors and every output is a number', () => {
    const outputs = model.readAll();
    for (const id of OUTPUT_IDS) {
      expect(outputs[id]?.error).toBeUndefined();
      expect(typeof outputs[id]?.value).toBe('number');
    }
  });

  it('agrees with the plain TypeScript evaluator at the defaults and across scenarios', () => {
    const plain = new PlainModel(generated.lines);
    model.reset();
    expect(compareOutputs(engineOutputs(model, generated), plain.outputs())).toEqual([]);
    for (const s of Object.values(generated.scenarios)) {
      for (const value of s.values) {
        expect(model.set({ [s.parameter]: value })).toEqual({ ok: true });
        plain.set({ [s.parameter]: value });
        expect(compareOutputs(engineOutputs(model, generated), plain.outputs()), `${s.parameter}=${value}`).toEqual([]);
      }
    }
  });

  it('agrees on random configurations, down to every line total', () => {
    const plain = new PlainModel(generated.lines);
    for (const config of randomConfigurations(15, 3)) {
      expect(model.set(config)).toEqual({ ok: true });
      plain.set(config);
      expect(compareOutputs(engineOutputs(model, generated), plain.outputs()), JSON.stringify(config)).toEqual([]);
      const lines = engineLineTotals(model, generated);
      expect(lines).toHaveLength(generated.lines.length);
      const bad = lines.findIndex((v, i) => !agrees(v, plain.lineTotals[i] as number));
      expect(bad, `line ${bad + 1} of ${JSON.stringify(config)}`).toBe(-1);
    }
    model.reset();
  });

  it('the comparison notices a wrong figure', () => {
    const plain = new PlainModel(generated.lines);
    const wrong = { ...plain.outputs(), total_price: plain.outputs().total_price * (1 + 1e-6) };
    expect(compareOutputs(engineOutputs(model, generated), wrong)).toHaveLength(1);
  });
});
