/**
 * The engine binding: a model document kept in step with a PriceModel (HyperFormula). The
 * Y.Doc is the source of truth and the engine a derived cache; each Yjs transaction, local or
 * remote, reaches the engine in one batch:
 *
 * - a transaction that only changed values (numbers, text, booleans, cleared cells) of the
 *   product's sheets is written with `PriceModel.setCells`, one `hf.batch`;
 * - anything else (formulas, rows and columns, sheets, names, parameters, outputs, modules,
 *   tests, metadata) rebuilds the model from `docToWorkbook`. Formulas go this way too, so the
 *   loader's checks (syntax, unknown names and functions, cycles) see every formula typed.
 *   HyperFormula's addRows/removeRows are never used (HF 3.5.0 runs out of memory there).
 *
 * A rebuild that does not load keeps the last good model and exposes the load errors, so a
 * broken formula typed in the grid never loses the price; the next transaction rebuilds again.
 * Parameter values set on the model (those differing from their defaults) survive rebuilds.
 */
import * as Y from 'yjs';
import { checkParameterValue } from '../../domain/workbook/parameters.js';
import { PriceModel } from '../../domain/workbook/PriceModel.js';
import type { CellChange, OpenResult } from '../../domain/workbook/PriceModel.js';
import type { WorkbookError } from '../../domain/workbook/errors.js';
import { formatWorkbookError } from '../../domain/workbook/errors.js';
import { formatA1 } from '../../domain/workbook/a1.js';
import type { WorkbookSource } from '../../domain/workbook/load.js';
import { DocPositions, isFormula, isStoredCell, modelMap, readSheet, sheetHandles, splitCellKey } from './docShape.js';
import { docToWorkbook } from './modelDoc.js';

export interface ModelBinding {
  /** The current model: the last one that loaded. Do not keep it across changes; it is disposed on rebuild. */
  readonly model: PriceModel;
  /** Why the document as it is now does not load (empty when `model` matches the document). */
  readonly errors: readonly WorkbookError[];
  /** Called after each change of the model's results or of `errors`; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Resolves once every transaction seen so far has reached the engine (rebuilds are asynchronous). */
  settled(): Promise<void>;
  dispose(): void;
}

/** The document did not load when binding; nothing is bound. */
export class ModelLoadError extends Error {
  constructor(readonly errors: readonly WorkbookError[]) {
    super(`the model does not load:\n${errors.map(formatWorkbookError).join('\n')}`);
    this.name = 'ModelLoadError';
  }
}

/**
 * A binding that may have no model yet: the workbench opens any stored document, even one that
 * has never loaded (a blank model, an import with errors, a broken formula saved), and shows its
 * cells and errors; the model appears once the document loads.
 */
export interface LiveBinding {
  /** The last model that loaded; undefined until the document first loads. Disposed on rebuild. */
  readonly model: PriceModel | undefined;
  /** Why the document as it is now does not load (empty while it loads, or when `model` matches it). */
  readonly errors: readonly WorkbookError[];
  /** True when `model` reflects the document as it is now: loaded, no errors, no rebuild pending. */
  readonly upToDate: boolean;
  /** This binding as a ModelBinding once it has a model; undefined before. */
  bound(): ModelBinding | undefined;
  /** Called after each change of the model's results, of `errors` or of `upToDate`; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Resolves once every transaction seen so far has reached the engine (or been found not to load). */
  settled(): Promise<void>;
  dispose(): void;
}

/** Bind the document and start loading it; never rejects (load errors are in `errors`). */
export function openBinding(doc: Y.Doc, file: string, modules: WorkbookSource): LiveBinding {
  const binding = new Binding(doc, file, modules);
  binding.open();
  return {
    get model() {
      return binding.loaded;
    },
    get errors() {
      return binding.errors;
    },
    get upToDate() {
      return binding.upToDate;
    },
    bound: () => (binding.loaded ? binding : undefined),
    onChange: (listener) => binding.onChange(listener),
    settled: () => binding.settled(),
    dispose: () => binding.dispose(),
  };
}

/** Open a model from the document and keep it in step; rejects with ModelLoadError if it does not load. */
export async function bindModel(doc: Y.Doc, file: string, modules: WorkbookSource): Promise<ModelBinding> {
  const binding = new Binding(doc, file, modules);
  await binding.start();
  return binding;
}

type Events = readonly Y.YEvent<Y.AbstractType<unknown>>[];

/**
 * The cell writes of a transaction that only changed values of cells, or undefined if it did
 * anything else (then the model is rebuilt). Cells of deleted rows or columns are skipped.
 */
function valueChanges(doc: Y.Doc, events: Events): CellChange[] | undefined {
  const changes: CellChange[] = [];
  let handles: ReturnType<typeof sheetHandles> | undefined;
  let positions: DocPositions | undefined;
  for (const event of events) {
    const target = event.target;
    if (!(event instanceof Y.YMapEvent) || !(target instanceof Y.Map)) return undefined;
    const sheet = readSheet(target.parent);
    if (!sheet || sheet.cells !== target) return undefined;
    handles ??= sheetHandles(doc);
    const live = handles.find((h) => h.map === sheet.map);
    if (!live) return undefined;
    positions ??= new DocPositions(handles);
    const rows = positions.liveIndex(live, 'rows');
    const cols = positions.liveIndex(live, 'cols');
    for (const key of event.keysChanged) {
      const [rowId, colId] = splitCellKey(key);
      const row = rows.get(rowId);
      const col = cols.get(colId);
      if (row === undefined || col === undefined) continue;
      const value: unknown = live.cells.get(key);
      if (isFormula(value)) return undefined;
      changes.push({ sheet: live.name, cell: formatA1({ row, col }), content: isStoredCell(value) ? value : null });
    }
  }
  return changes;
}

class Binding implements ModelBinding {
  private current: PriceModel | undefined;
  private problems: readonly WorkbookError[] = [];
  private readonly listeners = new Set<() => void>();
  private dirty = false;
  private rebuilding = false;
  /** A load is running in the rebuild loop. */
  private loading = false;
  private pending: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly observer = (events: Events, transaction: Y.Transaction) => this.onTransaction(events, transaction);

  constructor(
    private readonly doc: Y.Doc,
    private readonly file: string,
    private readonly modules: WorkbookSource,
  ) {}

  get model(): PriceModel {
    if (!this.current) throw new Error('the binding has no model (disposed, or not started)');
    return this.current;
  }

  get errors(): readonly WorkbookError[] {
    return this.problems;
  }

  get loaded(): PriceModel | undefined {
    return this.current;
  }

  get upToDate(): boolean {
    // Not `rebuilding`: that is still set while adopt() tells the listeners about the new model.
    return this.current !== undefined && this.problems.length === 0 && !this.dirty && !this.loading;
  }

  /** Start without a model: the first load runs as a rebuild, and a document that does not load waits for the next change. */
  open(): void {
    modelMap(this.doc).observeDeep(this.observer);
    this.schedule();
  }

  async start(): Promise<void> {
    modelMap(this.doc).observeDeep(this.observer);
    this.rebuilding = true;
    let result: OpenResult;
    try {
      result = await this.load();
    } finally {
      this.rebuilding = false;
    }
    if (!result.ok) {
      modelMap(this.doc).unobserveDeep(this.observer);
      throw new ModelLoadError(result.errors);
    }
    this.current = result.model;
    // Transactions seen while the first load ran: load again over the document as it is now.
    if (this.dirty) {
      this.schedule();
      await this.settled();
    }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async settled(): Promise<void> {
    while (this.rebuilding) await this.pending;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    modelMap(this.doc).unobserveDeep(this.observer);
    this.listeners.clear();
    this.current?.dispose();
    this.current = undefined;
  }

  private onTransaction(events: Events, _transaction: Y.Transaction): void {
    if (this.disposed) return;
    // While a rebuild runs, or while the document does not load, only a rebuild can catch up.
    if (this.rebuilding || !this.current || this.problems.length > 0) return this.schedule();
    const changes = valueChanges(this.doc, events);
    if (changes === undefined) return this.schedule();
    if (changes.length === 0) return;
    const written = this.current.setCells(changes);
    // Refused (a parameter's cell, say): the rebuild reads the document as a whole.
    if (!written.ok) return this.schedule();
    this.emit();
  }

  private schedule(): void {
    this.dirty = true;
    if (this.rebuilding || this.disposed) return;
    this.rebuilding = true;
    this.pending = this.rebuildLoop();
  }

  private async rebuildLoop(): Promise<void> {
    try {
      while (this.dirty && !this.disposed) {
        this.dirty = false;
        this.loading = true;
        let result: OpenResult;
        try {
          result = await this.load();
        } finally {
          this.loading = false;
        }
        if (this.disposed || this.dirty) {
          // Disposed meanwhile, or already behind the document: drop it and (maybe) go again.
          if (result.ok) result.model.dispose();
          continue;
        }
        this.adopt(result);
      }
    } finally {
      // Runs in the same tick as the loop's last check, so no transaction falls in between.
      this.rebuilding = false;
    }
  }

  private adopt(result: OpenResult): void {
    if (!result.ok) {
      this.problems = result.errors;
      this.emit();
      return;
    }
    const previous = this.current;
    if (previous) {
      const defaults = new Map(previous.parameters.map((p) => [p.id, p.default]));
      const values = previous.values();
      const kept: Record<string, unknown> = {};
      for (const p of result.model.parameters) {
        const value = values[p.id];
        if (value === undefined || value === defaults.get(p.id)) continue;
        if (checkParameterValue(p, value) === undefined) kept[p.id] = value;
      }
      result.model.set(kept);
      previous.dispose();
    }
    this.current = result.model;
    this.problems = [];
    this.emit();
  }

  private async load(): Promise<OpenResult> {
    try {
      const text = JSON.stringify(docToWorkbook(this.doc));
      const source: WorkbookSource = { read: (f) => (f === this.file ? Promise.resolve(text) : this.modules.read(f)) };
      return await PriceModel.open(this.file, source);
    } catch (e) {
      return { ok: false, errors: [{ file: this.file, path: '$', message: `the document could not be read as a workbook: ${(e as Error).message}` }] };
    }
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
