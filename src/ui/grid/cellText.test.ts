/** Typing into a cell and what a cell shows; expected values worked out by hand, Excel's way. */
import { describe, expect, it } from 'vitest';
import { contentToInput, displayValue, errorExplanation, errorPlace, formatNumber, inputToContent, loadErrorCode, parseAddress, parseNumber } from './cellText';

describe('typed text → content', () => {
  it('reads numbers, including grouped thousands and percentages', () => {
    expect(parseNumber('1234.5')).toBe(1234.5);
    expect(parseNumber(' -3 ')).toBe(-3);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('1,234.50')).toBe(1234.5);
    expect(parseNumber('12.5%')).toBe(0.125);
    expect(parseNumber('7%')).toBe(0.07);
    expect(parseNumber('1,23')).toBeUndefined();
    expect(parseNumber('12 kg')).toBeUndefined();
    expect(parseNumber('1e999')).toBeUndefined();
    expect(parseNumber('')).toBeUndefined();
  });

  it('formulas, numbers, booleans, empty and text', () => {
    expect(inputToContent('=B1*2')).toBe('=B1*2');
    expect(inputToContent('=1+')).toBe('=1+'); // kept as typed; the loader says what is wrong
    expect(inputToContent('42')).toBe(42);
    expect(inputToContent('true')).toBe(true);
    expect(inputToContent('FALSE')).toBe(false);
    expect(inputToContent('')).toBeNull();
    expect(inputToContent('   ')).toBeNull();
    expect(inputToContent('QT450')).toBe('QT450');
    expect(inputToContent("'123")).toBe("'123");
  });

  it('content → editor text reads back as the same content', () => {
    const contents = [null, 0, -1.5, 1e21, true, false, 'QT450', '=SUM(B2:B9)', "'=not a formula", '123', 'TRUE', ''];
    expect(contents.map(contentToInput)).toEqual(['', '0', '-1.5', '1e+21', 'TRUE', 'FALSE', 'QT450', '=SUM(B2:B9)', "'=not a formula", "'123", "'TRUE", '']);
    // Text that would read as a number keeps an apostrophe, which the engine shows as text.
    for (const c of [0, -1.5, true, false, 'QT450', '=SUM(B2:B9)', null]) expect(inputToContent(contentToInput(c))).toEqual(c);
  });
});

describe('what a cell shows', () => {
  it('numbers as computed, without floating-point noise', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(337.04)).toBe('337.04');
    expect(formatNumber(-2)).toBe('-2');
    expect(formatNumber(1 / 3)).toBe('0.333333333333333');
  });

  it('booleans as TRUE/FALSE, errors as their code, nothing as empty', () => {
    expect(displayValue(true)).toEqual({ text: 'TRUE', kind: 'boolean' });
    expect(displayValue(false)).toEqual({ text: 'FALSE', kind: 'boolean' });
    expect(displayValue(12.5)).toEqual({ text: '12.5', kind: 'number' });
    expect(displayValue('wafer')).toEqual({ text: 'wafer', kind: 'text' });
    expect(displayValue(null)).toEqual({ text: '', kind: 'empty' });
    expect(displayValue({ value: '#DIV/0!', message: 'Division by zero.' })).toEqual({ text: '#DIV/0!', kind: 'error' });
  });

  it('an error explains itself in both languages', () => {
    expect(errorExplanation('#DIV/0!', 'Division by zero.', 'en')).toBe('#DIV/0!: Division by zero.\nDivision by zero.');
    expect(errorExplanation('#N/A', '', 'en')).toBe('#N/A: A lookup found no matching value.');
    expect(errorExplanation('#REF!', undefined, 'zh-CN')).toBe('#REF!: 引用的单元格、行、列或工作表已被删除，或超出工作表范围。');
    expect(errorExplanation('#WHAT?', 'odd', 'en')).toBe('#WHAT?\nodd');
  });

  it('the code of a formula the loader refused, from its message', () => {
    expect(loadErrorCode('formula "=1+" cannot be read (syntax error)')).toBe('#ERROR!');
    expect(loadErrorCode('unknown function FOO in "=Foo(1)"')).toBe('#NAME?');
    expect(loadErrorCode('unknown name "NoSuchName" in "=NoSuchName*2"')).toBe('#NAME?');
    expect(loadErrorCode('circular reference: Calc!B3 → Calc!B3')).toBe('#CYCLE!');
  });

  it('the cell a load error points at', () => {
    expect(errorPlace('sheets[1].cells.B3')).toEqual({ sheetIndex: 1, row: 2, col: 1 });
    expect(errorPlace('sheets[0].cells.AA10')).toEqual({ sheetIndex: 0, row: 9, col: 26 });
    expect(errorPlace('sheets[2].rows[4][1]')).toEqual({ sheetIndex: 2, row: 4, col: 1 });
    expect(errorPlace('parameters[0].bind')).toBeUndefined();
    expect(errorPlace('sheets[1].name')).toBeUndefined();
  });
});

describe('the name box', () => {
  it('reads a cell or a range, with or without a sheet', () => {
    expect(parseAddress('B80')).toEqual({ top: 79, left: 1, bottom: 79, right: 1 });
    expect(parseAddress(' b80 ')).toEqual({ top: 79, left: 1, bottom: 79, right: 1 });
    expect(parseAddress('$C$3')).toEqual({ top: 2, left: 2, bottom: 2, right: 2 });
    expect(parseAddress('Tables!B80')).toEqual({ sheet: 'Tables', top: 79, left: 1, bottom: 79, right: 1 });
    expect(parseAddress("'My sheet'!C3:A1")).toEqual({ sheet: 'My sheet', top: 0, left: 0, bottom: 2, right: 2 });
  });

  it('refuses anything that is not just an address', () => {
    for (const text of ['', 'B', '12', 'B2+1', 'A:C', '2:5', 'Rate', 'B2 C3']) expect(parseAddress(text)).toBeUndefined();
  });
});
