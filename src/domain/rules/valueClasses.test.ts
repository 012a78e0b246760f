import { describe, expect, it } from 'vitest';
import { classOf, nearestInClass, numberVariable, rangesOf } from './valueClasses.js';
import type { NumericParameter, ValueClass } from './valueClasses.js';

const L = { zh: 'x', en: 'x' };
const num = (p: Partial<NumericParameter> & Pick<NumericParameter, 'type'>): NumericParameter => ({ id: 'x', label: L, bind: 'S!A1', default: 0, ...p }) as NumericParameter;
const cls = (v: ReturnType<typeof numberVariable>, key: string) => v.classes.find((c) => c.key === key) as ValueClass;

describe('value classes of number parameters', () => {
  // Temperature as in the butterfly valve: integer −40…425, rules compare it with 80, 120 and 180.
  const temperature = numberVariable(num({ type: 'integer', min: -40, max: 425 }), [180, 120, 80, 120]);

  it('split at every bound and at min/max: points and the open intervals between them', () => {
    expect(temperature.keys).toEqual(['-40', '(-40,80)', '80', '(80,120)', '120', '(120,180)', '180', '(180,425)', '425']);
  });

  it('map a typed number to its class', () => {
    expect(classOf(temperature, 150)?.key).toBe('(120,180)');
    expect(classOf(temperature, 180)?.key).toBe('180');
    expect(classOf(temperature, -40)?.key).toBe('-40');
    expect(classOf(temperature, 500)).toBeUndefined();
  });

  it('map allowed classes back to exact ranges (integers: closed ends at valid values)', () => {
    expect(rangesOf(temperature, new Set(['-40', '(-40,80)', '80', '(80,120)', '120', '(120,180)', '180']))).toEqual([{ min: -40, max: 180 }]);
    expect(rangesOf(temperature, new Set(['(120,180)']))).toEqual([{ min: 121, max: 179 }]);
    expect(rangesOf(temperature, new Set(['-40', '180', '(180,425)']))).toEqual([{ min: -40, max: -40 }, { min: 180, max: 424 }]);
  });

  it('continuous numbers keep open ends; no min/max means unbounded', () => {
    const kg = numberVariable(num({ type: 'number' }), [0.3]);
    expect(kg.keys).toEqual(['(-∞,0.3)', '0.3', '(0.3,∞)']);
    expect(rangesOf(kg, new Set(['(0.3,∞)']))).toEqual([{ min: 0.3, minOpen: true }]);
    expect(rangesOf(kg, new Set(['0.3', '(0.3,∞)']))).toEqual([{ min: 0.3 }]);
    expect(rangesOf(kg, new Set(['(-∞,0.3)']))).toEqual([{ max: 0.3, maxOpen: true }]);
  });

  it('leave out classes without a valid value, and merge across them', () => {
    // Step 50 from 50: 125 is not a valid value, so the point 125 is no class; (50,125) holds only 100.
    const dn = numberVariable(num({ type: 'number', min: 50, max: 600, step: 50 }), [125, 200]);
    expect(dn.keys).toEqual(['50', '(50,125)', '(125,200)', '200', '(200,600)', '600']);
    expect(rangesOf(dn, new Set(['(50,125)', '(125,200)']))).toEqual([{ min: 100, max: 150 }]);
    // Integers 0…10 split at 3 and 4: (3,4) holds no integer; 3 and 4 form one range.
    const n = numberVariable(num({ type: 'integer', min: 0, max: 10 }), [3, 4]);
    expect(n.keys).toEqual(['0', '(0,3)', '3', '4', '(4,10)', '10']);
    expect(rangesOf(n, new Set(['3', '4']))).toEqual([{ min: 3, max: 4 }]);
  });

  it('give the valid value of a class nearest a target', () => {
    expect(nearestInClass(temperature, cls(temperature, '(120,180)'), 200)).toBe(179);
    expect(nearestInClass(temperature, cls(temperature, '(120,180)'), 150)).toBe(150);
    const t = numberVariable(num({ type: 'number', min: -40, max: 425 }), [120, 180]);
    expect(nearestInClass(t, cls(t, '(120,180)'), 200)).toBe(179);
    expect(nearestInClass(t, cls(t, '(120,180)'), 20)).toBe(121);
    const kg = numberVariable(num({ type: 'number', min: 0.05, max: 50 }), [0.3]);
    expect(nearestInClass(kg, cls(kg, '(0.05,0.3)'), 1)).toBe(0.29);
  });
});
