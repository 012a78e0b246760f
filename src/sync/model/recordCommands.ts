/**
 * Edits of a model document's record lists (parameters, outputs, modules, names, tests) and of
 * its metadata, for the workbench's side panel. Records come in as a user types them, in A1
 * (`bind: "Inputs!B2"`, `expression: "=Rates!$B$2*2"`), are checked with the workbook
 * format's own rules (schema.ts through parse.ts's validateWorkbook) plus what only the
 * document can tell (duplicate ids, sheets that do not exist), and only then written, in one
 * `doc.transact(fn, origin)`, with references in id form exactly as modelDoc.ts imports them.
 *
 * Updates are field-level: a patch names only the fields that changed; an object in a patch
 * (label, description, given, expect, inputs) merges key by key into the stored Y.Map, so two
 * people editing `label.zh` and `label.en` at once both keep their edit. `undefined` in a
 * patch removes the field (or key). `recordPatch(before, after)` computes such a patch.
 *
 * @example
 *   addRecord(doc, 'parameters', { id: 'qty', label: { zh: '数量', en: 'Quantity' }, type: 'integer', default: 1, bind: 'Inputs!B2' }, origin);
 *   updateRecord(doc, 'parameters', 'qty', { label: { zh: '台数' }, min: 1 }, origin);
 */
import * as Y from 'yjs';
import { ErrorSink } from '../../domain/workbook/errors.js';
import { validateWorkbook } from '../../domain/workbook/parse.js';
import { WORKBOOK_FORMAT } from '../../domain/workbook/schema.js';
import type { LocalizedText, ModuleInclude, Output, Parameter, TestCase, Workbook } from '../../domain/workbook/schema.js';
import { DocPositions, IdLookup, axisList, deletedOf, fromY, isFormula, modelMap, sheetHandles, toY } from './docShape.js';
import type { AxisName, Json, SheetHandle } from './docShape.js';
import { a1References, bareRefToA1Form, bareRefToIdForm, parseBareReference, requireNoIdReferences, toA1Form, toIdForm } from './formulaRefs.js';
import type { A1Reference, IdTarget } from './formulaRefs.js';
import { newIds } from './ids.js';
import { MAX_INSERT } from './modelCommands.js';

export const RECORD_KINDS = ['parameters', 'outputs', 'modules', 'names', 'tests'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type NamedExpression = Workbook['names'][number];

/** The record type of each list, as the workbook format defines it. */
export interface RecordTypes {
  parameters: Parameter;
  outputs: Output;
  modules: ModuleInclude;
  names: NamedExpression;
  tests: TestCase;
}

/** A record as JSON (A1 form), as read back for display or typed by the user. */
export type JsonRecord = { [field: string]: Json };

/** A field-level change: values replace, objects merge key by key, `undefined` removes. */
export type PatchValue = Json | undefined | RecordPatch;
export interface RecordPatch {
  readonly [field: string]: PatchValue;
}

/** What a record's key field is called and how messages name the record. */
const KIND_INFO: Record<RecordKind, { readonly word: string; readonly key: 'id' | 'name' }> = {
  parameters: { word: 'parameter', key: 'id' },
  outputs: { word: 'output', key: 'id' },
  modules: { word: 'module', key: 'id' },
  names: { word: 'name', key: 'name' },
  tests: { word: 'test case', key: 'id' },
};

/** The field holding a record's identity: `name` for names, `id` for the others. */
export function recordKeyField(kind: RecordKind): 'id' | 'name' {
  return KIND_INFO[kind].key;
}

export interface RecordProblem {
  /** Path inside the record (`label.zh`, `options[2].value`), or '' for the record as a whole. */
  readonly field: string;
  readonly message: string;
}

/** A command refused: every problem found, with where it is; nothing was written. */
export class RecordError extends Error {
  constructor(
    readonly problems: readonly RecordProblem[],
    readonly subject: string,
  ) {
    super(problems.map((p) => `${subject}: ${p.field === '' ? '' : `${p.field}: `}${p.message}`).join('\n'));
    this.name = 'RecordError';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

/** JSON without undefined members (a patch's object used where the field had no object). */
function stripUndefined(v: PatchValue): Json | undefined {
  if (v === undefined) return undefined;
  if (!isPlainObject(v)) return v as Json;
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) {
    const s = stripUndefined(x as PatchValue);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** `current` with `patch` applied, as plain JSON. */
export function applyPatch(current: JsonRecord, patch: RecordPatch): JsonRecord {
  const out: JsonRecord = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    const before = out[k];
    if (v === undefined) delete out[k];
    else if (isPlainObject(v) && isPlainObject(before)) out[k] = applyPatch(before as JsonRecord, v as RecordPatch);
    else out[k] = stripUndefined(v) as Json;
  }
  return out;
}

/**
 * The patch that turns `before` into `after`: changed fields only, objects compared key by
 * key (so an edit of label.zh does not also rewrite label.en), lists replaced whole.
 *
 * @example
 *   recordPatch({ id: 'a', label: { zh: '甲', en: 'A' }, unit: 'mm' }, { id: 'a', label: { zh: '乙', en: 'A' } })
 *   // → { label: { zh: '乙' }, unit: undefined }
 */
export function recordPatch(before: JsonRecord, after: JsonRecord): RecordPatch {
  const out: Record<string, PatchValue> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[k];
    const a = after[k];
    if (a === undefined) {
      if (b !== undefined) out[k] = undefined;
    } else if (isPlainObject(a) && isPlainObject(b)) {
      const inner = recordPatch(b as JsonRecord, a as JsonRecord);
      if (Object.keys(inner).length > 0) out[k] = inner;
    } else if (!sameJson(a, b)) {
      out[k] = a;
    }
  }
  return out;
}

// --- Reading ----------------------------------------------------------------------------

function recordList(doc: Y.Doc, kind: RecordKind): Y.Array<unknown> | undefined {
  const list = modelMap(doc).get(kind);
  return list instanceof Y.Array ? list : undefined;
}

/** A stored record (id form) → A1 form, as docToWorkbook writes it. */
function toA1Record(kind: RecordKind, stored: JsonRecord, positions: DocPositions): JsonRecord {
  const out = { ...stored };
  const bare = (v: Json | undefined) => (typeof v === 'string' ? bareRefToA1Form(v, positions) : v);
  const formula = (v: Json | undefined) => (isFormula(v) ? toA1Form(v, positions, undefined) : v);
  if (kind === 'parameters' && out.bind !== undefined) out.bind = bare(out.bind) as Json;
  if (kind === 'outputs' && out.ref !== undefined) out.ref = bare(out.ref) as Json;
  if (kind === 'names' && out.expression !== undefined) out.expression = formula(out.expression) as Json;
  if (kind === 'modules' && isPlainObject(out.inputs)) {
    out.inputs = Object.fromEntries(Object.entries(out.inputs).map(([k, v]) => [k, formula(v) ?? null]));
  }
  return out;
}

/** The records of one list in A1 form, in document order (what docToWorkbook would write). */
export function readRecords(doc: Y.Doc, kind: RecordKind): JsonRecord[] {
  const positions = new DocPositions(sheetHandles(doc));
  return (recordList(doc, kind)?.toArray() ?? [])
    .map(fromY)
    .filter((r): r is JsonRecord => isPlainObject(r))
    .map((r) => toA1Record(kind, r, positions));
}

export interface ModelInfo {
  readonly id: string;
  readonly kind: 'product' | 'module';
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly productLine: string;
  readonly version: string;
  readonly currency: string;
}

/** The model's metadata as stored. */
export function readModelInfo(doc: Y.Doc): ModelInfo {
  const model = modelMap(doc);
  const text = (key: string) => {
    const v = model.get(key);
    return typeof v === 'string' ? v : '';
  };
  const localized = (key: string): LocalizedText | undefined => {
    const v = fromY(model.get(key));
    return isPlainObject(v) ? { zh: typeof v.zh === 'string' ? v.zh : '', en: typeof v.en === 'string' ? v.en : '' } : undefined;
  };
  const description = localized('description');
  return {
    id: text('id'),
    kind: model.get('kind') === 'module' ? 'module' : 'product',
    name: localized('name') ?? { zh: '', en: '' },
    ...(description ? { description } : {}),
    productLine: text('productLine'),
    version: text('version'),
    currency: text('currency'),
  };
}

// --- Checking ---------------------------------------------------------------------------

/** A workbook holding only what a record's checks need; the rest is a valid placeholder. */
function probeWorkbook(parts: Record<string, unknown>): Record<string, unknown> {
  return {
    format: WORKBOOK_FORMAT,
    id: 'probe',
    name: { zh: 'probe', en: 'probe' },
    productLine: 'probe',
    version: '1.0.0',
    currency: 'CNY',
    sheets: [{ name: 'Probe' }],
    ...parts,
  };
}

/** Problems of the format's own rules (schema, domains, test cases' names) for one record. */
function formatProblems(doc: Y.Doc, kind: RecordKind, record: JsonRecord): RecordProblem[] {
  // Test cases are checked against the model's parameters and outputs.
  const context = kind === 'tests' ? { parameters: readRecords(doc, 'parameters'), outputs: readRecords(doc, 'outputs') } : {};
  const sink = new ErrorSink('record');
  validateWorkbook(probeWorkbook({ ...context, [kind]: [record] }), sink);
  const prefix = `${kind}[0]`;
  return sink.errors
    .filter((e) => e.path === prefix || e.path.startsWith(`${prefix}.`) || e.path.startsWith(`${prefix}[`))
    .map((e) => ({ field: e.path.slice(prefix.length).replace(/^\./, ''), message: e.message }));
}

/** A typed reference or formula field of a record: where it is and whether it is bare (`bind`, `ref`). */
interface ReferenceField {
  readonly path: string;
  readonly text: string;
  readonly bare: boolean;
}

/** The reference fields present in `record` (a whole record or a patch). */
function referenceFields(kind: RecordKind, record: RecordPatch): ReferenceField[] {
  const out: ReferenceField[] = [];
  const { bind, ref, expression, inputs } = record;
  if (kind === 'parameters' && typeof bind === 'string') out.push({ path: 'bind', text: bind, bare: true });
  if (kind === 'outputs' && typeof ref === 'string') out.push({ path: 'ref', text: ref, bare: true });
  if (kind === 'names' && isFormula(expression)) out.push({ path: 'expression', text: expression, bare: false });
  if (kind === 'modules' && isPlainObject(inputs)) {
    for (const [k, v] of Object.entries(inputs)) if (isFormula(v)) out.push({ path: `inputs.${k}`, text: v, bare: false });
  }
  return out;
}

/** Rows and columns each sheet must gain so every reference has ids to point at. */
type Growth = Map<SheetHandle, Record<AxisName, number>>;

/**
 * Problems of references against the document: reserved `⟦…⟧` text, sheets that do not
 * exist, cells with no sheet in formulas that have no sheet of their own. Adds the growth the
 * references need to `growth`.
 */
function referenceProblems(fields: readonly ReferenceField[], sheets: readonly SheetHandle[], growth: Growth): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const byName = (name: string) => sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const need = (ref: A1Reference, path: string, text: string): void => {
    const startSheet = ref.start.sheet;
    if (startSheet === undefined) {
      problems.push({ field: path, message: `${JSON.stringify(text)}: every cell must name its sheet here, as in Inputs!B2` });
      return;
    }
    for (const corner of [ref.start, ref.end]) {
      if (!corner) continue;
      const name = corner.sheet ?? startSheet;
      const sheet = byName(name);
      if (!sheet) {
        problems.push({ field: path, message: `there is no sheet "${name}"` });
        continue;
      }
      const g = growth.get(sheet) ?? { rows: 0, cols: 0 };
      if (corner.row) g.rows = Math.max(g.rows, corner.row.at + 1 - sheet.rows.length);
      if (corner.col) g.cols = Math.max(g.cols, corner.col.at + 1 - sheet.cols.length);
      growth.set(sheet, g);
    }
  };
  for (const f of fields) {
    try {
      requireNoIdReferences(f.text);
    } catch (e) {
      problems.push({ field: f.path, message: (e as Error).message });
      continue;
    }
    if (f.bare) {
      const ref = parseBareReference(f.text);
      if (ref) need(ref, f.path, f.text);
      else if (f.text.includes('!')) problems.push({ field: f.path, message: `${JSON.stringify(f.text)} is not a cell; write a cell as Sheet!B2, or give a name` });
    } else {
      for (const ref of a1References(f.text)) need(ref, f.path, f.text);
    }
  }
  for (const [sheet, g] of growth) {
    for (const axis of ['rows', 'cols'] as const) {
      if (g[axis] > MAX_INSERT) {
        const word = axis === 'rows' ? 'rows' : 'columns';
        problems.push({ field: '', message: `a reference reaches ${g[axis]} ${word} beyond sheet "${sheet.name}"; insert ${word} first` });
      }
    }
  }
  return problems;
}

function keyOf(kind: RecordKind, record: JsonRecord | RecordPatch): string | undefined {
  const k = record[recordKeyField(kind)];
  return typeof k === 'string' ? k : undefined;
}

function sameKey(kind: RecordKind, a: string, b: string): boolean {
  // Names match ignoring case, as the engine looks them up.
  return kind === 'names' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function subjectOf(kind: RecordKind, key: string | undefined): string {
  return key === undefined || key === '' ? `new ${KIND_INFO[kind].word}` : `${KIND_INFO[kind].word} ${JSON.stringify(key)}`;
}

/** Everything wrong with `candidate` (the record as it would be) in `doc`; `fields` are the typed references. */
function checkRecord(doc: Y.Doc, kind: RecordKind, candidate: JsonRecord, skipIndex: number | undefined, fields: readonly ReferenceField[], growth: Growth): RecordProblem[] {
  const problems = formatProblems(doc, kind, candidate);
  const key = keyOf(kind, candidate);
  if (key !== undefined) {
    const clash = readRecords(doc, kind).some((r, i) => i !== skipIndex && keyOf(kind, r) !== undefined && sameKey(kind, keyOf(kind, r) as string, key));
    if (clash) problems.push({ field: recordKeyField(kind), message: `there is already a ${KIND_INFO[kind].word} ${JSON.stringify(key)}` });
  }
  problems.push(...referenceProblems(fields, sheetHandles(doc), growth));
  return problems;
}

// --- Writing ----------------------------------------------------------------------------

function growSheets(growth: Growth): void {
  for (const [sheet, g] of growth) {
    for (const axis of ['rows', 'cols'] as const) {
      if (g[axis] <= 0) continue;
      const taken = new Set([...axisList(sheet, axis).toArray(), ...deletedOf(sheet, axis).keys()]);
      axisList(sheet, axis).push(newIds(g[axis], taken));
    }
  }
}

/** A typed value (A1) at `path` of a record → what the document stores there (id form). */
function storedForm(kind: RecordKind, path: readonly string[], value: Json, target: IdTarget): Json {
  const field = path.join('.');
  const formula = (v: Json): Json => (isFormula(v) ? toIdForm(v, target, undefined) : v);
  if (kind === 'parameters' && field === 'bind' && typeof value === 'string') return bareRefToIdForm(value, target);
  if (kind === 'outputs' && field === 'ref' && typeof value === 'string') return bareRefToIdForm(value, target);
  if (kind === 'names' && field === 'expression') return formula(value);
  if (kind === 'modules' && path[0] === 'inputs' && path.length === 2) return formula(value);
  if (kind === 'modules' && field === 'inputs' && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, formula(v)]));
  }
  return value;
}

/** Write `patch` into `map`, touching only keys whose stored value changes. */
function writePatch(map: Y.Map<unknown>, patch: RecordPatch, store: (path: readonly string[], value: Json) => Json, path: readonly string[] = []): void {
  for (const [k, v] of Object.entries(patch)) {
    const at = [...path, k];
    const existing = map.get(k);
    if (v === undefined) {
      if (map.has(k)) map.delete(k);
    } else if (isPlainObject(v) && existing instanceof Y.Map) {
      writePatch(existing, v as RecordPatch, store, at);
    } else {
      const stored = store(at, stripUndefined(v) as Json);
      if (!map.has(k) || !sameJson(fromY(existing), stored)) map.set(k, toY(stored));
    }
  }
}

function requireModel(doc: Y.Doc): void {
  if (modelMap(doc).size === 0) throw new Error('the document holds no model; import a workbook first');
}

function findIndex(doc: Y.Doc, kind: RecordKind, key: string): number {
  const index = (recordList(doc, kind)?.toArray() ?? []).findIndex((m) => m instanceof Y.Map && m.get(recordKeyField(kind)) === key);
  if (index < 0) throw new RecordError([{ field: '', message: 'no such record (removed or renamed elsewhere?)' }], subjectOf(kind, key));
  return index;
}

function listFor(doc: Y.Doc, kind: RecordKind): Y.Array<unknown> {
  let list = recordList(doc, kind);
  if (!list) {
    // Only a document from a broken writer lacks a list; give it one (inside the transaction).
    list = new Y.Array<unknown>();
    modelMap(doc).set(kind, list);
  }
  return list;
}

/**
 * Add a record typed in A1 at the end of its list (or at `at`). Throws RecordError, before
 * writing anything, naming each problem.
 */
export function addRecord<K extends RecordKind>(doc: Y.Doc, kind: K, record: RecordTypes[K] | JsonRecord, origin: unknown, at?: number): void {
  requireModel(doc);
  const typed = record as JsonRecord;
  const subject = subjectOf(kind, keyOf(kind, typed));
  const growth: Growth = new Map();
  const problems = checkRecord(doc, kind, typed, undefined, referenceFields(kind, typed), growth);
  const size = recordList(doc, kind)?.length ?? 0;
  const index = at ?? size;
  if (!Number.isInteger(index) || index < 0 || index > size) problems.push({ field: '', message: `position ${index} is outside 0–${size}` });
  if (problems.length > 0) throw new RecordError(problems, subject);

  doc.transact(() => {
    growSheets(growth);
    const target = IdLookup.fromHandles(sheetHandles(doc));
    const stored = Object.fromEntries(Object.entries(typed).filter(([, v]) => v !== undefined).map(([k, v]) => [k, storedForm(kind, [k], v, target)]));
    listFor(doc, kind).insert(index, [toY(stored)]);
  }, origin);
}

/**
 * Change fields of the record whose key (id, or name for names) is `key`. Only the fields in
 * `patch` are touched, and of those only what differs from the document. Renaming a parameter
 * or an output also renames it in every test case's `given` / `expect`, so the tests keep
 * loading. Throws RecordError before writing anything.
 */
export function updateRecord(doc: Y.Doc, kind: RecordKind, key: string, patch: RecordPatch, origin: unknown): void {
  requireModel(doc);
  const index = findIndex(doc, kind, key);
  const current = readRecords(doc, kind)[index] as JsonRecord;
  const candidate = applyPatch(current, patch);
  const growth: Growth = new Map();
  const problems = checkRecord(doc, kind, candidate, index, referenceFields(kind, patch), growth);
  if (problems.length > 0) throw new RecordError(problems, subjectOf(kind, key));
  const renamed = keyOf(kind, candidate);
  const rename = renamed !== undefined && renamed !== key && (kind === 'parameters' || kind === 'outputs') ? renamed : undefined;

  doc.transact(() => {
    growSheets(growth);
    const target = IdLookup.fromHandles(sheetHandles(doc));
    const map = (recordList(doc, kind) as Y.Array<unknown>).get(index) as Y.Map<unknown>;
    writePatch(map, patch, (path, value) => storedForm(kind, path, value, target));
    if (rename !== undefined) renameInTests(doc, kind === 'parameters' ? 'given' : 'expect', key, rename);
  }, origin);
}

function renameInTests(doc: Y.Doc, field: 'given' | 'expect', from: string, to: string): void {
  for (const test of recordList(doc, 'tests')?.toArray() ?? []) {
    const entries = test instanceof Y.Map ? test.get(field) : undefined;
    if (!(entries instanceof Y.Map) || !entries.has(from) || entries.has(to)) continue;
    const value = fromY(entries.get(from));
    entries.delete(from);
    entries.set(to, toY(value));
  }
}

/** Test cases that name `key` in `given` (parameters) or `expect` (outputs). */
function testsUsing(doc: Y.Doc, kind: RecordKind, key: string): string[] {
  if (kind !== 'parameters' && kind !== 'outputs') return [];
  const field = kind === 'parameters' ? 'given' : 'expect';
  return readRecords(doc, 'tests')
    .filter((t) => isPlainObject(t[field]) && Object.hasOwn(t[field] as object, key))
    .map((t) => String(t.id));
}

/**
 * Remove a record. A parameter or output that test cases name cannot go (the tests would no
 * longer load); the message lists those tests.
 */
export function removeRecord(doc: Y.Doc, kind: RecordKind, key: string, origin: unknown): void {
  requireModel(doc);
  const index = findIndex(doc, kind, key);
  const users = testsUsing(doc, kind, key);
  if (users.length > 0) {
    const where = kind === 'parameters' ? 'given' : 'expected';
    throw new RecordError([{ field: '', message: `test cases ${users.map((u) => JSON.stringify(u)).join(', ')} use it (${where}); change them first` }], subjectOf(kind, key));
  }
  doc.transact(() => (recordList(doc, kind) as Y.Array<unknown>).delete(index, 1), origin);
}

/**
 * Move a record to position `to` (0-based, counted after taking it out). A Y.Array moves by
 * delete and re-insert, so an edit another replica makes to the record at the same moment is
 * lost with the old copy; order matters little for records, so this stays the simple way.
 */
export function moveRecord(doc: Y.Doc, kind: RecordKind, key: string, to: number, origin: unknown): void {
  requireModel(doc);
  const index = findIndex(doc, kind, key);
  const list = recordList(doc, kind) as Y.Array<unknown>;
  if (!Number.isInteger(to) || to < 0 || to > list.length - 1) {
    throw new RecordError([{ field: '', message: `position ${to} is outside 0–${list.length - 1}` }], subjectOf(kind, key));
  }
  if (to === index) return;
  doc.transact(() => {
    const copy = toY(fromY(list.get(index)));
    list.delete(index, 1);
    list.insert(to, [copy]);
  }, origin);
}

export interface ModelInfoPatch {
  readonly name?: Partial<LocalizedText>;
  /** null removes the description. */
  readonly description?: Partial<LocalizedText> | null;
  readonly productLine?: string;
  readonly version?: string;
  readonly currency?: string;
  readonly kind?: 'product' | 'module';
}

const INFO_FIELDS = ['name', 'description', 'productLine', 'version', 'currency', 'kind'] as const;

/** Change the model's metadata; each language of name and description is its own field. */
export function setModelInfo(doc: Y.Doc, info: ModelInfoPatch, origin: unknown): void {
  requireModel(doc);
  const current = readModelInfo(doc) as unknown as JsonRecord;
  const patch: Record<string, PatchValue> = {};
  for (const f of INFO_FIELDS) {
    const v = info[f];
    if (v === undefined) continue;
    patch[f] = v === null ? undefined : (v as PatchValue);
  }
  const candidate = applyPatch(current, patch);
  const sink = new ErrorSink('model');
  validateWorkbook(probeWorkbook(Object.fromEntries(INFO_FIELDS.filter((f) => candidate[f] !== undefined).map((f) => [f, candidate[f]]))), sink);
  const problems = sink.errors.map((e) => ({ field: e.path, message: e.message }));
  if (problems.length > 0) throw new RecordError(problems, 'model');
  doc.transact(() => writePatch(modelMap(doc), patch, (_path, value) => value), origin);
}
