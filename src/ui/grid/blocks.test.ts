/** Fill and paste blocks; expected formulas worked out by hand, as Excel moves them. */
import { describe, expect, it } from 'vitest';
import { fillBlock, pasteBlock, pasteTarget } from './blocks';

describe('fillBlock', () => {
  it('fill down moves relative rows and keeps absolute ones and values', () => {
    const from = { top: 1, left: 1, bottom: 1, right: 2 }; // B2:C2
    const target = { top: 2, left: 1, bottom: 4, right: 2 }; // B3:C5
    expect(fillBlock([['=A2*$F$1', 'kg']], from, target)).toEqual([
      ['=A3*$F$1', 'kg'],
      ['=A4*$F$1', 'kg'],
      ['=A5*$F$1', 'kg'],
    ]);
  });

  it('a two-row source repeats in order down, and backwards up', () => {
    const from = { top: 4, left: 0, bottom: 5, right: 0 }; // A5:A6
    const source = [['=B5'], [7]];
    expect(fillBlock(source, from, { top: 6, left: 0, bottom: 8, right: 0 })).toEqual([['=B7'], [7], ['=B9']]);
    // Up over A2:A4: A4 lines up with A6, A3 with A5, A2 with A6.
    expect(fillBlock(source, from, { top: 1, left: 0, bottom: 3, right: 0 })).toEqual([[7], ['=B3'], [7]]);
  });

  it('fill right moves columns; a reference pushed off the sheet becomes #REF!', () => {
    expect(fillBlock([['=B1+$A1']], { top: 0, left: 2, bottom: 0, right: 2 }, { top: 0, left: 3, bottom: 0, right: 4 })).toEqual([['=C1+$A1', '=D1+$A1']]);
    expect(fillBlock([['=A2']], { top: 1, left: 1, bottom: 1, right: 1 }, { top: 0, left: 1, bottom: 0, right: 1 })).toEqual([['=A1']]);
    expect(fillBlock([['=A1']], { top: 1, left: 1, bottom: 1, right: 1 }, { top: 0, left: 1, bottom: 0, right: 1 })).toEqual([['=#REF!']]);
  });
});

describe('paste', () => {
  it('the target: the selection when it is a whole multiple of the block, else the block at its top-left', () => {
    expect(pasteTarget(1, 1, { top: 2, left: 1, bottom: 5, right: 3 })).toEqual({ top: 2, left: 1, bottom: 5, right: 3 });
    expect(pasteTarget(2, 2, { top: 0, left: 0, bottom: 3, right: 1 })).toEqual({ top: 0, left: 0, bottom: 3, right: 1 });
    expect(pasteTarget(2, 2, { top: 0, left: 0, bottom: 2, right: 1 })).toEqual({ top: 0, left: 0, bottom: 1, right: 1 });
    expect(pasteTarget(2, 3, { top: 4, left: 4, bottom: 4, right: 4 })).toEqual({ top: 4, left: 4, bottom: 5, right: 6 });
  });

  it('text from elsewhere is pasted as written; ragged rows are filled with empty cells', () => {
    expect(pasteBlock([[1, '=A1'], [3]], { top: 5, left: 5, bottom: 6, right: 6 })).toEqual([[1, '=A1'], [3, null]]);
  });

  it('cells copied in the grid move their formulas by the distance pasted', () => {
    // B4 = ROUND(B1*B2*B3, 2) copied and pasted at D10: six rows down, two columns right.
    expect(pasteBlock([['=ROUND(B1*B2*B3, 2)']], { top: 9, left: 3, bottom: 9, right: 3 }, { top: 3, left: 1, bottom: 3, right: 1 })).toEqual([['=ROUND(D7*D8*D9, 2)']]);
    // One copied cell pasted over two: each copy moves by its own distance.
    expect(pasteBlock([['=A1']], { top: 1, left: 1, bottom: 2, right: 1 }, { top: 0, left: 1, bottom: 0, right: 1 })).toEqual([['=A2'], ['=A3']]);
  });
});
