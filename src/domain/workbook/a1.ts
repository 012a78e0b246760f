/** A1 cell addresses without a sheet: `B4` ↔ `{ row: 3, col: 1 }` (zero-based). */

export interface CellPosition {
  readonly row: number;
  readonly col: number;
}

/** Largest sheet we accept in a file; HyperFormula's own limits are far larger. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

export function columnLetters(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function formatA1(pos: CellPosition): string {
  return `${columnLetters(pos.col)}${pos.row + 1}`;
}

/** `B4` → position; undefined for anything else (including `$B$4`, ranges, sheet prefixes). */
export function parseA1(text: string): CellPosition | undefined {
  const m = /^([A-Z]{1,3})([1-9][0-9]{0,6})$/.exec(text);
  if (!m) return undefined;
  const [, letters = '', digits = ''] = m;
  let col = 0;
  for (const ch of letters) col = col * 26 + (ch.charCodeAt(0) - 64);
  col -= 1;
  const row = Number(digits) - 1;
  if (col >= MAX_COLS || row >= MAX_ROWS) return undefined;
  return { row, col };
}
