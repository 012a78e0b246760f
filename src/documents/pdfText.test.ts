import type { PDFFont } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfFace, wrapText } from './pdfText.js';

// Every character one unit wide: line widths are character counts.
const count = (s: string) => [...s].length;

describe('wrapText', () => {
  it('breaks Latin text at spaces', () => {
    expect(wrapText('alpha beta gamma', 10, count)).toEqual(['alpha beta', 'gamma']);
  });

  it('breaks CJK text between any two characters', () => {
    expect(wrapText('一二三四五六', 4, count)).toEqual(['一二三四', '五六']);
  });

  it('never starts a line with closing punctuation nor ends one with opening punctuation', () => {
    expect(wrapText('一二三，四五', 3, count)).toEqual(['一二', '三，四', '五']);
    expect(wrapText('一二（三）', 3, count)).toEqual(['一二', '（三）']);
  });

  it('keeps Latin words whole inside Chinese text', () => {
    expect(wrapText('电动蝶阀 DN200 PN16', 6, count)).toEqual(['电动蝶阀', 'DN200', 'PN16']);
    expect(wrapText('DN200阀门', 6, count)).toEqual(['DN200阀', '门']);
  });

  it('may break after full-width punctuation that follows a Latin word', () => {
    expect(wrapText('阀板 316L，EPDM 密封', 6, count)).toEqual(['阀板', '316L，', 'EPDM 密', '封']);
  });

  it('cuts a word longer than a line at characters', () => {
    expect(wrapText('abcdefghij', 4, count)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('starts a new line at each line break, keeping empty ones', () => {
    expect(wrapText('a\n\nb', 10, count)).toEqual(['a', '', 'b']);
    expect(wrapText('', 10, count)).toEqual(['']);
  });
});

describe('PdfFace.clean', () => {
  const covered = [...'ABC ?'].map((c) => c.codePointAt(0) as number);
  const fakeFont = { getCharacterSet: () => covered, widthOfTextAtSize: (t: string) => t.length };
  const face = new PdfFace(fakeFont as unknown as PDFFont);

  it('prints a missing character as "?" and carries on', () => {
    expect(face.clean('A😀B')).toBe('A?B');
    expect(face.clean('ABD')).toBe('AB?');
  });

  it('turns tabs and line breaks into spaces and drops other control characters', () => {
    expect(face.clean('A\tB\nC\u0007\u200b')).toBe('A B C');
  });
});
