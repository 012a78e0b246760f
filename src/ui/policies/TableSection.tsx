import { createEffect, createSignal, type Accessor, type JSX } from 'solid-js';
import type { PricingSection, PricingSettings } from '../../domain/pricing/PricingSettings';
import type { DirectoryStore } from '../../sync/directory/directoryStore';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import { policyMessages, type PolicyMessages, type PolicyTab } from './policyMessages';
import { CellReader, tableProblems, type Cells, type Column, type Problem, type TableLayout } from './policyTable';
import { createSectionDraft, EditableTable, problemsByCell, SectionFrame, type SectionDraft } from './SectionParts';

/** A section that is one table of records (tiers, regions, load factors, currencies). */
export interface TableSectionSpec<K extends PricingSection> {
  readonly id: PolicyTab;
  readonly section: K;
  readonly intro: (text: PolicyMessages) => string;
  readonly columns: (text: PolicyMessages) => readonly Column[];
  readonly rowKey: string;
  toRows(settings: PricingSettings): Cells[];
  /** The typed rows as the section's value; cells that do not read are noted on `reader`. */
  fromRows(rows: readonly Cells[], reader: CellReader, layout: TableLayout): PricingSettings[K];
  newRow(): Cells;
  /** Refusals the schema cannot know, e.g. a tier customers still use. */
  guard?(value: PricingSettings[K], text: PolicyMessages): Problem[];
}

export interface SectionProps {
  readonly settings: () => PricingSettings;
  readonly directory: DirectoryStore;
  readonly locale: Locale;
  onDirty(dirty: boolean): void;
}

/** Saves a section's value, or says why not; shared by every section. */
export function saveSection<K extends PricingSection>(
  directory: DirectoryStore,
  section: K,
  value: PricingSettings[K],
  layout: TableLayout,
  language: Language,
): { ok: true } | { ok: false; problems: Problem[] } {
  const result = directory.set(section, value);
  return result.ok ? { ok: true } : { ok: false, problems: tableProblems(result.problems, layout, language) };
}

/** What every section editor shares: the draft, its problems, editing, saving and discarding. */
export interface SectionEditor<T extends object> {
  readonly d: SectionDraft<T>;
  readonly problems: Accessor<readonly Problem[]>;
  /** Apply a change to the draft; `cell` stops showing its old problem (the list keeps it until the next save). */
  edit(change: () => void, cell?: string): void;
  /** The frame's state and buttons, to spread onto `SectionFrame` (getters, so they stay reactive). */
  readonly frameProps: { readonly dirty: boolean; readonly saved: boolean; readonly problems: readonly Problem[]; onSave(): void; onDiscard(): void };
}

/**
 * A section's draft and its save: the draft is read with a CellReader (`read`), checked by
 * `guard`, then written with `directory.set`; any refusal is shown and the draft kept.
 */
export function createSectionEditor<T extends object, K extends PricingSection>(
  props: SectionProps,
  section: K,
  toDraft: (s: PricingSettings) => T,
  read: (draft: T, reader: CellReader) => PricingSettings[K],
  layout: () => TableLayout,
  guard?: (value: PricingSettings[K]) => Problem[],
): SectionEditor<T> {
  const language = () => props.locale.language();
  const d = createSectionDraft(props.settings, toDraft);
  const [problems, setProblems] = createSignal<readonly Problem[]>([]);
  const [saved, setSaved] = createSignal(false);
  createEffect(() => props.onDirty(d.dirty()));

  const save = () => {
    const reader = new CellReader(language());
    const checked = reader.result(read(d.draft, reader));
    if (!checked.ok) return setProblems(checked.problems);
    const guarded = guard?.(checked.value) ?? [];
    if (guarded.length > 0) return setProblems(guarded);
    const result = saveSection(props.directory, section, checked.value, layout(), language());
    if (!result.ok) return setProblems(result.problems);
    setProblems([]);
    d.reset();
    setSaved(true);
  };

  return {
    d,
    problems,
    edit(change, cell) {
      d.edit(change);
      setSaved(false);
      if (cell !== undefined) setProblems((list) => list.map((p) => (p.cell === cell ? { ...p, cell: undefined } : p)) as Problem[]);
    },
    frameProps: {
      get dirty() {
        return d.dirty();
      },
      get saved() {
        return saved();
      },
      get problems() {
        return problems();
      },
      onSave: save,
      onDiscard: () => {
        d.reset();
        setProblems([]);
      },
    },
  };
}

export function TableSection<K extends PricingSection>(props: SectionProps & { spec: TableSectionSpec<K> }): JSX.Element {
  const spec = props.spec;
  const language = () => props.locale.language();
  const text = () => policyMessages[language()];
  const layout = (): TableLayout => ({ section: spec.section, columns: spec.columns(text()), rowWord: text().row });
  const editor = createSectionEditor(
    props,
    spec.section,
    (s) => ({ rows: spec.toRows(s) }),
    (draft, reader) => spec.fromRows(draft.rows, reader, layout()),
    layout,
    (value) => spec.guard?.(value, text()) ?? [],
  );
  const { d, edit } = editor;
  const problems = editor.problems;

  return (
    <SectionFrame id={spec.id} title={text().tabs[spec.id]} intro={spec.intro(text())} text={text()} {...editor.frameProps}>
      <EditableTable
        columns={spec.columns(text())}
        rows={d.draft.rows}
        text={text()}
        rowKey={spec.rowKey}
        testid={`table-${spec.id}`}
        problems={problemsByCell(problems())}
        onCell={(row, column, value) => edit(() => d.setDraft('rows', row, column, value), `${row}:${column}`)}
        onAdd={() => edit(() => d.setDraft('rows', (rows) => [...rows, spec.newRow()]))}
        onRemove={(row) => edit(() => d.setDraft('rows', (rows) => rows.filter((_, i) => i !== row)))}
      />
    </SectionFrame>
  );
}
