import { createEffect, createSignal, type JSX } from 'solid-js';
import type { PricingSection, PricingSettings } from '../../domain/pricing/PricingSettings';
import type { DirectoryStore } from '../../sync/directory/directoryStore';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import { policyMessages, type PolicyMessages, type PolicyTab } from './policyMessages';
import { CellReader, tableProblems, type Cells, type Column, type Problem, type TableLayout } from './policyTable';
import { createSectionDraft, EditableTable, problemsByCell, SectionFrame } from './SectionParts';

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

export function TableSection<K extends PricingSection>(props: SectionProps & { spec: TableSectionSpec<K> }): JSX.Element {
  const spec = props.spec;
  const language = () => props.locale.language();
  const text = () => policyMessages[language()];
  const layout = (): TableLayout => ({ section: spec.section, columns: spec.columns(text()), rowWord: text().row });
  const d = createSectionDraft(props.settings, (s) => ({ rows: spec.toRows(s) }));
  const [problems, setProblems] = createSignal<readonly Problem[]>([]);
  const [saved, setSaved] = createSignal(false);
  createEffect(() => props.onDirty(d.dirty()));

  const edit = (change: () => void, cell?: string) => {
    d.edit(change);
    setSaved(false);
    // A cell the user is fixing stops showing its old problem; the list keeps it until the next save.
    if (cell !== undefined) setProblems((list) => list.map((p) => (p.cell === cell ? { ...p, cell: undefined } : p)) as Problem[]);
  };

  const save = () => {
    const reader = new CellReader(language());
    const value = spec.fromRows(d.draft.rows, reader, layout());
    const read = reader.result(value);
    if (!read.ok) {
      setProblems(read.problems);
      return;
    }
    const guarded = spec.guard?.(read.value, text()) ?? [];
    if (guarded.length > 0) {
      setProblems(guarded);
      return;
    }
    const result = saveSection(props.directory, spec.section, read.value, layout(), language());
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    d.reset();
    setSaved(true);
  };

  return (
    <SectionFrame
      id={spec.id}
      title={text().tabs[spec.id]}
      intro={spec.intro(text())}
      text={text()}
      dirty={d.dirty()}
      saved={saved()}
      problems={problems()}
      onSave={save}
      onDiscard={() => {
        d.reset();
        setProblems([]);
      }}
    >
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
