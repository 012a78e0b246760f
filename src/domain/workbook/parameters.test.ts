import { describe, expect, it } from 'vitest';
import { checkParameterValue, isoDateToSerial, parseParameterText, serialToIsoDate, toEngineValue } from './parameters.js';
import type { Parameter } from './schema.js';
import { L } from './testSupport.js';

const dn: Parameter = { id: 'dn', label: L('DN'), type: 'integer', min: 50, max: 600, step: 50, default: 100, bind: 'S!A1' };
const thickness: Parameter = { id: 't', label: L('t'), type: 'number', min: 0.5, max: 3, step: 0.1, default: 1.5, bind: 'S!A2' };
const pn: Parameter = { id: 'pn', label: L('PN'), type: 'choice', options: [{ value: 10, label: L('PN10') }, { value: 16, label: L('PN16') }], default: 16, bind: 'S!A3' };
const flag: Parameter = { id: 'f', label: L('f'), type: 'boolean', default: false, bind: 'S!A4' };
const note: Parameter = { id: 'n', label: L('n'), type: 'text', maxLength: 5, default: '', bind: 'S!A5' };
const day: Parameter = { id: 'd', label: L('d'), type: 'date', min: '2025-01-01', default: '2026-01-01', bind: 'S!A6' };

describe('spreadsheet dates', () => {
  it('counts days as Excel does', () => {
    // Excel: 2025-01-01 is 45658, and 2026-01-01 is 365 days later.
    expect(isoDateToSerial('2025-01-01')).toBe(45658);
    expect(isoDateToSerial('2026-01-01')).toBe(46023);
    expect(isoDateToSerial('2024-02-29')).toBe(45351);
    expect(serialToIsoDate(46023)).toBe('2026-01-01');
  });

  it('refuses dates that do not exist', () => {
    expect(isoDateToSerial('2026-02-29')).toBeUndefined();
    expect(isoDateToSerial('2026-13-01')).toBeUndefined();
    expect(isoDateToSerial('26-01-01')).toBeUndefined();
  });
});

describe('checkParameterValue', () => {
  it('checks ranges, steps and whole numbers', () => {
    expect(checkParameterValue(dn, 250)).toBeUndefined();
    expect(checkParameterValue(dn, 25)).toBe('25 is below the minimum 50');
    expect(checkParameterValue(dn, 125)).toBe('125 is not a multiple of the step 50 from 50');
    expect(checkParameterValue(dn, 100.5)).toBe('expected a whole number, got 100.5');
    // 0.5 + 7 × 0.1 is 1.2000000000000002 in floats, still on the step
    expect(checkParameterValue(thickness, 1.2)).toBeUndefined();
    expect(checkParameterValue(thickness, 1.25)).toBe('1.25 is not a multiple of the step 0.1 from 0.5');
  });

  it('checks options, types, text length and date range', () => {
    expect(checkParameterValue(pn, 16)).toBeUndefined();
    expect(checkParameterValue(pn, '16')).toBe('"16" is not one of the options 10, 16');
    expect(checkParameterValue(flag, 'yes')).toBe('expected true or false, got the text "yes"');
    expect(checkParameterValue(note, 'abcdef')).toBe('text is longer than 5 characters');
    expect(checkParameterValue(day, '2024-12-31')).toBe('2024-12-31 is before the earliest date 2025-01-01');
  });
});

describe('parseParameterText', () => {
  it('reads what a user types', () => {
    expect(parseParameterText(dn, ' 300 ')).toEqual({ ok: true, value: 300 });
    expect(parseParameterText(thickness, '1.5e0')).toEqual({ ok: true, value: 1.5 });
    expect(parseParameterText(pn, '10')).toEqual({ ok: true, value: 10 });
    expect(parseParameterText(pn, '16.0')).toEqual({ ok: true, value: 16 });
    expect(parseParameterText(flag, 'Yes')).toEqual({ ok: true, value: true });
    expect(parseParameterText(flag, '0')).toEqual({ ok: true, value: false });
    expect(parseParameterText(day, '2026-03-15')).toEqual({ ok: true, value: '2026-03-15' });
  });

  it('refuses what Number() would quietly accept', () => {
    expect(parseParameterText(dn, '')).toEqual({ ok: false, message: 'expected a number, got ""' });
    expect(parseParameterText(dn, '0x64')).toEqual({ ok: false, message: 'expected a number, got "0x64"' });
    expect(parseParameterText(pn, '25')).toEqual({ ok: false, message: '"25" is not one of the options 10, 16' });
  });

  it('keeps text that starts with = as text for the engine', () => {
    expect(toEngineValue(note, '=1+1')).toBe("'=1+1");
    expect(toEngineValue(day, '2026-01-01')).toBe(46023);
  });
});
