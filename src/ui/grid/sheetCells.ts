/**
 * One sheet of a model document read for the grid, in one pass over its cells: contents in A1
 * (what the editor and the clipboard show) and as stored (id form, which does not change when
 * rows move, so a value remembered for a formula can be matched to it later).
 */
import type * as Y from 'yjs';
import type { CellContent } from '../../domain/workbook/schema';
import { DocPositions, isFormula, isStoredCell, sheetHandles, splitCellKey } from '../../sync/model/docShape';
import type { StoredCell } from '../../sync/model/docShape';
import { toA1Form } from '../../sync/model/formulaRefs';

export interface SheetCells {
  readonly id: string;
  readonly name: string;
  /** Position in display order, as docToWorkbook writes the sheets (and load errors count them). */
  readonly index: number;
  readonly rowIds: readonly string[];
  readonly colIds: readonly string[];
  /** Non-empty cells only, keyed `${row}:${col}` by position. */
  readonly cells: ReadonlyMap<string, { readonly content: CellContent; readonly stored: StoredCell; readonly key: string }>;
}

export const positionKey = (row: number, col: number): string => `${row}:${col}`;

/** The sheet with this id, or undefined if the document has no such sheet (any more). */
export function readSheetCells(doc: Y.Doc, sheetId: string): SheetCells | undefined {
  const handles = sheetHandles(doc);
  const index = handles.findIndex((s) => s.id === sheetId);
  const sheet = handles[index];
  if (!sheet) return undefined;
  const positions = new DocPositions(handles);
  const rows = positions.liveIndex(sheet, 'rows');
  const cols = positions.liveIndex(sheet, 'cols');
  const cells = new Map<string, { content: CellContent; stored: StoredCell; key: string }>();
  sheet.cells.forEach((stored, key) => {
    const [rowId, colId] = splitCellKey(key);
    const row = rows.get(rowId);
    const col = cols.get(colId);
    if (row === undefined || col === undefined || !isStoredCell(stored)) return;
    cells.set(positionKey(row, col), { content: isFormula(stored) ? toA1Form(stored, positions, sheet.id) : stored, stored, key });
  });
  return { id: sheet.id, name: sheet.name, index, rowIds: sheet.rows.toArray(), colIds: sheet.cols.toArray(), cells };
}
