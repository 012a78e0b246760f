/**
 * What each cell of a sheet shows, worked out once per render pass (the renderer only looks
 * cells up): the engine's value when the engine matches the document; otherwise typed values
 * as they are, formulas with the value remembered from the last calculation of that same
 * formula (marked stale) or, failing that, their text (marked not calculated); cells a load
 * error points at show an error code and the loader's message.
 */
import type { Workbook } from '../../domain/workbook/schema';
import { isFormula } from '../../sync/model/docShape';
import { parseBareReference } from '../../sync/model/formulaRefs';
import type { StoredCell } from '../../sync/model/docShape';
import type { Language } from '../i18n';
import { gridMessages } from '../workbench/gridMessages';
import { displayValue, errorExplanation, isErrorLike, loadErrorCode } from './cellText';
import type { DisplayKind, EngineValue } from './cellText';
import { positionKey } from './sheetCells';
import type { SheetCells } from './sheetCells';

export interface CellView {
  readonly text: string;
  /** `pending`: a formula that has not been calculated, shown as its text. */
  readonly kind: DisplayKind | 'pending';
  readonly title?: string;
  /** A remembered value from before the model stopped loading. */
  readonly stale?: boolean;
  readonly formula?: boolean;
  /** The cell of a parameter: the model sets it. */
  readonly parameter?: boolean;
}

/** A parameter bound to a cell of the sheet being shown. */
export interface ParameterCell {
  readonly id: string;
  readonly label: string;
  readonly defaultValue: string;
}

/** Values of a sheet's formulas by cell key (row id:column id), with the formula they belong to. */
export type RememberedValues = ReadonlyMap<string, { readonly stored: StoredCell; readonly value: EngineValue }>;

export interface ViewSources {
  readonly sheet: SheetCells;
  /** The engine's values of the sheet, [row][col], when the engine matches the document. */
  readonly values: readonly (readonly EngineValue[])[] | undefined;
  readonly remembered: RememberedValues | undefined;
  /** Remembered values are marked stale (the model has errors), not just awaiting a rebuild. */
  readonly markStale: boolean;
  /** Parameters' cells, by position key. */
  readonly parameters: ReadonlyMap<string, ParameterCell>;
  /** Load errors pointing at cells of this sheet: message by position key. */
  readonly problems: ReadonlyMap<string, string>;
  readonly language: Language;
}

/** The view of every cell that shows something, by position key. */
export function cellViews(src: ViewSources): Map<string, CellView> {
  const text = gridMessages[src.language];
  const views = new Map<string, CellView>();
  const fromValue = (v: EngineValue, formula: boolean, stale: boolean): CellView => {
    const d = displayValue(v);
    let title = isErrorLike(v) ? errorExplanation(v.value, v.message, src.language) : undefined;
    if (stale) title = title ? `${title}\n${text.staleValue}` : text.staleValue;
    return { text: d.text, kind: d.kind, ...(title ? { title } : {}), ...(stale ? { stale } : {}), ...(formula ? { formula } : {}) };
  };
  if (src.values) {
    src.values.forEach((line, row) =>
      line.forEach((v, col) => {
        if (v === null || v === undefined) return;
        const key = positionKey(row, col);
        views.set(key, fromValue(v, isFormula(src.sheet.cells.get(key)?.content), false));
      }),
    );
  } else {
    for (const [key, cell] of src.sheet.cells) {
      if (!isFormula(cell.content)) {
        views.set(key, fromValue(cell.content, false, false));
        continue;
      }
      const memory = src.remembered?.get(cell.key);
      views.set(key, memory && memory.stored === cell.stored ? fromValue(memory.value, true, src.markStale) : { text: cell.content, kind: 'pending', title: text.notCalculated, formula: true });
    }
  }
  for (const [key, p] of src.parameters) {
    const view = views.get(key) ?? { text: '', kind: 'empty' as const };
    const note = text.parameterCell(p.label, p.id, p.defaultValue);
    views.set(key, { ...view, title: view.title ? `${note}\n${view.title}` : note, parameter: true });
  }
  for (const [key, message] of src.problems) {
    const code = loadErrorCode(message);
    views.set(key, { text: code, kind: 'error', title: `${text.cellProblem}${message}\n${errorExplanation(code, undefined, src.language)}`, formula: true });
  }
  return views;
}

/** What to remember of a sheet the engine matches: each formula's value, by cell key. */
export function rememberValues(sheet: SheetCells, values: readonly (readonly EngineValue[])[]): RememberedValues {
  const out = new Map<string, { stored: StoredCell; value: EngineValue }>();
  for (const [position, cell] of sheet.cells) {
    if (!isFormula(cell.stored)) continue;
    const [row, col] = position.split(':').map(Number) as [number, number];
    out.set(cell.key, { stored: cell.stored, value: values[row]?.[col] ?? null });
  }
  return out;
}

/** A bare `Sheet!B2` (or a name defined as one) → the sheet's name and the cell; undefined for anything else. */
function boundCell(workbook: Workbook, bind: string): { sheet: string; row: number; col: number } | undefined {
  const read = (text: string) => {
    try {
      const ref = parseBareReference(text);
      const { sheet, row, col } = ref?.start ?? {};
      return ref && !ref.end && sheet !== undefined && row && col ? { sheet, row: row.at, col: col.at } : undefined;
    } catch {
      return undefined;
    }
  };
  const direct = read(bind);
  if (direct) return direct;
  const name = workbook.names.find((n) => n.name.toLowerCase() === bind.toLowerCase());
  return typeof name?.expression === 'string' && name.expression.startsWith('=') ? read(name.expression.slice(1).trim()) : undefined;
}

/** The cells of sheet `sheetName` that parameters of `workbook` (in A1 form) are bound to, by position key. */
export function parameterCells(workbook: Workbook, sheetName: string, language: Language): Map<string, ParameterCell> {
  const out = new Map<string, ParameterCell>();
  for (const p of workbook.parameters) {
    const cell = boundCell(workbook, p.bind);
    if (!cell || cell.sheet.toLowerCase() !== sheetName.toLowerCase()) continue;
    out.set(positionKey(cell.row, cell.col), { id: p.id, label: language === 'zh-CN' ? p.label.zh : p.label.en, defaultValue: displayValue(p.default).text });
  }
  return out;
}
