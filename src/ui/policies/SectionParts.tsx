/**
 * What every price-policy section is made of: a draft that follows the directory until the
 * user edits it, an editable table of typed cells, and a frame with save/discard and problems.
 */
import { batch, createEffect, createSignal, For, Index, on, Show, untrack, type Accessor, type JSX } from 'solid-js';
import { createStore, reconcile, type SetStoreFunction, type Store } from 'solid-js/store';
import type { PricingSettings } from '../../domain/pricing/PricingSettings';
import type { PolicyMessages } from './policyMessages';
import { cellKey, type Cells, type Column, type Problem } from './policyTable';

export interface SectionDraft<T extends object> {
  readonly draft: Store<T>;
  readonly setDraft: SetStoreFunction<T>;
  readonly dirty: Accessor<boolean>;
  /** Runs an edit of the draft and marks it unsaved. */
  edit(change: () => void): void;
  /** Back to what the directory holds now. */
  reset(): void;
}

/**
 * A section's draft. While unedited it follows the directory (a save elsewhere, a sync); once
 * edited it stays as typed until saved or discarded, so no one's typing is overwritten.
 */
export function createSectionDraft<T extends object>(settings: Accessor<PricingSettings>, toDraft: (s: PricingSettings) => T): SectionDraft<T> {
  const [draft, setDraft] = createStore<T>(toDraft(settings()));
  const [dirty, setDirty] = createSignal(false);
  const reset = () =>
    batch(() => {
      setDraft(reconcile(toDraft(untrack(settings))));
      setDirty(false);
    });
  createEffect(
    on(
      settings,
      () => {
        if (!untrack(dirty)) reset();
      },
      { defer: true },
    ),
  );
  return {
    draft,
    setDraft,
    dirty,
    reset,
    edit: (change) =>
      batch(() => {
        change();
        setDirty(true);
      }),
  };
}

export interface EditableTableProps {
  readonly columns: readonly Column[];
  readonly rows: readonly Cells[];
  readonly text: PolicyMessages;
  /** Row keys in `data-key` (for tests and people's eyes), from this column. */
  readonly rowKey: string;
  readonly testid: string;
  readonly problems: ReadonlyMap<string, string>;
  /** Nested tables' cells are keyed with their parent row (cellKey's `sub`). */
  readonly parentRow?: number;
  onCell(row: number, column: string, value: string): void;
  onAdd(): void;
  onRemove(row: number): void;
  /** Read-only columns after the typed ones (e.g. the latest index value). */
  readonly extraColumns?: readonly { readonly label: string; cell(row: number): JSX.Element }[];
  /** Marks the row whose nested table is open. */
  readonly selected?: number | undefined;
}

/** A table of text inputs, one row per record, with add and delete. */
export function EditableTable(props: EditableTableProps): JSX.Element {
  const keyOf = (row: number, column: string) => (props.parentRow === undefined ? cellKey(row, column) : cellKey(props.parentRow, column, row));
  return (
    <div class="policy-table-wrap">
      <table class="policy-table" data-testid={props.testid}>
        {/* Fixed layout: column widths come from here, not from the inputs' default size. */}
        <colgroup>
          <For each={props.columns}>{(c) => <col class={`policy-col-${c.size ?? 'normal'}`} />}</For>
          <For each={props.extraColumns ?? []}>{() => <col class="policy-col-extra" />}</For>
          <col class="policy-col-actions" />
        </colgroup>
        <thead>
          <tr>
            <For each={props.columns}>{(c) => <th classList={{ 'policy-numeric': c.numeric === true }}>{c.label}</th>}</For>
            <For each={props.extraColumns ?? []}>{(c) => <th>{c.label}</th>}</For>
            <th class="policy-row-actions" />
          </tr>
        </thead>
        <tbody>
          <Index each={props.rows}>
            {(row, i) => (
              <tr data-key={row()[props.rowKey] ?? ''} data-row={i} classList={{ 'policy-selected': props.selected === i }}>
                <For each={props.columns}>
                  {(c) => {
                    const problem = () => props.problems.get(keyOf(i, c.key));
                    return (
                      <td>
                        <input
                          name={c.key}
                          aria-label={`${props.text.row(i + 1)} · ${c.label}`}
                          aria-invalid={problem() !== undefined}
                          title={problem() ?? ''}
                          classList={{ 'policy-numeric': c.numeric === true }}
                          inputmode={c.numeric === true ? 'decimal' : undefined}
                          placeholder={c.placeholder ?? ''}
                          value={row()[c.key] ?? ''}
                          onInput={(e) => props.onCell(i, c.key, e.currentTarget.value)}
                        />
                      </td>
                    );
                  }}
                </For>
                <For each={props.extraColumns ?? []}>{(c) => <td class="policy-extra">{c.cell(i)}</td>}</For>
                <td class="policy-row-actions">
                  <button type="button" class="policy-button policy-remove" aria-label={`${props.text.removeRow} ${props.text.row(i + 1)}`} onClick={() => props.onRemove(i)}>
                    {props.text.removeRow}
                  </button>
                </td>
              </tr>
            )}
          </Index>
        </tbody>
      </table>
      <button type="button" class="policy-button" data-testid={`${props.testid}-add`} onClick={() => props.onAdd()}>
        + {props.text.addRow}
      </button>
    </div>
  );
}

/** Problems with where they are, as a list beside the table. */
export function ProblemList(props: { title: string; problems: readonly Problem[]; testid: string; text: PolicyMessages }): JSX.Element {
  return (
    <Show when={props.problems.length > 0}>
      <div class="policy-problems" role="alert" data-testid={props.testid}>
        <p>{props.title}</p>
        <ul>
          <For each={props.problems}>{(p) => <li>{p.where ? props.text.problemAt(p.where, p.text) : p.text}</li>}</For>
        </ul>
      </div>
    </Show>
  );
}

export function problemsByCell(problems: readonly Problem[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of problems) if (p.cell !== undefined) map.set(p.cell, map.has(p.cell) ? `${map.get(p.cell)}; ${p.text}` : p.text);
  return map;
}

export interface SectionFrameProps {
  readonly id: string;
  readonly title: string;
  readonly intro?: string;
  readonly text: PolicyMessages;
  readonly dirty: boolean;
  readonly saved: boolean;
  readonly problems: readonly Problem[];
  onSave(): void;
  onDiscard(): void;
  readonly children: JSX.Element;
}

/** A section: title, what it does, its editor, then save/discard and what a refused save said. */
export function SectionFrame(props: SectionFrameProps): JSX.Element {
  return (
    <section class="policy-section" data-section={props.id} aria-labelledby={`policy-${props.id}-title`}>
      <h3 id={`policy-${props.id}-title`}>{props.title}</h3>
      <Show when={props.intro}>{(intro) => <p class="policy-intro">{intro()}</p>}</Show>
      {props.children}
      <ProblemList title={props.text.refused} problems={props.problems} testid={`problems-${props.id}`} text={props.text} />
      <div class="policy-actions">
        <button type="button" class="policy-button policy-primary" data-testid={`save-${props.id}`} onClick={() => props.onSave()}>
          {props.text.save}
        </button>
        <button type="button" class="policy-button" data-testid={`discard-${props.id}`} disabled={!props.dirty} onClick={() => props.onDiscard()}>
          {props.text.discard}
        </button>
        <Show when={props.saved && !props.dirty}>
          <span class="policy-saved" role="status" data-testid={`saved-${props.id}`}>
            {props.text.saved}
          </span>
        </Show>
      </div>
    </section>
  );
}
