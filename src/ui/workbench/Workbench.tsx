import { createEffect, createMemo, createSignal, For, Index, on, onCleanup, onMount, Show, type JSX } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { formatA1 } from '../../domain/workbook/a1';
import { formatWorkbookError } from '../../domain/workbook/errors';
import type { WorkbookError } from '../../domain/workbook/errors';
import type { WorkbookSource } from '../../domain/workbook/load';
import { DocPositions, modelMap, sheetHandles } from '../../sync/model/docShape';
import { openBinding } from '../../sync/model/engineBinding';
import { formatSheetName } from '../../sync/model/formulaRefs';
import { addSheet, moveSheet, removeSheet, renameSheet, setCells } from '../../sync/model/modelCommands';
import { getCell, listSheets } from '../../sync/model/modelDoc';
import type { Focus } from '../../sync/network/presence';
import { contentToInput, errorPlace, inputToContent, parseAddress } from '../grid/cellText';
import type { TypedAddress } from '../grid/cellText';
import { ModelGrid } from '../grid/ModelGrid';
import type { GridCell } from '../grid/ModelGrid';
import type { Locale } from '../locale';
import { createPresence } from '../presence/createPresence';
import { PresenceBar } from '../presence/PresenceBar';
import type { WorkbenchContext } from './context';
import { gridMessages } from './gridMessages';
import './workbench.css';

export interface WorkbenchProps {
  /** The model document; the workbench binds it for its whole life (a new document needs a new workbench). */
  doc: Y.Doc;
  /** The model's file name, as load errors name it and module includes resolve from. */
  file: string;
  /** Where the model's modules are read from. */
  modules: WorkbookSource;
  locale: Locale;
  title?: JSX.Element;
  /** Extra toolbar buttons of the route (release, export). */
  actions?: JSX.Element;
  /** The panel on the right (parameters, outputs, modules, tests). */
  sidePanel?: (ctx: WorkbenchContext) => JSX.Element;
  /** Presence on the document, when it syncs through a server: who is here and on which cell. */
  awareness?: Awareness | undefined;
}

/**
 * The cost engineer's workbench for one model document: toolbar, formula bar, the grid, sheet
 * tabs, the model's problems and a side panel. It opens any document, even one that does not
 * load: the cells and the reasons are shown, and the model appears once it loads.
 */
export default function Workbench(props: WorkbenchProps): JSX.Element {
  const doc = props.doc;
  const text = () => gridMessages[props.locale.language()];

  // The workbench's parts share these through the context (context.ts).
  const origin = { workbench: props.file };
  const live = openBinding(doc, props.file, props.modules);
  const undoManager = new Y.UndoManager(modelMap(doc), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
  const [revision, setRevision] = createSignal(0);
  const bump = () => setRevision((n) => n + 1);
  const offBinding = live.onChange(bump);
  modelMap(doc).observeDeep(bump);
  const [canUndo, setCanUndo] = createSignal(false);
  const [canRedo, setCanRedo] = createSignal(false);
  const onStack = () => {
    setCanUndo(undoManager.canUndo());
    setCanRedo(undoManager.canRedo());
  };
  const stackEvents = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
  for (const e of stackEvents) undoManager.on(e, onStack);

  const ctx: WorkbenchContext = {
    doc,
    binding: () => (revision(), live.bound()),
    revision,
    undoManager,
    origin,
    locale: props.locale,
  };

  const sheets = createMemo(() => (revision(), listSheets(doc)));
  const loadErrors = createMemo(() => (revision(), live.errors));
  const loaded = createMemo(() => (revision(), live.model !== undefined));
  const upToDate = createMemo(() => (revision(), live.upToDate));
  const [activeId, setActiveId] = createSignal<string | undefined>(sheets()[0]?.id);
  const activeIndex = () => sheets().findIndex((s) => s.id === activeId());
  // The active sheet was removed (here, by undo, or by someone else): show the first one.
  createEffect(() => {
    if (activeIndex() < 0) setActiveId(sheets()[0]?.id);
  });

  const presence = createPresence(() => props.awareness);
  /** A peer's cell as `Sheet!B3`, where it is now (rows may have moved since they chose it). */
  const describeFocus = (focus: Focus) => {
    if (focus.kind !== 'cell') return undefined;
    revision();
    const positions = new DocPositions(sheetHandles(doc));
    const name = positions.sheetName(focus.sheet);
    const row = positions.indexOf(focus.sheet, 'rows', focus.row);
    const col = positions.indexOf(focus.sheet, 'cols', focus.col);
    return name === undefined || row === undefined || col === undefined ? undefined : `${formatSheetName(name)}!${formatA1({ row, col })}`;
  };

  const [selected, setSelected] = createSignal<GridCell>();
  const [message, setMessage] = createSignal<string>();
  // A change of the document clears the last refusal: it was about an earlier attempt. (Not a
  // change of selection: Enter moves it right after a refused edit.)
  createEffect(on(revision, () => setMessage(undefined), { defer: true }));
  const refuse = (e: unknown) => setMessage(e instanceof Error ? e.message : String(e));

  let gridBox!: HTMLDivElement;
  let grid: ModelGrid | undefined;
  onMount(() => {
    grid = ModelGrid.mount(gridBox, {
      ctx,
      binding: live,
      file: props.file,
      sheetId: activeId() ?? '',
      awareness: props.awareness,
      onSelect: setSelected,
      onError: (m) => setMessage(m),
    });
    grid.select(0, 0);
  });
  createEffect(() => {
    const id = activeId();
    if (grid && id !== undefined) grid.setSheet(id);
  });
  createEffect(on(() => props.locale.language(), () => grid?.refresh(), { defer: true }));

  onCleanup(() => {
    grid?.destroy();
    offBinding();
    modelMap(doc).unobserveDeep(bump);
    for (const e of stackEvents) undoManager.off(e, onStack);
    undoManager.destroy();
    live.dispose();
  });

  const gridAction = (action: (g: ModelGrid) => void) => () => {
    if (!grid) return;
    action(grid);
    grid.focus();
  };

  return (
    <section class="workbench">
      <Show when={props.title}>
        <header class="wb-header">{props.title}</header>
      </Show>
      <div class="wb-toolbar" role="toolbar" aria-label={text().toolbarLabel}>
        <button type="button" data-testid="undo" disabled={!canUndo()} onClick={gridAction((g) => g.undo())}>
          {text().undo}
        </button>
        <button type="button" data-testid="redo" disabled={!canRedo()} onClick={gridAction((g) => g.redo())}>
          {text().redo}
        </button>
        <span class="wb-toolbar-gap" />
        <button type="button" data-testid="insert-row-above" onClick={gridAction((g) => g.insertRows('above'))}>
          {text().insertRowAbove}
        </button>
        <button type="button" data-testid="delete-row" onClick={gridAction((g) => g.deleteRows())}>
          {text().deleteRow}
        </button>
        <button type="button" data-testid="insert-col-left" onClick={gridAction((g) => g.insertColumns('left'))}>
          {text().insertColLeft}
        </button>
        <button type="button" data-testid="delete-col" onClick={gridAction((g) => g.deleteColumns())}>
          {text().deleteCol}
        </button>
        <button type="button" data-testid="fill-down" onClick={gridAction((g) => g.fillDown())}>
          {text().fillDown}
        </button>
        <Show when={props.actions}>
          <span class="wb-toolbar-gap" />
          {props.actions}
        </Show>
      </div>

      <FormulaBar
        ctx={ctx}
        selected={selected()}
        sheets={sheets()}
        onRefuse={refuse}
        onDone={() => grid?.focus()}
        takeEditorText={() => grid?.takeEditorText()}
        onGoTo={(sheetId, p) => {
          if (!grid) return;
          setMessage(undefined);
          setActiveId(sheetId);
          grid.setSheet(sheetId);
          grid.select(p.top, p.left, p.bottom, p.right);
        }}
      />

      <PresenceBar presence={presence} locale={props.locale} describe={describeFocus} />

      <div class="wb-body">
        <div class="wb-main">
          <div class="wb-grid" ref={gridBox} />
          <SheetTabs ctx={ctx} sheets={sheets()} activeId={activeId()} onActivate={setActiveId} />
        </div>
        <Show when={props.sidePanel}>{(panel) => <aside class="wb-side">{panel()(ctx)}</aside>}</Show>
      </div>

      <Show when={message()}>
        {(m) => (
          <p class="wb-message" role="alert" data-testid="workbench-message">
            {text().refused}
            {m()}
          </p>
        )}
      </Show>
      <Problems
        locale={props.locale}
        file={props.file}
        errors={loadErrors()}
        loaded={loaded()}
        upToDate={upToDate()}
        onGoTo={(sheetIndex, row, col) => {
          const sheet = sheets()[sheetIndex];
          if (!sheet || !grid) return;
          setActiveId(sheet.id);
          grid.setSheet(sheet.id);
          grid.select(row, col);
        }}
      />
    </section>
  );
}

interface FormulaBarProps {
  ctx: WorkbenchContext;
  selected: GridCell | undefined;
  sheets: readonly { id: string; name: string }[];
  onRefuse(e: unknown): void;
  /** Editing ended: the grid takes the keyboard back. */
  onDone(): void;
  /** An address was typed into the name box: select it. */
  onGoTo(sheetId: string, place: TypedAddress): void;
  /** The bar takes the keyboard: the text of a cell editor left open, if any (that editor is closed). */
  takeEditorText(): string | undefined;
}

/**
 * The name box (`Rates!B3`; type an address and Enter to go there) and the selected cell's raw
 * content (Enter commits, Escape reverts).
 */
function FormulaBar(props: FormulaBarProps): JSX.Element {
  const text = () => gridMessages[props.ctx.locale.language()];
  const address = () => {
    const s = props.selected;
    const sheet = s && props.sheets.find((x) => x.id === s.sheetId);
    return s && sheet ? `${formatSheetName(sheet.name)}!${formatA1(s)}` : '';
  };
  const content = () => {
    props.ctx.revision();
    const s = props.selected;
    if (!s) return '';
    try {
      return contentToInput(getCell(props.ctx.doc, s.sheetId, s.row, s.col));
    } catch {
      return '';
    }
  };
  // What the user is typing; undefined when the bar shows the cell as it is.
  const [draft, setDraft] = createSignal<string>();
  // An address being typed into the name box.
  const [place, setPlace] = createSignal<string>();
  const goTo = (box: HTMLInputElement) => {
    const typed = parseAddress(box.value);
    const sheet = typed && (typed.sheet === undefined ? props.sheets.find((x) => x.id === props.selected?.sheetId) : props.sheets.find((x) => x.name.toLowerCase() === typed.sheet?.toLowerCase()));
    if (!typed || !sheet) {
      props.onRefuse(new Error(text().badAddress(box.value)));
      return;
    }
    setPlace(undefined);
    props.onGoTo(sheet.id, typed);
  };
  createEffect(on(() => props.selected, () => setDraft(undefined), { defer: true }));
  let input!: HTMLInputElement;

  const commit = () => {
    const s = props.selected;
    const typed = draft();
    if (!s || typed === undefined) return props.onDone();
    try {
      setCells(props.ctx.doc, s.sheetId, s.row, s.col, [[inputToContent(typed)]], props.ctx.origin);
      setDraft(undefined);
      props.onDone();
    } catch (e) {
      // The typed text stays in the bar, so nothing is lost.
      props.onRefuse(e);
    }
  };
  const revert = () => {
    setDraft(undefined);
    input.value = content();
    props.onDone();
  };

  return (
    <div class="wb-formula-bar" role="group" aria-label={text().formulaBarLabel}>
      {/* The address is text (tests and screen readers read it); clicking it opens the go-to field, as Excel's name box. */}
      <Show
        when={place() !== undefined}
        fallback={
          <output class="wb-address" data-testid="formula-bar-address" title={text().nameBoxHint} tabIndex={0} onClick={() => setPlace(address())} onKeyDown={(e) => e.key === 'Enter' && setPlace(address())}>
            {address()}
          </output>
        }
      >
        <input
          class="wb-address"
          data-testid="go-to-input"
          aria-label={text().nameBoxLabel}
          spellcheck={false}
          value={place() ?? ''}
          ref={(el) =>
            queueMicrotask(() => {
              el.focus();
              el.select();
            })
          }
          onInput={(e) => setPlace(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              goTo(e.currentTarget);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              setPlace(undefined);
              props.onDone();
            }
          }}
          onBlur={() => setPlace(undefined)}
        />
      </Show>
      <span class="wb-fx" aria-hidden="true">
        fx
      </span>
      <input
        ref={input}
        class="wb-formula-input"
        data-testid="formula-bar-input"
        aria-label={text().formulaBarLabel}
        placeholder={props.selected ? '' : text().noCell}
        disabled={!props.selected}
        spellcheck={false}
        value={draft() ?? content()}
        onFocus={() => {
          // A cell being edited in the grid goes on being edited here (Excel does the same).
          const open = props.takeEditorText();
          if (open !== undefined) setDraft(open);
        }}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            revert();
          }
        }}
      />
    </div>
  );
}

interface SheetTabsProps {
  ctx: WorkbenchContext;
  sheets: readonly { id: string; name: string }[];
  activeId: string | undefined;
  onActivate(id: string): void;
}

/** One tab per sheet in order: add, rename (double-click), move left or right, delete after confirming. */
function SheetTabs(props: SheetTabsProps): JSX.Element {
  const text = () => gridMessages[props.ctx.locale.language()];
  const { doc, origin } = props.ctx;
  const [renaming, setRenaming] = createSignal<{ id: string; draft: string }>();
  const [confirming, setConfirming] = createSignal<string>();
  const [problem, setProblem] = createSignal<string>();
  const activeIndex = () => props.sheets.findIndex((s) => s.id === props.activeId);
  const attempt = (action: () => void): boolean => {
    try {
      action();
      setProblem(undefined);
      return true;
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
      return false;
    }
  };

  const add = () => {
    const taken = new Set(props.sheets.map((s) => s.name.toLowerCase()));
    let n = props.sheets.length + 1;
    while (taken.has(`${text().newSheetName}${n}`.toLowerCase())) n++;
    let id: string | undefined;
    if (attempt(() => (id = addSheet(doc, { name: `${text().newSheetName}${n}` }, origin))) && id) props.onActivate(id);
  };
  const commitRename = () => {
    const r = renaming();
    if (!r) return;
    const current = props.sheets.find((s) => s.id === r.id);
    // Unchanged, or the sheet is gone: nothing to do. A refused name stays in the field.
    if (!current || current.name === r.draft || attempt(() => renameSheet(doc, r.id, r.draft, origin))) {
      setRenaming(undefined);
      setProblem(undefined);
    }
  };
  const move = (by: -1 | 1) => {
    const id = props.activeId;
    const at = activeIndex();
    if (id === undefined || at < 0) return;
    attempt(() => moveSheet(doc, id, at + by, origin));
  };
  const remove = () => {
    const id = confirming();
    setConfirming(undefined);
    if (id === undefined) return;
    // The neighbour to the right takes its place, as in Excel (the one to the left for the last sheet).
    const at = props.sheets.findIndex((s) => s.id === id);
    const next = props.sheets[at + 1] ?? props.sheets[at - 1];
    if (attempt(() => removeSheet(doc, id, origin)) && next) props.onActivate(next.id);
  };
  const nameOf = (id: string | undefined) => props.sheets.find((s) => s.id === id)?.name ?? '';

  return (
    <nav class="wb-tabs" aria-label={text().sheetsLabel}>
      <Index each={props.sheets}>
        {(sheet) => (
          <Show
            when={renaming()?.id === sheet().id}
            fallback={
              <button
                type="button"
                class="wb-tab"
                classList={{ 'wb-tab-active': sheet().id === props.activeId }}
                aria-pressed={sheet().id === props.activeId}
                data-testid="sheet-tab"
                data-sheet-name={sheet().name}
                title={text().renameHint}
                onClick={() => props.onActivate(sheet().id)}
                onDblClick={() => setRenaming({ id: sheet().id, draft: sheet().name })}
              >
                {sheet().name}
              </button>
            }
          >
            <input
              class="wb-tab-rename"
              data-testid="rename-sheet-input"
              aria-label={text().renameHint}
              aria-invalid={problem() !== undefined}
              value={renaming()?.draft ?? ''}
              ref={(el) => queueMicrotask(() => el.select())}
              onInput={(e) => setRenaming({ id: sheet().id, draft: e.currentTarget.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commitRename();
                else if (e.key === 'Escape') {
                  setRenaming(undefined);
                  setProblem(undefined);
                }
              }}
              onBlur={commitRename}
            />
          </Show>
        )}
      </Index>
      <button type="button" class="wb-tab-tool" data-testid="add-sheet" title={text().addSheet} aria-label={text().addSheet} onClick={add}>
        +
      </button>
      <button type="button" class="wb-tab-tool" data-testid="move-sheet-left" title={text().moveLeft} aria-label={text().moveLeft} disabled={activeIndex() <= 0} onClick={() => move(-1)}>
        ◀
      </button>
      <button
        type="button"
        class="wb-tab-tool"
        data-testid="move-sheet-right"
        title={text().moveRight}
        aria-label={text().moveRight}
        disabled={activeIndex() < 0 || activeIndex() >= props.sheets.length - 1}
        onClick={() => move(1)}
      >
        ▶
      </button>
      <button
        type="button"
        class="wb-tab-tool"
        data-testid="delete-sheet"
        title={text().deleteSheet}
        aria-label={text().deleteSheet}
        disabled={props.activeId === undefined || props.sheets.length <= 1}
        onClick={() => setConfirming(props.activeId)}
      >
        ✕
      </button>
      <Show when={confirming()}>
        {(id) => (
          <span class="wb-confirm" role="alertdialog" aria-label={text().deleteSheet}>
            {text().confirmDeleteSheet}
            <strong>{nameOf(id())}</strong>
            <button type="button" data-testid="confirm-delete-sheet" onClick={remove}>
              {text().confirm}
            </button>
            <button type="button" data-testid="cancel-delete-sheet" onClick={() => setConfirming(undefined)}>
              {text().cancel}
            </button>
          </span>
        )}
      </Show>
      <Show when={problem()}>
        {(p) => (
          <span class="wb-tab-problem" role="alert" data-testid="sheet-error">
            {p()}
          </span>
        )}
      </Show>
    </nav>
  );
}

interface ProblemsProps {
  locale: Locale;
  file: string;
  errors: readonly WorkbookError[];
  loaded: boolean;
  upToDate: boolean;
  onGoTo(sheetIndex: number, row: number, col: number): void;
}

/**
 * The model's state in one line (`model-status`, with data-state loading | ready | problems),
 * and, only while the model does not load, why: one line per problem (file: path: message) with
 * a way to the cell (`model-problems`).
 */
function Problems(props: ProblemsProps): JSX.Element {
  const text = () => gridMessages[props.locale.language()];
  const state = () => (props.errors.length > 0 ? 'problems' : props.upToDate ? 'ready' : 'loading');
  return (
    <>
      <p class="wb-status" data-testid="model-status" data-state={state()} role="status">
        {state() === 'problems' ? text().problemCount(props.errors.length) : state() === 'ready' ? text().noProblems : text().loading}
      </p>
      <Show when={props.errors.length > 0}>
        <section class="wb-problems" data-testid="model-problems" aria-label={text().problemsTitle}>
          <h3>{text().problemsTitle}</h3>
          <Show when={!props.loaded}>
            <p class="wb-problems-note">{text().neverLoaded}</p>
          </Show>
          <ul>
            <For each={props.errors}>
              {(e) => {
                const place = e.file === props.file ? errorPlace(e.path) : undefined;
                return (
                  <li>
                    <code>{formatWorkbookError(e)}</code>
                    <Show when={place}>
                      {(p) => (
                        <button type="button" class="wb-goto" onClick={() => props.onGoTo(p().sheetIndex, p().row, p().col)}>
                          {text().goToCell}
                        </button>
                      )}
                    </Show>
                  </li>
                );
              }}
            </For>
          </ul>
        </section>
      </Show>
    </>
  );
}
