/**
 * What the workbench's parts share while one model is open: the model document, its engine
 * binding, the undo manager and the origin that marks this user's edits. The workbench page
 * creates it; the grid, the formula bar, the sheet tabs and the side panel only use it.
 */
import type { Accessor } from 'solid-js';
import type * as Y from 'yjs';
import type { WorkbookSource } from '../../domain/workbook/load';
import type { ModelBinding } from '../../sync/model/engineBinding';
import type { Locale } from '../locale';

export interface WorkbenchContext {
  readonly doc: Y.Doc;
  /** The engine binding; undefined while the first load runs or when the stored model never loaded. */
  readonly binding: Accessor<ModelBinding | undefined>;
  /**
   * Counts changes of the binding's results or errors (onChange) and of the document, so
   * anything derived from them can be recomputed by reading it.
   */
  readonly revision: Accessor<number>;
  /** Tracks edits made with `origin` only: undo never rolls back what others wrote. */
  readonly undoManager: Y.UndoManager;
  /** The transaction origin of this user's edits; pass it to every command in modelCommands. */
  readonly origin: object;
  readonly locale: Locale;
  /**
   * Where the model's module workbooks are read (the source the binding was opened with), so
   * the side panel can open a fresh model to run the test cases. Optional: without it the
   * panel runs them on the bound model.
   */
  readonly modules?: WorkbookSource;
}
