/**
 * The grid of one sheet of a model document: a small adapter around Handsontable.
 *
 * The Y.Doc is the truth. Handsontable's data is only what its editor starts with (each cell's
 * content in A1); it is never written by Handsontable: every edit (typing, delete, paste, fill,
 * insert and delete of rows and columns) is cancelled in Handsontable and becomes one
 * modelCommands command, one Yjs transaction with the workbench's origin, and so one undo step.
 * Document changes, local or remote, and engine changes re-render the grid once per task.
 * The renderer shows the engine's computed values, read once per render pass (cellViews.ts).
 * Handsontable's own undo and formula engine are off.
 *
 * Presence: the selected cell is shared by its row and column ids (so it stays on the same cell
 * when rows move), and cells other people have selected get a border in their colour; a change
 * of presence only touches the cells whose marks changed.
 */
import Handsontable from 'handsontable/base';
import type { GridSettings, HotInstance } from 'handsontable/base';
import { AutoColumnSize } from 'handsontable/plugins/autoColumnSize';
import { Autofill } from 'handsontable/plugins/autofill';
import { ContextMenu } from 'handsontable/plugins/contextMenu';
import { CopyPaste } from 'handsontable/plugins/copyPaste';
import { ManualColumnResize } from 'handsontable/plugins/manualColumnResize';
import { registerPlugin } from 'handsontable/plugins/registry';
import 'handsontable/styles/handsontable.min.css';
import 'handsontable/styles/ht-theme-main.min.css';
import type { Awareness } from 'y-protocols/awareness';
import { formatA1 } from '../../domain/workbook/a1';
import type { CellContent } from '../../domain/workbook/schema';
import { indexOfIds, modelMap } from '../../sync/model/docShape';
import type { LiveBinding } from '../../sync/model/engineBinding';
import { deleteColumns, deleteRows, insertColumns, insertRows, setCells } from '../../sync/model/modelCommands';
import type { CellBlock } from '../../sync/model/modelCommands';
import { setFocus, watchPeers } from '../../sync/network/presence';
import type { Focus, Peer } from '../../sync/network/presence';
import { changedKeys, namesOf, peersByCell, sameFocus, usernamesOf } from '../presence/presenceModel';
import type { WorkbenchContext } from '../workbench/context';
import { gridMessages } from '../workbench/gridMessages';
import type { GridMessages } from '../workbench/gridMessages';
import { fillBlock, pasteBlock, pasteTarget, rectHeight, rectWidth } from './blocks';
import type { CellRect } from './blocks';
import { contentToInput, errorPlace, inputToContent } from './cellText';
import type { EngineValue } from './cellText';
import { cellViews, parameterCells, rememberValues } from './cellViews';
import type { CellView, ParameterCell, RememberedValues } from './cellViews';
import { positionKey, readSheetCells } from './sheetCells';
import type { SheetCells } from './sheetCells';
import { formatTsv, parseTsv } from './tsv';

// ContextMenu needs AutoColumnSize registered (it measures menu items with it).
registerPlugin(AutoColumnSize);
registerPlugin(Autofill);
registerPlugin(ContextMenu);
registerPlugin(CopyPaste);
registerPlugin(ManualColumnResize);

/** Empty rows and columns shown past a sheet's extent, so there is room to type; writing there grows the sheet. */
const SPARE_ROWS = 20;
const SPARE_COLS = 5;
const MIN_ROWS = 50;
const MIN_COLS = 12;
/** Column widths in pixels: fitted to the longest text shown, within these bounds. */
const DEFAULT_WIDTH = 90;
const MAX_WIDTH = 320;
const CHAR_WIDTH = 7.5;

export interface GridCell {
  readonly sheetId: string;
  readonly row: number;
  readonly col: number;
}

export interface ModelGridOptions {
  readonly ctx: WorkbenchContext;
  /** The workbench's binding; it may have no model yet (then formulas show as text). */
  readonly binding: LiveBinding;
  /** The model's file, as load errors name it. */
  readonly file: string;
  readonly sheetId: string;
  /** Presence on the model document, when it syncs through a server. */
  readonly awareness?: Awareness | undefined;
  /** The active cell changed (by click, keys, or a command). */
  onSelect(cell: GridCell): void;
  /** A command was refused (a limit, bad content); the message says why, nothing changed. */
  onError(message: string): void;
}

/** What this grid last copied, so a paste of the same text moves formulas as Excel does. */
interface Copied {
  readonly text: string;
  readonly rect: CellRect;
  readonly contents: CellContent[][];
  /** A cut: the formulas move unchanged. */
  readonly cut: boolean;
}

export class ModelGrid {
  private readonly hot: HotInstance;
  private sheetId: string;
  private sheet: SheetCells | undefined;
  private views = new Map<string, CellView>();
  /** Per sheet: formula values from the last time the engine matched the document. */
  private readonly remembered = new Map<string, RememberedValues>();
  private copied: Copied | undefined;
  private widths: number[] = [];
  /** The array Handsontable holds as its data: the editor text of each cell. */
  private data: string[][] = [];
  private scheduled = false;
  private destroyed = false;
  private readonly unsubscribe: () => void;
  private peers: readonly Peer[] = [];
  /** Others' selected cells on the sheet shown, keyed by position (sheetCells.positionKey). */
  private peerCells = new Map<string, Peer[]>();
  /** Row and column id → position on the sheet shown, as last rendered. */
  private rowIndex: ReadonlyMap<string, number> = new Map();
  private colIndex: ReadonlyMap<string, number> = new Map();
  /** What this tab last said it has selected. */
  private ownFocus: Focus | undefined;

  /** Create the grid in `container` (which must have a height) showing sheet `options.sheetId`. */
  static mount(container: HTMLElement, options: ModelGridOptions): ModelGrid {
    return new ModelGrid(container, options);
  }

  private constructor(
    private readonly container: HTMLElement,
    private readonly options: ModelGridOptions,
  ) {
    this.sheetId = options.sheetId;
    const licence: unknown = import.meta.env.VITE_HANDSONTABLE_LICENSE_KEY;
    const settings: GridSettings = {
      data: [['']],
      licenseKey: typeof licence === 'string' && licence !== '' ? licence : 'non-commercial-and-evaluation',
      themeName: 'ht-theme-main',
      rowHeaders: true,
      colHeaders: true,
      width: '100%',
      height: '100%',
      colWidths: DEFAULT_WIDTH,
      wordWrap: false,
      manualColumnResize: true,
      undo: false,
      copyPaste: true,
      fillHandle: { autoInsertRow: false },
      outsideClickDeselects: false,
      // Rows rendered beyond the visible ones: model sheets (a few dozen rows) are then in the page
      // whole, for find-in-page and tests; every extra row makes each re-render slower.
      viewportRowRenderingOffset: 40,
      renderer: (_hot: unknown, td: HTMLTableCellElement, row: number, col: number) => this.renderCell(td, row, col),
      contextMenu: { items: this.menuItems() },
      beforeChange: (changes) => this.onBeforeChange(changes),
      // false cancels Handsontable's own fill (its types leave that out; its code checks for it).
      beforeAutofill: (_data, sourceRange, targetRange) => this.onAutofill(sourceRange, targetRange) as unknown as void,
      beforeKeyDown: (event) => this.onKeyDown(event),
      afterSelection: () => this.announceSelection(),
      // Nothing but the document may change the grid's shape.
      beforeCreateRow: () => false,
      beforeCreateCol: () => false,
      beforeRemoveRow: () => false,
      beforeRemoveCol: () => false,
    };
    this.hot = new Handsontable(container, settings);

    const onDocument = () => this.refresh();
    modelMap(options.ctx.doc).observeDeep(onDocument);
    const offBinding = options.binding.onChange(onDocument);
    // Capture phase, before Handsontable's own clipboard handlers: ours write through commands.
    const onClipboard = (event: Event) => this.onClipboard(event as ClipboardEvent);
    for (const type of ['copy', 'cut', 'paste']) document.addEventListener(type, onClipboard, true);
    const offPeers = options.awareness ? watchPeers(options.awareness, (peers) => this.onPeers(peers)) : () => undefined;
    this.unsubscribe = () => {
      modelMap(options.ctx.doc).unobserveDeep(onDocument);
      offBinding();
      offPeers();
      for (const type of ['copy', 'cut', 'paste']) document.removeEventListener(type, onClipboard, true);
    };
    this.renderNow();
  }

  /** Show another sheet, with its first cell selected. */
  setSheet(sheetId: string): void {
    if (sheetId === this.sheetId) return;
    this.sheetId = sheetId;
    this.renderNow();
    this.select(0, 0);
  }

  get currentSheet(): string {
    return this.sheetId;
  }

  /** Re-render on the next microtask (many changes in one task render once). */
  refresh(): void {
    if (this.scheduled || this.destroyed) return;
    this.scheduled = true;
    queueMicrotask(() => this.renderNow());
  }

  /** Select a cell or a range (scrolling to it) and give the grid the keyboard. */
  select(row: number, col: number, endRow = row, endCol = col): void {
    this.hot.selectCell(row, col, endRow, endCol);
    this.hot.listen();
  }

  /** Give the grid the keyboard again (after a toolbar button or the formula bar). */
  focus(): void {
    // A field outside the grid that kept the focus would get the keys the grid now handles too.
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body && !this.container.contains(active)) active.blur();
    this.hot.listen();
    if (this.selectedRect()) this.hot.getFocusManager().focusOnHighlightedCell();
  }

  /**
   * The text of the cell editor, if one is open, closing it without saving: the formula bar
   * takes the edit over, so the editor cannot later write its own text over the bar's.
   */
  takeEditorText(): string | undefined {
    const editor = this.hot.getActiveEditor();
    if (!editor?.isOpened()) return undefined;
    const value = editor.getValue();
    this.hot.destroyEditor(true);
    return value === null || value === undefined ? '' : String(value);
  }

  /** The selected rectangle (the last one, if several), clipped to the grid. */
  selectedRect(): CellRect | undefined {
    const range = this.hot.getSelectedRangeLast();
    if (!range) return undefined;
    const from = range.getTopStartCorner();
    const to = range.getBottomEndCorner();
    const top = Math.max(0, from.row ?? 0);
    const left = Math.max(0, from.col ?? 0);
    return { top, left, bottom: Math.max(top, to.row ?? top), right: Math.max(left, to.col ?? left) };
  }

  insertRows(where: 'above' | 'below'): void {
    const r = this.selectedRect();
    const size = this.sheet?.rowIds.length ?? 0;
    if (!r) return;
    const at = where === 'above' ? r.top : r.bottom + 1;
    // Rows past the sheet's end are shown but do not exist: inserting there changes nothing.
    if (at > size) return;
    this.run(() => insertRows(this.options.ctx.doc, this.sheetId, at, rectHeight(r), this.options.ctx.origin));
  }

  deleteRows(): void {
    const r = this.selectedRect();
    const size = this.sheet?.rowIds.length ?? 0;
    if (!r || r.top >= size) return;
    this.run(() => deleteRows(this.options.ctx.doc, this.sheetId, r.top, Math.min(r.bottom, size - 1) - r.top + 1, this.options.ctx.origin));
  }

  insertColumns(where: 'left' | 'right'): void {
    const r = this.selectedRect();
    const size = this.sheet?.colIds.length ?? 0;
    if (!r) return;
    const at = where === 'left' ? r.left : r.right + 1;
    if (at > size) return;
    this.run(() => insertColumns(this.options.ctx.doc, this.sheetId, at, rectWidth(r), this.options.ctx.origin));
  }

  deleteColumns(): void {
    const r = this.selectedRect();
    const size = this.sheet?.colIds.length ?? 0;
    if (!r || r.left >= size) return;
    this.run(() => deleteColumns(this.options.ctx.doc, this.sheetId, r.left, Math.min(r.right, size - 1) - r.left + 1, this.options.ctx.origin));
  }

  /** Ctrl+D: the selection's top row copied down over it; a one-row selection takes the row above. */
  fillDown(): void {
    const r = this.selectedRect();
    if (!r) return;
    const single = r.top === r.bottom;
    if (single && r.top === 0) return;
    const from = single ? { ...r, top: r.top - 1, bottom: r.top - 1 } : { ...r, bottom: r.top };
    const target = single ? r : { ...r, top: r.top + 1 };
    this.write(target.top, target.left, fillBlock(this.contentsOf(from), from, target));
  }

  undo(): void {
    this.options.ctx.undoManager.undo();
  }

  redo(): void {
    this.options.ctx.undoManager.redo();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.unsubscribe();
    this.reportFocus(undefined);
    this.hot.destroy();
  }

  private get text(): GridMessages {
    return gridMessages[this.options.ctx.locale.language()];
  }

  /** Run a command; a refusal is reported (false), never thrown at Handsontable. */
  private run(command: () => void): boolean {
    try {
      command();
      return true;
    } catch (e) {
      this.options.onError(e instanceof Error ? e.message : String(e));
      return false;
    }
  }

  private write(top: number, left: number, block: CellBlock): boolean {
    return this.run(() => setCells(this.options.ctx.doc, this.sheetId, top, left, block, this.options.ctx.origin));
  }

  /** The A1 contents of a rectangle (null where empty). */
  private contentsOf(rect: CellRect): CellContent[][] {
    const out: CellContent[][] = [];
    for (let r = rect.top; r <= rect.bottom; r++) {
      const line: CellContent[] = [];
      for (let c = rect.left; c <= rect.right; c++) line.push(this.sheet?.cells.get(positionKey(r, c))?.content ?? null);
      out.push(line);
    }
    return out;
  }

  private renderNow(): void {
    this.scheduled = false;
    if (this.destroyed) return;
    const { ctx, binding, file } = this.options;
    const sheet = readSheetCells(ctx.doc, this.sheetId);
    this.sheet = sheet;
    this.rowIndex = indexOfIds(sheet?.rowIds ?? []);
    this.colIndex = indexOfIds(sheet?.colIds ?? []);
    // Rows may have moved under a peer's cell (or under this tab's selection): the full render below draws the new places.
    this.peerCells = peersByCell(this.peers, this.sheetId, this.rowIndex, this.colIndex);
    this.reportSelection();
    if (!sheet) {
      this.views = new Map();
      this.showData([['']]);
      return;
    }
    let values: EngineValue[][] | undefined;
    let parameters = new Map<string, ParameterCell>();
    const model = binding.model;
    const language = ctx.locale.language();
    if (binding.upToDate && model) {
      parameters = parameterCells(model.workbook, sheet.name, language);
      // The product's sheets keep their names in the engine, and rows and columns their places.
      const engineSheet = model.engine.getSheetId(sheet.name);
      if (engineSheet !== undefined) {
        values = model.engine.getSheetValues(engineSheet);
        this.remembered.set(sheet.id, rememberValues(sheet, values));
      }
    }
    const problems = new Map<string, string>();
    for (const e of binding.errors) {
      const place = e.file === file ? errorPlace(e.path) : undefined;
      if (place && place.sheetIndex === sheet.index) problems.set(positionKey(place.row, place.col), e.message);
    }
    this.views = cellViews({
      sheet,
      values,
      remembered: this.remembered.get(sheet.id),
      // While a rebuild is only under way the remembered values are not shown as stale: it takes a moment.
      markStale: binding.errors.length > 0,
      parameters,
      problems,
      language,
    });

    const rows = Math.max(sheet.rowIds.length + SPARE_ROWS, MIN_ROWS);
    const cols = Math.max(sheet.colIds.length + SPARE_COLS, MIN_COLS);
    const data: string[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ''));
    for (const [key, cell] of sheet.cells) {
      const [row, col] = key.split(':').map(Number) as [number, number];
      const line = data[row];
      if (line && col < cols) line[col] = contentToInput(cell.content);
    }
    // One render for new data and new widths.
    this.hot.batch(() => {
      this.showData(data);
      this.fitColumns(cols);
    });
  }

  /**
   * Hand the editor texts to Handsontable. updateData rebuilds its index maps and takes a long
   * time even on small sheets, so it runs only when the grid's size changes; otherwise the array
   * it holds (it keeps the one it was given) is updated in place and the view re-rendered.
   */
  private showData(data: string[][]): void {
    const held = this.data;
    if (held.length !== data.length || held[0]?.length !== data[0]?.length) {
      this.data = data;
      this.hot.updateData(data);
      return;
    }
    data.forEach((line, r) => {
      const target = held[r] as string[];
      line.forEach((text, c) => {
        if (target[c] !== text) target[c] = text;
      });
    });
    this.hot.render();
  }

  /** Widths fitted to what the columns show (wide CJK characters count double); set only when they change. */
  private fitColumns(cols: number): void {
    const widths = Array.from({ length: cols }, () => DEFAULT_WIDTH);
    for (const [key, view] of this.views) {
      const col = Number(key.slice(key.indexOf(':') + 1));
      let chars = 0;
      for (const ch of view.text) chars += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
      const width = Math.min(MAX_WIDTH, Math.ceil(chars * CHAR_WIDTH) + 16);
      if (col < cols && width > (widths[col] ?? 0)) widths[col] = width;
    }
    if (widths.length === this.widths.length && widths.every((w, i) => w === this.widths[i])) return;
    this.widths = widths;
    this.hot.updateSettings({ colWidths: widths });
  }

  private renderCell(td: HTMLTableCellElement, row: number, col: number): void {
    const view = this.views.get(positionKey(row, col));
    td.textContent = view?.text ?? '';
    td.dataset.cell = formatA1({ row, col });
    if (view) {
      td.classList.add(`wb-cell-${view.kind}`);
      if (view.stale) td.classList.add('wb-cell-stale');
      if (view.formula) td.classList.add('wb-cell-formula');
      if (view.parameter) td.classList.add('wb-cell-parameter');
    }
    this.markPeers(td, row, col);
  }

  /** Others on this cell: a border in the first one's colour, their names in the title (after the cell's own). */
  private markPeers(td: HTMLTableCellElement, row: number, col: number): void {
    const key = positionKey(row, col);
    const peers = this.peerCells.get(key);
    const title = this.views.get(key)?.title;
    if (!peers) {
      td.classList.remove('wb-cell-peer');
      td.style.removeProperty('--peer-colour');
      delete td.dataset.peerFocus;
      if (title) td.title = title;
      else td.removeAttribute('title');
      return;
    }
    td.classList.add('wb-cell-peer');
    td.style.setProperty('--peer-colour', (peers[0] as Peer).user.colour);
    td.dataset.peerFocus = usernamesOf(peers);
    td.title = title ? `${namesOf(peers)}\n${title}` : namesOf(peers);
  }

  /** Presence changed: redraw the marks of the cells whose peers changed, nothing else. */
  private onPeers(peers: readonly Peer[]): void {
    this.peers = peers;
    if (this.destroyed) return;
    const before = this.peerCells;
    this.peerCells = peersByCell(peers, this.sheetId, this.rowIndex, this.colIndex);
    for (const key of changedKeys(before, this.peerCells)) {
      const [row, col] = key.split(':').map(Number) as [number, number];
      // Null when the cell is scrolled out of view: the next render marks it.
      const td = this.hot.getCell(row, col);
      if (td) this.markPeers(td, row, col);
    }
  }

  private announceSelection(): void {
    const range = this.hot.getSelectedRangeLast();
    if (!range) return;
    const { row, col } = range.highlight;
    this.options.onSelect({ sheetId: this.sheetId, row: Math.max(0, row ?? 0), col: Math.max(0, col ?? 0) });
    this.reportSelection();
  }

  /** Share the selected cell by its ids; a cell past the sheet's extent has none, so nothing in particular. */
  private reportSelection(): void {
    const range = this.hot.getSelectedRangeLast();
    const row = range?.highlight.row ?? -1;
    const col = range?.highlight.col ?? -1;
    const rowId = this.sheet?.rowIds[row];
    const colId = this.sheet?.colIds[col];
    this.reportFocus(rowId !== undefined && colId !== undefined ? { kind: 'cell', sheet: this.sheetId, row: rowId, col: colId } : undefined);
  }

  private reportFocus(focus: Focus | undefined): void {
    if (!this.options.awareness || sameFocus(this.ownFocus, focus)) return;
    this.ownFocus = focus;
    setFocus(this.options.awareness, focus);
  }

  private onBeforeChange(changes: readonly (readonly [number, unknown, unknown, unknown] | null)[]): false {
    const cells: { row: number; col: number; content: CellContent }[] = [];
    for (const change of changes) {
      if (!change) continue;
      const [row, prop, , value] = change;
      const col = typeof prop === 'number' ? prop : this.hot.propToCol(String(prop));
      if (typeof col !== 'number') continue;
      cells.push({ row, col, content: inputToContent(value === null || value === undefined ? '' : String(value)) });
    }
    if (cells.length > 0) {
      const top = Math.min(...cells.map((c) => c.row));
      const left = Math.min(...cells.map((c) => c.col));
      const block: (CellContent | undefined)[][] = [];
      for (const c of cells) (block[c.row - top] ??= [])[c.col - left] = c.content;
      // Holes (rows no change touched) are left alone.
      this.write(top, left, Array.from(block, (line) => Array.from(line ?? [])));
    }
    return false;
  }

  private onAutofill(sourceRange: unknown, targetRange: unknown): false {
    const from = rectOf(sourceRange);
    const target = rectOf(targetRange);
    if (from && target) {
      if (!this.write(target.top, target.left, fillBlock(this.contentsOf(from), from, target))) return false;
      const all = { top: Math.min(from.top, target.top), left: Math.min(from.left, target.left), bottom: Math.max(from.bottom, target.bottom), right: Math.max(from.right, target.right) };
      queueMicrotask(() => this.hot.selectCell(all.top, all.left, all.bottom, all.right, false));
    }
    return false;
  }

  private editorOpen(): boolean {
    return this.hot.getActiveEditor()?.isOpened() === true;
  }

  private onKeyDown(event: KeyboardEvent): false | undefined {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || this.editorOpen()) return undefined;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) this.undo();
    else if (key === 'y' || (key === 'z' && event.shiftKey)) this.redo();
    else if (key === 'd' && !event.shiftKey) this.fillDown();
    else return undefined;
    event.preventDefault();
    // Returning false stops Handsontable's own shortcuts for this key.
    return false;
  }

  private onClipboard(event: ClipboardEvent): void {
    if (this.destroyed || !this.hot.isListening() || this.editorOpen()) return;
    const target = event.target;
    // Text fields outside the grid (the formula bar, a tab being renamed) keep their own clipboard.
    if (target instanceof Node && target !== document.body && !this.container.contains(target)) return;
    const rect = this.selectedRect();
    if (!rect || !event.clipboardData) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type === 'paste') {
      this.paste(event.clipboardData.getData('text/plain'), rect);
      return;
    }
    const contents = this.contentsOf(rect);
    const text = formatTsv(contents.map((line) => line.map(contentToInput)));
    event.clipboardData.setData('text/plain', text);
    const cut = event.type === 'cut';
    this.copied = { text, rect, contents, cut };
    if (cut) this.write(rect.top, rect.left, contents.map((line) => line.map(() => null)));
  }

  private paste(text: string, selection: CellRect): void {
    const rows = parseTsv(text);
    if (rows.length === 0) return;
    // Copied here: the contents as they were, formulas moving with the paste (not after a cut).
    const own = this.copied?.text === text ? this.copied : undefined;
    const block = own ? own.contents : rows.map((line) => line.map(inputToContent));
    const width = Math.max(1, ...block.map((line) => line.length));
    const target = pasteTarget(block.length, width, selection);
    if (!this.write(target.top, target.left, pasteBlock(block, target, own && !own.cut ? own.rect : undefined))) return;
    queueMicrotask(() => this.hot.selectCell(target.top, target.left, target.bottom, target.right, false));
  }

  private menuItems(): Record<string, unknown> {
    const item = (name: (t: GridMessages) => string, action: () => void) => ({ name: () => name(this.text), callback: action });
    return {
      wb_row_above: item((t) => t.insertRowAbove, () => this.insertRows('above')),
      wb_row_below: item((t) => t.insertRowBelow, () => this.insertRows('below')),
      wb_remove_row: item((t) => t.deleteRow, () => this.deleteRows()),
      sep1: '---------',
      wb_col_left: item((t) => t.insertColLeft, () => this.insertColumns('left')),
      wb_col_right: item((t) => t.insertColRight, () => this.insertColumns('right')),
      wb_remove_col: item((t) => t.deleteCol, () => this.deleteColumns()),
      sep2: '---------',
      wb_fill_down: item((t) => t.fillDown, () => this.fillDown()),
    };
  }
}

/** A Handsontable CellRange as a rectangle (duck-typed: the type is not exported by the package's entry points). */
function rectOf(range: unknown): CellRect | undefined {
  const r = range as { getTopStartCorner?: () => { row: number | null; col: number | null }; getBottomEndCorner?: () => { row: number | null; col: number | null } };
  if (typeof r.getTopStartCorner !== 'function' || typeof r.getBottomEndCorner !== 'function') return undefined;
  const a = r.getTopStartCorner();
  const b = r.getBottomEndCorner();
  if (a.row === null || a.col === null || b.row === null || b.col === null) return undefined;
  return { top: Math.max(0, a.row), left: Math.max(0, a.col), bottom: b.row, right: b.col };
}
