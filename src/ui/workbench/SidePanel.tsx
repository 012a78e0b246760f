import { createEffect, createMemo, createSignal, For, Index, Match, on, onMount, Show, Switch, type Accessor, type JSX } from 'solid-js';
import type { PriceModel } from '../../domain/workbook/PriceModel';
import { OUTPUT_ROLES } from '../../domain/workbook/schema';
import type { Parameter, ParameterType } from '../../domain/workbook/schema';
import type { Json } from '../../sync/model/docShape';
import {
  RecordError,
  addRecord,
  readModelInfo,
  readRecords,
  recordKeyField,
  recordPatch,
  removeRecord,
  setModelInfo,
  updateRecord,
} from '../../sync/model/recordCommands';
import type { JsonRecord, ModelInfo, RecordKind, RecordProblem } from '../../sync/model/recordCommands';
import type { WorkbenchContext } from './context';
import { draftOf, emptyDraft, formatLoose, infoDraftOf, infoPatchOf, recordOf } from './panel/drafts';
import type { Draft, ExpectRow, InfoDraft, KeyValueRow, ModuleDraft, NameDraft, OptionRow, OutputDraft, ParameterDraft, TestDraft } from './panel/drafts';
import RulesSection from './panel/RulesSection';
import { runModelTests } from './panel/runTests';
import type { CaseResult, CheckResult, TestRun } from './panel/runTests';
import { panelMessages, type PanelMessages, type PanelSection } from './panelMessages';
import './sidePanel.css';

const SECTIONS: readonly PanelSection[] = ['parameters', 'outputs', 'modules', 'names', 'tests', 'rules', 'info'];
const PARAMETER_TYPES: readonly ParameterType[] = ['number', 'integer', 'choice', 'boolean', 'text', 'date'];

/**
 * The workbench's side panel: the model's named parameters, outputs, module references, names
 * and test cases, each listed and edited with every field of the workbook format, the model's
 * metadata, and a test runner. Every edit goes through recordCommands (one transaction with
 * the workbench's origin, so undo takes it back); a refused edit keeps the form as typed.
 */
export default function SidePanel(props: { ctx: WorkbenchContext; file: string }): JSX.Element {
  const text = () => panelMessages[props.ctx.locale.language()];
  const [section, setSection] = createSignal<PanelSection>('parameters');
  const [run, setRun] = createSignal<LastRun>();
  const memory: PanelMemory = { selected: {}, forms: new Map(), info: undefined, run, setRun };

  return (
    <aside class="side-panel" aria-label={text().title}>
      <div class="side-panel-tabs" role="tablist">
        <For each={SECTIONS}>
          {(s) => (
            <button type="button" role="tab" aria-selected={section() === s} classList={{ 'side-panel-tab-active': section() === s }} data-testid={`panel-tab-${s}`} onClick={() => setSection(s)}>
              {text().tabs[s]}
            </button>
          )}
        </For>
      </div>
      <div class="side-panel-body" role="tabpanel">
        <Show when={section()} keyed>
          {(s) => (s === 'info' ? <ModelInfoSection ctx={props.ctx} memory={memory} /> : s === 'rules' ? <RulesSection ctx={props.ctx} file={props.file} /> : <RecordSection ctx={props.ctx} kind={s} memory={memory} />)}
        </Show>
      </div>
    </aside>
  );
}

// --- Shared pieces ----------------------------------------------------------------------

type LastRun = { readonly result: TestRun; readonly revision: number };

/**
 * What outlives a section while another tab is shown: the record open in each list, forms
 * not yet saved (keyed by list and record), the model info form and the last test run.
 */
interface PanelMemory {
  readonly selected: Partial<Record<RecordKind, { key: string | undefined }>>;
  readonly forms: Map<string, { original: JsonRecord; draft: Draft }>;
  info: { original: ModelInfo; draft: InfoDraft } | undefined;
  readonly run: Accessor<LastRun | undefined>;
  setRun(run: LastRun): void;
}

const formKey = (kind: RecordKind, key: string | undefined) => (key === undefined ? `${kind}:+` : `${kind}:=${key}`);

type Lang = 'zh' | 'en';

const langOf = (ctx: WorkbenchContext): Lang => (ctx.locale.language() === 'zh-CN' ? 'zh' : 'en');

/** The bound model as it is now, re-read on every change; undefined while none is loaded. */
function liveModel(ctx: WorkbenchContext): PriceModel | undefined {
  ctx.revision();
  try {
    return ctx.binding()?.model;
  } catch {
    // Disposed between a change and this read: the next revision brings the new one.
    return undefined;
  }
}

const str = (v: Json | undefined): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const labelOf = (r: JsonRecord, lang: Lang): string => {
  const label = r.label;
  return typeof label === 'object' && label !== null && !Array.isArray(label) ? str(label[lang]) : '';
};

function formatValue(v: unknown, language: string): string {
  if (typeof v === 'number') return new Intl.NumberFormat(language, { maximumFractionDigits: 6 }).format(v);
  if (v === null || v === undefined) return '—';
  return String(v);
}

/** Whether a problem lies at `path` of the record or inside it. */
const isAt = (p: RecordProblem, path: string) => p.field === path || p.field.startsWith(`${path}.`) || p.field.startsWith(`${path}[`);

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onInput(value: string): void;
  invalid?: boolean;
  hint?: string;
  placeholder?: string;
  wide?: boolean;
  /** Longer text (descriptions, sources): a two-line text area. */
  multiline?: boolean;
}

function Field(props: FieldProps): JSX.Element {
  return (
    <label class="panel-field" classList={{ 'panel-field-invalid': props.invalid === true, 'panel-field-wide': props.wide === true }}>
      <span class="panel-field-label">{props.label}</span>
      <Show
        when={props.multiline}
        fallback={
          <input
            type="text"
            name={props.name}
            data-testid={`field-${props.name}`}
            value={props.value}
            placeholder={props.placeholder ?? ''}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={props.invalid === true}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        }
      >
        <textarea name={props.name} data-testid={`field-${props.name}`} rows={2} value={props.value} aria-invalid={props.invalid === true} onInput={(e) => props.onInput(e.currentTarget.value)} />
      </Show>
      <Show when={props.hint}>
        <span class="panel-field-hint">{props.hint}</span>
      </Show>
    </label>
  );
}

interface Choice {
  value: string;
  label: string;
}

function SelectField(props: { label: string; name: string; value: string; choices: readonly Choice[]; onChange(value: string): void; invalid?: boolean }): JSX.Element {
  // A value the list does not know (typed elsewhere) stays selectable, so nothing is lost.
  const choices = () => (props.choices.some((c) => c.value === props.value) ? props.choices : [{ value: props.value, label: props.value }, ...props.choices]);
  return (
    <label class="panel-field" classList={{ 'panel-field-invalid': props.invalid === true }}>
      <span class="panel-field-label">{props.label}</span>
      <select name={props.name} data-testid={`field-${props.name}`} aria-invalid={props.invalid === true} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={choices()}>
          {(c) => (
            <option value={c.value} selected={c.value === props.value}>
              {c.label}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}

/** A cell of a row editor (options, inputs, given, expect): a bare input with an accessible name. */
function RowInput(props: { label: string; name: string; value: string; onInput(value: string): void; invalid?: boolean }): JSX.Element {
  return (
    <input
      type="text"
      name={props.name}
      data-testid={`field-${props.name}`}
      aria-label={props.label}
      aria-invalid={props.invalid === true}
      classList={{ 'panel-input-invalid': props.invalid === true }}
      value={props.value}
      autocomplete="off"
      spellcheck={false}
      onInput={(e) => props.onInput(e.currentTarget.value)}
    />
  );
}

function RowSelect(props: { label: string; name: string; value: string; choices: readonly string[]; onChange(value: string): void }): JSX.Element {
  const choices = () => (props.choices.includes(props.value) ? props.choices : [props.value, ...props.choices]);
  return (
    <select name={props.name} data-testid={`field-${props.name}`} aria-label={props.label} onChange={(e) => props.onChange(e.currentTarget.value)}>
      <For each={choices()}>
        {(c) => (
          <option value={c} selected={c === props.value}>
            {c === '' ? '—' : c}
          </option>
        )}
      </For>
    </select>
  );
}

const replaceAt = <R,>(rows: readonly R[], index: number, patch: Partial<R>): R[] => rows.map((r, i) => (i === index ? { ...r, ...patch } : r));
const removeAt = <R,>(rows: readonly R[], index: number): R[] => rows.filter((_, i) => i !== index);

interface FormProps<D> {
  draft: Accessor<D>;
  update(patch: Partial<D>): void;
  invalid(path: string): boolean;
  text: Accessor<PanelMessages>;
  ctx: WorkbenchContext;
}

// --- Record lists -----------------------------------------------------------------------

interface Column {
  head: (t: PanelMessages) => string;
  cell: (r: JsonRecord) => string;
  title?: (r: JsonRecord) => string | undefined;
  /** A live value from the engine, shown in figures. */
  live?: boolean;
}

function RecordSection(props: { ctx: WorkbenchContext; kind: RecordKind; memory: PanelMemory }): JSX.Element {
  const ctx = props.ctx;
  const kind = props.kind;
  const keyField = recordKeyField(kind);
  const text = () => panelMessages[ctx.locale.language()];
  const records = createMemo(() => {
    ctx.revision();
    return readRecords(ctx.doc, kind);
  });
  const [selected, setSelectedNow] = createSignal(props.memory.selected[kind]);
  const setSelected = (sel: { key: string | undefined } | undefined) => {
    props.memory.selected[kind] = sel;
    setSelectedNow(sel);
  };
  const [notice, setNotice] = createSignal<string>();
  const keyOf = (r: JsonRecord) => str(r[keyField]);

  const parameterValue = (r: JsonRecord): string => {
    const value = liveModel(ctx)?.values()[keyOf(r)];
    if (value === undefined) return '—';
    if (typeof value === 'boolean') return value ? text().yes : text().no;
    const option = Array.isArray(r.options) ? r.options.find((o) => typeof o === 'object' && o !== null && !Array.isArray(o) && o.value === value) : undefined;
    return option && typeof option === 'object' && !Array.isArray(option) ? labelOf(option, langOf(ctx)) || formatValue(value, ctx.locale.language()) : formatValue(value, ctx.locale.language());
  };
  const outputReading = (r: JsonRecord) => {
    const model = liveModel(ctx);
    if (!model || !model.outputs.some((o) => o.id === keyOf(r))) return undefined;
    try {
      return model.read(keyOf(r));
    } catch {
      return undefined;
    }
  };
  const outputValue = (r: JsonRecord): string => {
    const reading = outputReading(r);
    if (!reading) return '—';
    return reading.error ? reading.error.code : formatValue(reading.value, ctx.locale.language());
  };

  const columns: Record<RecordKind, Column[]> = {
    parameters: [
      { head: (t) => t.columns.label, cell: (r) => labelOf(r, langOf(ctx)) },
      { head: (t) => t.columns.value, cell: parameterValue, live: true },
      { head: (t) => t.columns.bind, cell: (r) => str(r.bind) },
      { head: (t) => t.columns.type, cell: (r) => text().types[str(r.type) as ParameterType] ?? str(r.type) },
    ],
    outputs: [
      { head: (t) => t.columns.label, cell: (r) => labelOf(r, langOf(ctx)) },
      { head: (t) => t.columns.value, cell: outputValue, title: (r) => outputReading(r)?.error?.message, live: true },
      { head: (t) => t.columns.ref, cell: (r) => str(r.ref) },
      { head: (t) => t.columns.role, cell: (r) => text().roles[str(r.role) as (typeof OUTPUT_ROLES)[number]] ?? str(r.role) },
    ],
    modules: [
      { head: (t) => t.columns.file, cell: (r) => str(r.file) },
      { head: (t) => t.columns.inputs, cell: (r) => (typeof r.inputs === 'object' && r.inputs !== null ? Object.keys(r.inputs).join(', ') : '') },
    ],
    names: [
      { head: (t) => t.columns.expression, cell: (r) => formatLoose(r.expression) },
      { head: (t) => t.columns.description, cell: (r) => str(r.comment) },
    ],
    tests: [{ head: (t) => t.columns.description, cell: (r) => str(r.description) }],
  };

  return (
    <div class="panel-section" data-section={kind}>
      <Show when={kind === 'tests'}>
        <TestRunner ctx={ctx} memory={props.memory} />
      </Show>
      <div class="panel-list-wrap">
        <table class="panel-list">
          <thead>
            <tr>
              <th scope="col">{kind === 'names' ? text().columns.name : text().columns.id}</th>
              <For each={columns[kind]}>{(c) => <th scope="col">{c.head(text())}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <Index each={records()}>
              {(r) => (
                <tr classList={{ 'panel-list-selected': selected()?.key === keyOf(r()) }}>
                  <th scope="row">
                    <button
                      type="button"
                      class="panel-record-link"
                      data-testid={`record-${kind}-${keyOf(r())}`}
                      onClick={() => {
                        setNotice(undefined);
                        setSelected({ key: keyOf(r()) });
                      }}
                    >
                      {keyOf(r()) || '—'}
                    </button>
                  </th>
                  <For each={columns[kind]}>
                    {(c) => (
                      <td title={c.title?.(r()) ?? c.cell(r())} classList={{ 'panel-list-value': c.live === true }}>
                        {c.cell(r())}
                      </td>
                    )}
                  </For>
                </tr>
              )}
            </Index>
          </tbody>
        </table>
        <Show when={records().length === 0}>
          <p class="panel-hint">{text().empty}</p>
        </Show>
      </div>
      <div class="panel-toolbar">
        <button
          type="button"
          data-testid="record-add"
          onClick={() => {
            setNotice(undefined);
            setSelected({ key: undefined });
          }}
        >
          + {text().add}
        </button>
        <Show when={!selected() && notice()}>
          <span class="panel-notice" role="status" data-testid="record-notice">
            {notice()}
          </span>
        </Show>
      </div>
      <Show when={selected()} keyed>
        {(sel) => (
          <RecordEditor
            ctx={ctx}
            kind={kind}
            recordKey={sel.key}
            records={records}
            notice={notice}
            memory={props.memory}
            onSaved={(key) => {
              setSelected({ key });
              setNotice(text().saved);
            }}
            onRemoved={() => {
              setSelected(undefined);
              setNotice(text().removed);
            }}
            onClose={() => setSelected(undefined)}
          />
        )}
      </Show>
    </div>
  );
}

// --- Record editor ----------------------------------------------------------------------

interface EditorProps {
  ctx: WorkbenchContext;
  kind: RecordKind;
  /** undefined: a record to add. */
  recordKey: string | undefined;
  records: Accessor<JsonRecord[]>;
  /** What the last command did ("Saved."), shown beside the form's buttons. */
  notice: Accessor<string | undefined>;
  memory: PanelMemory;
  onSaved(key: string): void;
  onRemoved(): void;
  onClose(): void;
}

function RecordEditor(props: EditorProps): JSX.Element {
  const ctx = props.ctx;
  const kind = props.kind;
  const keyField = recordKeyField(kind);
  const text = () => panelMessages[ctx.locale.language()];
  const current = createMemo(() => (props.recordKey === undefined ? undefined : props.records().find((r) => r[keyField] === props.recordKey)));
  // The record as the form was filled from it: saving writes only what differs from it, so
  // fields someone else changed meanwhile keep their change unless this user edited them too.
  const memoryKey = formKey(kind, props.recordKey);
  const kept = props.memory.forms.get(memoryKey);
  const [original, setOriginal] = createSignal<JsonRecord>(kept?.original ?? current() ?? {});
  const [draft, setDraft] = createSignal<Draft>(kept?.draft ?? (props.recordKey === undefined ? emptyDraft(kind) : draftOf(kind, original())));
  // Unsaved text survives switching tabs; saving, removing or closing forgets it.
  createEffect(() => props.memory.forms.set(memoryKey, { original: original(), draft: draft() }));
  const forget = () => props.memory.forms.delete(memoryKey);
  const [problems, setProblems] = createSignal<readonly RecordProblem[]>([]);
  const untouched = () => JSON.stringify(draft()) === JSON.stringify(draftOf(kind, original()));
  createEffect(
    on(
      current,
      (now) => {
        // Follow changes from elsewhere while the user has not typed anything.
        if (now && untouched()) {
          setOriginal(now);
          setDraft(draftOf(kind, now));
        }
      },
      { defer: true },
    ),
  );
  const changedElsewhere = () => {
    const now = current();
    return now !== undefined && Object.keys(recordPatch(original(), now)).length > 0;
  };
  const gone = () => props.recordKey !== undefined && current() === undefined;
  const update = (patch: object) => setDraft((d) => ({ ...d, ...patch }) as Draft);
  const invalid = (path: string) => problems().some((p) => isAt(p, path));

  /** Load errors of the model that point into this record (a bind to a formula cell, say). */
  const loadProblems = (): string[] => {
    ctx.revision();
    const binding = ctx.binding();
    const index = props.records().findIndex((r) => r[keyField] === props.recordKey);
    if (!binding || index < 0) return [];
    const prefix = `${kind}[${index}]`;
    const file = liveModel(ctx)?.file;
    return binding.errors
      .filter((e) => (file === undefined || e.file === file) && isAt({ field: e.path, message: '' }, prefix))
      .map((e) => `${e.path.slice(prefix.length).replace(/^\./, '') || '$'}: ${e.message}`);
  };

  const save = () => {
    setProblems([]);
    const parameters = kind === 'tests' ? (readRecords(ctx.doc, 'parameters') as unknown as Parameter[]) : [];
    const read = recordOf(kind, draft(), parameters);
    if (!read.ok) {
      setProblems(read.problems);
      return;
    }
    try {
      if (props.recordKey === undefined) addRecord(ctx.doc, kind, read.record, ctx.origin);
      else updateRecord(ctx.doc, kind, props.recordKey, recordPatch(original(), read.record), ctx.origin);
    } catch (e) {
      setProblems(e instanceof RecordError ? e.problems : [{ field: '', message: e instanceof Error ? e.message : String(e) }]);
      return;
    }
    forget();
    props.onSaved(str(read.record[keyField]));
  };

  const remove = () => {
    if (props.recordKey === undefined) return;
    setProblems([]);
    try {
      removeRecord(ctx.doc, kind, props.recordKey, ctx.origin);
    } catch (e) {
      setProblems(e instanceof RecordError ? e.problems : [{ field: '', message: e instanceof Error ? e.message : String(e) }]);
      return;
    }
    forget();
    props.onRemoved();
  };

  const formProps = { update, invalid, text, ctx };
  let form: HTMLFormElement | undefined;
  // The form opens below the list; bring it to the user.
  onMount(() => form?.scrollIntoView?.({ block: 'nearest' }));

  return (
    <form
      ref={form}
      class="panel-editor"
      data-testid="record-editor"
      data-kind={kind}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <header class="panel-editor-header">
        <h3>{props.recordKey ?? text().newRecord[kind]}</h3>
        <button
          type="button"
          class="panel-close"
          aria-label={text().close}
          title={text().close}
          onClick={() => {
            forget();
            props.onClose();
          }}
        >
          ×
        </button>
      </header>
      <Show when={gone()}>
        <p class="panel-note">{text().goneElsewhere}</p>
      </Show>
      <Show when={changedElsewhere()}>
        <p class="panel-note">{text().changedElsewhere}</p>
      </Show>
      <SaveProblems title={text().notSaved} problems={problems()} />
      <Show when={loadProblems().length > 0}>
        <div class="panel-warning" data-testid="record-load-problems">
          <p>{text().loadProblems}</p>
          <ul>
            <For each={loadProblems()}>{(line) => <li>{line}</li>}</For>
          </ul>
        </div>
      </Show>
      <Switch>
        <Match when={kind === 'parameters'}>
          <ParameterForm {...formProps} draft={draft as Accessor<ParameterDraft>} />
        </Match>
        <Match when={kind === 'outputs'}>
          <OutputForm {...formProps} draft={draft as Accessor<OutputDraft>} />
        </Match>
        <Match when={kind === 'modules'}>
          <ModuleForm {...formProps} draft={draft as Accessor<ModuleDraft>} />
        </Match>
        <Match when={kind === 'names'}>
          <NameForm {...formProps} draft={draft as Accessor<NameDraft>} />
        </Match>
        <Match when={kind === 'tests'}>
          <TestForm {...formProps} draft={draft as Accessor<TestDraft>} />
        </Match>
      </Switch>
      <div class="panel-actions">
        <button type="submit" class="panel-primary" data-testid="record-save">
          {text().save}
        </button>
        <Show when={problems().length === 0 && props.notice()}>
          <span class="panel-notice" role="status" data-testid="record-notice">
            {props.notice()}
          </span>
        </Show>
        <Show when={props.recordKey !== undefined}>
          <button type="button" class="panel-danger" data-testid="record-remove" onClick={remove}>
            {text().remove}
          </button>
        </Show>
      </div>
    </form>
  );
}

function LabelFields<D extends { labelZh: string; labelEn: string }>(props: FormProps<D>): JSX.Element {
  const f = () => props.text().fields;
  return (
    <>
      <Field label={f().labelZh} name="label.zh" value={props.draft().labelZh} invalid={props.invalid('label.zh') || props.invalid('label')} onInput={(v) => props.update({ labelZh: v } as Partial<D>)} />
      <Field label={f().labelEn} name="label.en" value={props.draft().labelEn} invalid={props.invalid('label.en') || props.invalid('label')} onInput={(v) => props.update({ labelEn: v } as Partial<D>)} />
    </>
  );
}

function ParameterForm(props: FormProps<ParameterDraft>): JSX.Element {
  const f = () => props.text().fields;
  const d = props.draft;
  const numeric = () => d().type === 'number' || d().type === 'integer';
  const setOption = (i: number, patch: Partial<OptionRow>) => props.update({ options: replaceAt(d().options, i, patch) });
  return (
    <div class="panel-form">
      <Field label={f().id} name="id" value={d().id} invalid={props.invalid('id')} onInput={(v) => props.update({ id: v })} />
      <SelectField
        label={f().type}
        name="type"
        value={d().type}
        choices={PARAMETER_TYPES.map((t) => ({ value: t, label: `${props.text().types[t]} (${t})` }))}
        invalid={props.invalid('type')}
        onChange={(v) => props.update({ type: v as ParameterType, ...(v === 'boolean' && d().default !== 'true' ? { default: 'false' } : {}) })}
      />
      <LabelFields {...props} />
      <Field label={f().bind} name="bind" value={d().bind} hint={props.text().hints.bind} invalid={props.invalid('bind')} onInput={(v) => props.update({ bind: v })} />
      <Switch>
        <Match when={d().type === 'boolean'}>
          <SelectField
            label={f().default}
            name="default"
            value={d().default}
            choices={[
              { value: 'true', label: props.text().yes },
              { value: 'false', label: props.text().no },
            ]}
            invalid={props.invalid('default')}
            onChange={(v) => props.update({ default: v })}
          />
        </Match>
        <Match when={d().type === 'choice'}>
          <SelectField
            label={f().default}
            name="default"
            value={d().default}
            choices={d().options.map((o) => ({ value: o.value, label: `${o.value}${o.zh || o.en ? ` — ${o.zh} / ${o.en}` : ''}` }))}
            invalid={props.invalid('default')}
            onChange={(v) => props.update({ default: v })}
          />
        </Match>
        <Match when={true}>
          <Field
            label={f().default}
            name="default"
            value={d().default}
            hint={d().type === 'date' ? props.text().hints.date : undefined}
            invalid={props.invalid('default')}
            onInput={(v) => props.update({ default: v })}
          />
        </Match>
      </Switch>
      <Field label={f().unit} name="unit" value={d().unit} invalid={props.invalid('unit')} onInput={(v) => props.update({ unit: v })} />
      <Field label={f().group} name="group" value={d().group} invalid={props.invalid('group')} onInput={(v) => props.update({ group: v })} />
      <Show when={numeric() || d().type === 'date'}>
        <Field label={f().min} name="min" value={d().min} placeholder={d().type === 'date' ? 'YYYY-MM-DD' : ''} invalid={props.invalid('min')} onInput={(v) => props.update({ min: v })} />
        <Field label={f().max} name="max" value={d().max} placeholder={d().type === 'date' ? 'YYYY-MM-DD' : ''} invalid={props.invalid('max')} onInput={(v) => props.update({ max: v })} />
      </Show>
      <Show when={numeric()}>
        <Field label={f().step} name="step" value={d().step} invalid={props.invalid('step')} onInput={(v) => props.update({ step: v })} />
      </Show>
      <Show when={d().type === 'number'}>
        <Field label={f().index} name="index" value={d().index} hint={props.text().hints.index} invalid={props.invalid('index')} onInput={(v) => props.update({ index: v })} />
      </Show>
      <Show when={d().type === 'integer'}>
        <label class="panel-field panel-field-check">
          <input type="checkbox" name="quantity" checked={d().quantity} onChange={(e) => props.update({ quantity: e.currentTarget.checked })} />
          <span>{f().quantity}</span>
        </label>
      </Show>
      <Show when={d().type === 'text'}>
        <Field label={f().maxLength} name="maxLength" value={d().maxLength} invalid={props.invalid('maxLength')} onInput={(v) => props.update({ maxLength: v })} />
      </Show>
      <Show when={d().type === 'choice'}>
        <fieldset class="panel-rows panel-field-wide" classList={{ 'panel-field-invalid': props.invalid('options') }}>
          <legend>{f().options}</legend>
          <p class="panel-field-hint">{props.text().hints.loose}</p>
          <div class="panel-row panel-row-head" aria-hidden="true">
            <span>{f().optionValue}</span>
            <span>{f().labelZh}</span>
            <span>{f().labelEn}</span>
            <span />
          </div>
          <Index each={d().options}>
            {(o, i) => (
              <div class="panel-row">
                <RowInput label={`${f().optionValue} ${i + 1}`} name={`options.${i}.value`} value={o().value} invalid={props.invalid(`options[${i}]`)} onInput={(v) => setOption(i, { value: v })} />
                <RowInput label={`${f().labelZh} ${i + 1}`} name={`options.${i}.zh`} value={o().zh} onInput={(v) => setOption(i, { zh: v })} />
                <RowInput label={`${f().labelEn} ${i + 1}`} name={`options.${i}.en`} value={o().en} onInput={(v) => setOption(i, { en: v })} />
                <button type="button" class="panel-row-remove" aria-label={props.text().removeRow} title={props.text().removeRow} onClick={() => props.update({ options: removeAt(d().options, i) })}>
                  ×
                </button>
              </div>
            )}
          </Index>
          <button type="button" class="panel-row-add" onClick={() => props.update({ options: [...d().options, { value: '', zh: '', en: '' }] })}>
            + {props.text().addOption}
          </button>
        </fieldset>
      </Show>
      <Field label={f().descriptionZh} name="description.zh" value={d().descriptionZh} wide multiline invalid={props.invalid('description')} onInput={(v) => props.update({ descriptionZh: v })} />
      <Field label={f().descriptionEn} name="description.en" value={d().descriptionEn} wide multiline invalid={props.invalid('description')} onInput={(v) => props.update({ descriptionEn: v })} />
    </div>
  );
}

function OutputForm(props: FormProps<OutputDraft>): JSX.Element {
  const f = () => props.text().fields;
  const d = props.draft;
  return (
    <div class="panel-form">
      <Field label={f().id} name="id" value={d().id} invalid={props.invalid('id')} onInput={(v) => props.update({ id: v })} />
      <SelectField
        label={f().role}
        name="role"
        value={d().role}
        choices={OUTPUT_ROLES.map((r) => ({ value: r, label: `${props.text().roles[r]} (${r})` }))}
        invalid={props.invalid('role')}
        onChange={(v) => props.update({ role: v })}
      />
      <LabelFields {...props} />
      <Field label={f().ref} name="ref" value={d().ref} hint={props.text().hints.ref} invalid={props.invalid('ref')} onInput={(v) => props.update({ ref: v })} />
      <Field label={f().unit} name="unit" value={d().unit} invalid={props.invalid('unit')} onInput={(v) => props.update({ unit: v })} />
      <SelectField
        label={f().money}
        name="money"
        value={d().money}
        choices={[
          { value: '', label: props.text().money.byRole },
          { value: 'true', label: props.text().money.yes },
          { value: 'false', label: props.text().money.no },
        ]}
        invalid={props.invalid('money')}
        onChange={(v) => props.update({ money: v as OutputDraft['money'] })}
      />
      <Field label={f().decimals} name="decimals" value={d().decimals} invalid={props.invalid('decimals')} onInput={(v) => props.update({ decimals: v })} />
      <Field label={f().outputStep} name="step" value={d().step} invalid={props.invalid('step')} onInput={(v) => props.update({ step: v })} />
    </div>
  );
}

/** Rows of `key → value` (module inputs, given parameters); keys chosen from `keys` or typed. */
function KeyValueRows(props: {
  legend: string;
  field: string;
  rows: readonly KeyValueRow[];
  keys: readonly string[] | undefined;
  keyLabel: string;
  valueLabel: string;
  hint?: string;
  invalid(path: string): boolean;
  onChange(rows: KeyValueRow[]): void;
  text: Accessor<PanelMessages>;
}): JSX.Element {
  const set = (i: number, patch: Partial<KeyValueRow>) => props.onChange(replaceAt(props.rows, i, patch));
  return (
    <fieldset class="panel-rows panel-rows-2 panel-field-wide" classList={{ 'panel-field-invalid': props.invalid(props.field) }}>
      <legend>{props.legend}</legend>
      <Show when={props.hint}>
        <p class="panel-field-hint">{props.hint}</p>
      </Show>
      <Index each={props.rows}>
        {(row, i) => (
          <div class="panel-row">
            <Show
              when={props.keys}
              fallback={<RowInput label={`${props.keyLabel} ${i + 1}`} name={`${props.field}.${i}.key`} value={row().key} onInput={(v) => set(i, { key: v })} />}
            >
              {(keys) => <RowSelect label={`${props.keyLabel} ${i + 1}`} name={`${props.field}.${i}.key`} value={row().key} choices={keys()} onChange={(v) => set(i, { key: v })} />}
            </Show>
            <RowInput
              label={`${props.valueLabel} ${row().key}`}
              name={`${props.field}.${i}.value`}
              value={row().value}
              invalid={props.invalid(`${props.field}.${row().key.trim()}`)}
              onInput={(v) => set(i, { value: v })}
            />
            <button type="button" class="panel-row-remove" aria-label={props.text().removeRow} title={props.text().removeRow} onClick={() => props.onChange(removeAt(props.rows, i))}>
              ×
            </button>
          </div>
        )}
      </Index>
      <button type="button" class="panel-row-add" onClick={() => props.onChange([...props.rows, { key: '', value: '' }])}>
        + {props.text().addRow}
      </button>
    </fieldset>
  );
}

function ModuleForm(props: FormProps<ModuleDraft>): JSX.Element {
  const f = () => props.text().fields;
  const d = props.draft;
  return (
    <div class="panel-form">
      <Field label={f().id} name="id" value={d().id} invalid={props.invalid('id')} onInput={(v) => props.update({ id: v })} />
      <Field label={f().file} name="file" value={d().file} invalid={props.invalid('file')} placeholder="modules/….workbook.json" onInput={(v) => props.update({ file: v })} />
      <KeyValueRows
        legend={f().inputs}
        field="inputs"
        rows={d().inputs}
        keys={undefined}
        keyLabel={f().inputParameter}
        valueLabel={f().inputValue}
        hint={`${props.text().hints.inputs}. ${props.text().hints.loose}`}
        invalid={props.invalid}
        onChange={(rows) => props.update({ inputs: rows })}
        text={props.text}
      />
    </div>
  );
}

function NameForm(props: FormProps<NameDraft>): JSX.Element {
  const f = () => props.text().fields;
  const d = props.draft;
  return (
    <div class="panel-form">
      <Field label={f().name} name="name" value={d().name} invalid={props.invalid('name')} onInput={(v) => props.update({ name: v })} />
      <Field label={f().expression} name="expression" value={d().expression} hint={props.text().hints.expression} invalid={props.invalid('expression')} onInput={(v) => props.update({ expression: v })} />
      <Field label={f().comment} name="comment" value={d().comment} wide multiline invalid={props.invalid('comment')} onInput={(v) => props.update({ comment: v })} />
    </div>
  );
}

function TestForm(props: FormProps<TestDraft>): JSX.Element {
  const f = () => props.text().fields;
  const d = props.draft;
  const idsOf = (kind: 'parameters' | 'outputs') =>
    createMemo(() => {
      props.ctx.revision();
      return ['', ...readRecords(props.ctx.doc, kind).map((r) => str(r.id))];
    });
  const parameterIds = idsOf('parameters');
  const outputIds = idsOf('outputs');
  const setExpect = (i: number, patch: Partial<ExpectRow>) => props.update({ expect: replaceAt(d().expect, i, patch) });
  return (
    <div class="panel-form">
      <Field label={f().id} name="id" value={d().id} invalid={props.invalid('id')} onInput={(v) => props.update({ id: v })} />
      <Field label={f().caseTolerance} name="tolerance" value={d().tolerance} placeholder="1e-6" invalid={props.invalid('tolerance')} onInput={(v) => props.update({ tolerance: v })} />
      <Field label={f().description} name="description" value={d().description} wide multiline invalid={props.invalid('description')} onInput={(v) => props.update({ description: v })} />
      <KeyValueRows
        legend={f().given}
        field="given"
        rows={d().given}
        keys={parameterIds()}
        keyLabel={f().parameter}
        valueLabel={f().given}
        invalid={props.invalid}
        onChange={(rows) => props.update({ given: rows })}
        text={props.text}
      />
      <fieldset class="panel-rows panel-rows-3 panel-field-wide" classList={{ 'panel-field-invalid': props.invalid('expect') }}>
        <legend>{f().expect}</legend>
        <p class="panel-field-hint">{props.text().hints.loose}</p>
        <div class="panel-row panel-row-head" aria-hidden="true">
          <span>{f().output}</span>
          <span>{f().expected}</span>
          <span>{f().tolerance}</span>
          <span />
        </div>
        <Index each={d().expect}>
          {(row, i) => (
            <div class="panel-row">
              <RowSelect label={`${f().output} ${i + 1}`} name={`expect.${i}.key`} value={row().key} choices={outputIds()} onChange={(v) => setExpect(i, { key: v })} />
              <RowInput label={`${f().expected} ${row().key}`} name={`expect.${i}.value`} value={row().value} invalid={props.invalid(`expect.${row().key.trim()}`)} onInput={(v) => setExpect(i, { value: v })} />
              <RowInput label={`${f().tolerance} ${row().key}`} name={`expect.${i}.tolerance`} value={row().tolerance} onInput={(v) => setExpect(i, { tolerance: v })} />
              <button type="button" class="panel-row-remove" aria-label={props.text().removeRow} title={props.text().removeRow} onClick={() => props.update({ expect: removeAt(d().expect, i) })}>
                ×
              </button>
            </div>
          )}
        </Index>
        <button type="button" class="panel-row-add" onClick={() => props.update({ expect: [...d().expect, { key: '', value: '', tolerance: '' }] })}>
          + {props.text().addRow}
        </button>
      </fieldset>
      <Field label={f().source} name="source" value={d().source} wide multiline invalid={props.invalid('source')} onInput={(v) => props.update({ source: v })} />
    </div>
  );
}

// --- Test runner ------------------------------------------------------------------------

function TestRunner(props: { ctx: WorkbenchContext; memory: PanelMemory }): JSX.Element {
  const ctx = props.ctx;
  const text = () => panelMessages[ctx.locale.language()];
  const run = props.memory.run;
  const setRun = (r: LastRun) => props.memory.setRun(r);
  const [running, setRunning] = createSignal(false);

  const start = async () => {
    if (running()) return;
    setRunning(true);
    const revision = ctx.revision();
    let result: TestRun;
    try {
      const binding = ctx.binding();
      let file: string | undefined;
      try {
        file = binding?.model.file;
      } catch {
        file = undefined;
      }
      result = await runModelTests({
        doc: ctx.doc,
        // Module paths resolve against the model's file; the bound model knows its name.
        file: file ?? `${readModelInfo(ctx.doc).id || 'model'}.workbook.json`,
        ...(ctx.modules ? { modules: ctx.modules } : {}),
        ...(binding ? { bound: binding } : {}),
      });
    } catch (e) {
      result = { ok: false, errors: [e instanceof Error ? e.message : String(e)] };
    }
    setRun({ result, revision });
    setRunning(false);
  };

  const stale = () => {
    const r = run();
    return r !== undefined && r.revision !== ctx.revision();
  };

  return (
    <section class="panel-tests">
      <div class="panel-toolbar">
        <button type="button" class="panel-primary" data-testid="run-tests" disabled={running()} onClick={() => void start()}>
          {running() ? text().running : text().runTests}
        </button>
        <Show when={run()?.result} keyed>
          {(r) =>
            r.ok ? (
              <strong class="panel-test-summary" classList={{ 'panel-test-summary-fail': r.failed > 0 }} data-testid="test-summary" role="status">
                {text().summary(r.passed, r.failed)}
              </strong>
            ) : null
          }
        </Show>
      </div>
      <Show when={!run()}>
        <p class="panel-hint">{text().notRun}</p>
      </Show>
      <Show when={stale()}>
        <p class="panel-note">{text().staleRun}</p>
      </Show>
      <Show when={run()?.result} keyed>
        {(r) =>
          r.ok ? (
            <ol class="panel-test-results">
              <For each={r.cases}>{(c) => <CaseRow result={c} ctx={ctx} />}</For>
            </ol>
          ) : (
            <div class="panel-error" role="alert" data-testid="test-run-error">
              <p>{text().runFailed}</p>
              <ul>
                <For each={r.errors}>{(line) => <li>{line}</li>}</For>
              </ul>
            </div>
          )
        }
      </Show>
    </section>
  );
}

function CaseRow(props: { result: CaseResult; ctx: WorkbenchContext }): JSX.Element {
  const text = () => panelMessages[props.ctx.locale.language()];
  const language = () => props.ctx.locale.language();
  const c = props.result;
  const status = c.pass ? 'pass' : 'fail';
  const expected = (check: CheckResult) =>
    typeof check.expected === 'number' ? `${formatValue(check.expected, language())} ± ${formatValue(check.tolerance, language())}` : formatValue(check.expected, language());
  return (
    <li class={`panel-test-result panel-test-${status}`} data-testid="test-result" data-status={status} data-case={c.id}>
      <details open={!c.pass}>
        <summary>
          <span class="panel-badge">{c.pass ? text().pass : text().fail}</span> <code>{c.id}</code>
          <Show when={c.description}>
            <span class="panel-test-description"> {c.description}</span>
          </Show>
        </summary>
        <Show when={c.problems.length > 0}>
          <p class="panel-error-inline">
            {text().refusedInput}: {c.problems.join('; ')}
          </p>
        </Show>
        <Show when={c.checks.length > 0}>
          <table class="panel-checks">
            <thead>
              <tr>
                <th scope="col">{text().fields.output}</th>
                <th scope="col">{text().fields.expected}</th>
                <th scope="col">{text().fields.actual}</th>
              </tr>
            </thead>
            <tbody>
              <For each={c.checks}>
                {(check) => (
                  <tr classList={{ 'panel-check-fail': !check.pass }} data-output={check.output} data-status={check.pass ? 'pass' : 'fail'} title={check.message ?? ''}>
                    <th scope="row">{check.output}</th>
                    <td>{expected(check)}</td>
                    <td>{formatValue(check.actual, language())}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </details>
    </li>
  );
}

// --- Model info -------------------------------------------------------------------------

function ModelInfoSection(props: { ctx: WorkbenchContext; memory: PanelMemory }): JSX.Element {
  const ctx = props.ctx;
  const text = () => panelMessages[ctx.locale.language()];
  const f = () => text().fields;
  const info = createMemo(() => {
    ctx.revision();
    return readModelInfo(ctx.doc);
  });
  const [original, setOriginal] = createSignal<ModelInfo>(props.memory.info?.original ?? info());
  const [draft, setDraft] = createSignal<InfoDraft>(props.memory.info?.draft ?? infoDraftOf(info()));
  createEffect(() => (props.memory.info = { original: original(), draft: draft() }));
  const [problems, setProblems] = createSignal<readonly RecordProblem[]>([]);
  const [saved, setSaved] = createSignal(false);
  const untouched = () => JSON.stringify(draft()) === JSON.stringify(infoDraftOf(original()));
  createEffect(
    on(
      info,
      (now) => {
        if (untouched()) {
          setOriginal(now);
          setDraft(infoDraftOf(now));
        }
      },
      { defer: true },
    ),
  );
  const update = (patch: Partial<InfoDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const invalid = (path: string) => problems().some((p) => isAt(p, path));
  const save = () => {
    setProblems([]);
    try {
      setModelInfo(ctx.doc, infoPatchOf(original(), draft()), ctx.origin);
    } catch (e) {
      setProblems(e instanceof RecordError ? e.problems : [{ field: '', message: e instanceof Error ? e.message : String(e) }]);
      return;
    }
    const now = readModelInfo(ctx.doc);
    setOriginal(now);
    setDraft(infoDraftOf(now));
    setSaved(true);
  };

  return (
    <form
      class="panel-editor panel-info"
      data-testid="record-editor"
      data-kind="info"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <SaveProblems title={text().notSaved} problems={problems()} />
      <div class="panel-form">
        <label class="panel-field">
          <span class="panel-field-label">{f().modelId}</span>
          <input type="text" name="modelId" value={info().id} readOnly />
        </label>
        <SelectField
          label={f().kind}
          name="kind"
          value={draft().kind}
          choices={[
            { value: 'product', label: text().kinds.product },
            { value: 'module', label: text().kinds.module },
          ]}
          onChange={(v) => update({ kind: v === 'module' ? 'module' : 'product' })}
        />
        <Field label={f().modelNameZh} name="name.zh" value={draft().nameZh} invalid={invalid('name.zh') || invalid('name')} onInput={(v) => update({ nameZh: v })} />
        <Field label={f().modelNameEn} name="name.en" value={draft().nameEn} invalid={invalid('name.en') || invalid('name')} onInput={(v) => update({ nameEn: v })} />
        <Field label={f().productLine} name="productLine" value={draft().productLine} invalid={invalid('productLine')} onInput={(v) => update({ productLine: v })} />
        <Field label={f().version} name="version" value={draft().version} placeholder="1.0.0" invalid={invalid('version')} onInput={(v) => update({ version: v })} />
        <Field label={f().currency} name="currency" value={draft().currency} placeholder="CNY" invalid={invalid('currency')} onInput={(v) => update({ currency: v })} />
        <Field label={f().descriptionZh} name="description.zh" value={draft().descriptionZh} wide multiline invalid={invalid('description')} onInput={(v) => update({ descriptionZh: v })} />
        <Field label={f().descriptionEn} name="description.en" value={draft().descriptionEn} wide multiline invalid={invalid('description')} onInput={(v) => update({ descriptionEn: v })} />
      </div>
      <div class="panel-actions">
        <button type="submit" class="panel-primary" data-testid="record-save">
          {text().save}
        </button>
        <Show when={saved()}>
          <span class="panel-notice" role="status" data-testid="record-notice">
            {text().saved}
          </span>
        </Show>
      </div>
    </form>
  );
}

/** Why a save was refused, one line per field at fault; the form above keeps what was typed. */
function SaveProblems(props: { title: string; problems: readonly { field: string; message: string }[] }): JSX.Element {
  return (
    <Show when={props.problems.length > 0}>
      <div class="panel-error" role="alert" data-testid="record-error">
        <p>{props.title}</p>
        <ul>
          <For each={props.problems}>
            {(p) => (
              <li>
                <Show when={p.field !== ''}>
                  <code>{p.field}</code>:{' '}
                </Show>
                {p.message}
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
