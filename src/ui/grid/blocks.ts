/**
 * Blocks of cell contents for fill and paste, Excel's way: formulas move their relative
 * references by how far each copy lands from its source. Pure functions over A1 contents.
 */
import type { CellContent } from '../../domain/workbook/schema';
import { isFormula } from '../../sync/model/docShape';
import { shiftFormula } from '../../sync/model/formulaRefs';

/** A rectangle of cells, zero-based and inclusive. */
export interface CellRect {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export function rectHeight(r: CellRect): number {
  return r.bottom - r.top + 1;
}

export function rectWidth(r: CellRect): number {
  return r.right - r.left + 1;
}

/** `content` copied `rows` down and `cols` right. */
export function shiftContent(content: CellContent, rows: number, cols: number): CellContent {
  return isFormula(content) ? shiftFormula(content, rows, cols) : content;
}

const mod = (a: number, m: number) => ((a % m) + m) % m;

/**
 * The contents of `target` when `source` (the cells of rectangle `from`) is repeated over it,
 * in every direction: each target cell takes the source cell it lines up with, and a formula
 * moves by the distance between the two. Fill down is `from` = the top row of a selection and
 * `target` = the rows below it.
 *
 * @example
 *   // B1 = '=A1*2' filled down to B2:B3
 *   fillBlock([['=A1*2']], { top: 0, left: 1, bottom: 0, right: 1 }, { top: 1, left: 1, bottom: 2, right: 1 })
 *   // [['=A2*2'], ['=A3*2']]
 */
export function fillBlock(source: readonly (readonly CellContent[])[], from: CellRect, target: CellRect): CellContent[][] {
  const h = rectHeight(from);
  const w = rectWidth(from);
  const out: CellContent[][] = [];
  for (let r = target.top; r <= target.bottom; r++) {
    const line: CellContent[] = [];
    for (let c = target.left; c <= target.right; c++) {
      const sr = mod(r - from.top, h);
      const sc = mod(c - from.left, w);
      const content = source[sr]?.[sc] ?? null;
      line.push(shiftContent(content, r - (from.top + sr), c - (from.left + sc)));
    }
    out.push(line);
  }
  return out;
}

/**
 * The contents of `target` when a copied block is pasted over it (repeated from the target's
 * top-left cell). With `copiedFrom` (the block was copied in this grid, at that rectangle),
 * formulas move by the distance from where they were copied, as Excel's paste does; without it
 * (text from elsewhere) they are taken as written.
 */
export function pasteBlock(block: readonly (readonly CellContent[])[], target: CellRect, copiedFrom?: CellRect): CellContent[][] {
  const h = Math.max(1, block.length);
  const w = Math.max(1, ...block.map((r) => r.length));
  const out: CellContent[][] = [];
  for (let r = target.top; r <= target.bottom; r++) {
    const line: CellContent[] = [];
    for (let c = target.left; c <= target.right; c++) {
      const sr = mod(r - target.top, h);
      const sc = mod(c - target.left, w);
      const content = block[sr]?.[sc] ?? null;
      line.push(copiedFrom ? shiftContent(content, r - (copiedFrom.top + sr), c - (copiedFrom.left + sc)) : content);
    }
    out.push(line);
  }
  return out;
}

/**
 * Where a block pasted onto a selection goes, as Excel decides: repeated over the selection
 * when the selection is a whole multiple of the block in both directions, else once, from the
 * selection's top-left cell.
 */
export function pasteTarget(blockHeight: number, blockWidth: number, selection: CellRect): CellRect {
  const h = rectHeight(selection);
  const w = rectWidth(selection);
  const tiles = blockHeight > 0 && blockWidth > 0 && h % blockHeight === 0 && w % blockWidth === 0;
  return tiles ? selection : { top: selection.top, left: selection.left, bottom: selection.top + blockHeight - 1, right: selection.left + blockWidth - 1 };
}
