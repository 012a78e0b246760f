import { describe, expect, it } from 'vitest';
import { ModelId } from './modelEntry.js';
import { copyName, slugFromName, uniqueModelId } from './modelNaming.js';

describe('model naming', () => {
  it('derives a valid id from a name', () => {
    expect(slugFromName('Butterfly valve DN50')).toBe('butterfly-valve-dn50');
    expect(slugFromName('  Gear-box (heavy) ')).toBe('gear-box-heavy');
    expect(slugFromName('Café Crème')).toBe('cafe-creme');
    expect(slugFromName('蝶阀')).toBe('model');
    expect(slugFromName('3-way valve')).toBe('m-3-way-valve');
    const long = slugFromName('x'.repeat(100));
    expect(long).toHaveLength(64);
    for (const s of ['Butterfly valve DN50', '蝶阀', '3-way valve', 'x'.repeat(100), '-- a --']) expect(ModelId.safeParse(slugFromName(s)).success).toBe(true);
  });

  it('makes an id unique with a numbered suffix, within 64 characters', () => {
    const taken = new Set(['valve', 'valve-2']);
    expect(uniqueModelId('valve', (id) => taken.has(id))).toBe('valve-3');
    expect(uniqueModelId('pump', (id) => taken.has(id))).toBe('pump');
    const base = 'y'.repeat(64);
    const id = uniqueModelId(base, (c) => c === base);
    expect(id).toBe(`${'y'.repeat(62)}-2`);
  });

  it('names a copy in both languages', () => {
    expect(copyName({ zh: '蝶阀', en: 'Butterfly valve' })).toEqual({ zh: '蝶阀（副本）', en: 'Butterfly valve (copy)' });
  });
});
