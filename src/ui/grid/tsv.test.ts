/** Clipboard text as Excel writes it; expected rows worked out by hand. */
import { describe, expect, it } from 'vitest';
import { formatTsv, parseTsv } from './tsv';

describe('parseTsv', () => {
  it('tabs between cells, \\r\\n or \\n between rows, a final line break ends the last row', () => {
    expect(parseTsv('1\t2\r\n3\t=F2+G2\r\n')).toEqual([['1', '2'], ['3', '=F2+G2']]);
    expect(parseTsv('a\tb\nc\td')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseTsv('one')).toEqual([['one']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('keeps empty cells and empty rows', () => {
    expect(parseTsv('\t\r\n')).toEqual([['', '']]);
    expect(parseTsv('a\t\tc\r\n\r\nx\r\n')).toEqual([['a', '', 'c'], [''], ['x']]);
  });

  it('reads quoted cells holding tabs, line breaks and doubled quotes', () => {
    expect(parseTsv('"line 1\nline 2"\tplain\r\n"say ""hi"""\t"a\tb"\r\n')).toEqual([
      ['line 1\nline 2', 'plain'],
      ['say "hi"', 'a\tb'],
    ]);
    expect(parseTsv('"multi\r\nline"')).toEqual([['multi\r\nline']]);
  });

  it('a cell that only starts with a quote is read as it stands', () => {
    expect(parseTsv('"5" pipe\tx')).toEqual([['"5" pipe', 'x']]);
    expect(parseTsv('"open\tx')).toEqual([['"open', 'x']]);
  });
});

describe('formatTsv', () => {
  it('quotes only cells that need it, and reads back the same', () => {
    const rows = [
      ['DN', '100'],
      ['a\tb', 'two\nlines'],
      ['say "hi"', ''],
    ];
    const text = formatTsv(rows);
    expect(text).toBe('DN\t100\r\n"a\tb"\t"two\nlines"\r\n"say ""hi"""\t');
    expect(parseTsv(text)).toEqual(rows);
  });
});
