/**
 * The side panel's forms hold text, as the user types it (a draft); records hold typed values.
 * These pure functions turn a record into a draft for the form and a draft back into a record,
 * reporting text that cannot be read (`min: expected a number, got "abc"`) at its field. Rules
 * of the format itself (ranges, options, unknown outputs) are left to the record commands,
 * which check the record as a whole.
 */
import { parseParameterText } from '../../../domain/workbook/parameters';
import type { Parameter, ParameterType } from '../../../domain/workbook/schema';
import type { Json } from '../../../sync/model/docShape';
import { recordPatch } from '../../../sync/model/recordCommands';
import type { JsonRecord, ModelInfo, ModelInfoPatch, RecordKind, RecordProblem } from '../../../sync/model/recordCommands';

export interface OptionRow {
  value: string;
  zh: string;
  en: string;
}

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface ExpectRow extends KeyValueRow {
  /** Empty: the case's tolerance applies. */
  tolerance: string;
}

export interface ParameterDraft {
  id: string;
  labelZh: string;
  labelEn: string;
  type: ParameterType;
  unit: string;
  group: string;
  descriptionZh: string;
  descriptionEn: string;
  bind: string;
  default: string;
  min: string;
  max: string;
  step: string;
  maxLength: string;
  /** Number parameters: the market index series that fills it in quotes ('' = none). */
  index: string;
  /** Integer parameters: receives the quote line's quantity. */
  quantity: boolean;
  options: OptionRow[];
}

export interface OutputDraft {
  id: string;
  labelZh: string;
  labelEn: string;
  role: string;
  ref: string;
  unit: string;
  /** '' = by role (money for the four price and cost roles), 'true' or 'false'. */
  money: '' | 'true' | 'false';
  decimals: string;
  step: string;
}

export interface ModuleDraft {
  id: string;
  file: string;
  inputs: KeyValueRow[];
}

export interface NameDraft {
  name: string;
  expression: string;
  comment: string;
}

export interface TestDraft {
  id: string;
  description: string;
  given: KeyValueRow[];
  expect: ExpectRow[];
  tolerance: string;
  source: string;
}

export interface DraftTypes {
  parameters: ParameterDraft;
  outputs: OutputDraft;
  modules: ModuleDraft;
  names: NameDraft;
  tests: TestDraft;
}

export type Draft = DraftTypes[RecordKind];

export type FromDraft = { ok: true; record: JsonRecord } | { ok: false; problems: RecordProblem[] };

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const str = (v: Json | undefined): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const obj = (v: Json | undefined): Record<string, Json> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});

/**
 * A value written as text where it may be a number, text or (where allowed) true/false: the
 * text "10" is the number 10; to mean the text, quote it: "\"10\"".
 *
 * @example
 *   parseLoose('10', false) // 10
 *   parseLoose('"10"', false) // '10'
 *   parseLoose('OK', true) // 'OK'
 */
export function parseLoose(text: string, allowBoolean: boolean): number | string | boolean {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      const inner: unknown = JSON.parse(t);
      if (typeof inner === 'string') return inner;
    } catch {
      // Not a JSON string: kept as typed, below.
    }
  }
  if (NUMBER_TEXT.test(t)) return Number(t);
  if (allowBoolean && (t === 'true' || t === 'false')) return t === 'true';
  return text;
}

/** The reverse of parseLoose: text that would read back as a number or boolean is quoted. */
export function formatLoose(v: Json | undefined): string {
  if (typeof v !== 'string') return str(v);
  const t = v.trim();
  return NUMBER_TEXT.test(t) || t === 'true' || t === 'false' || t.startsWith('"') ? JSON.stringify(v) : v;
}

// --- Record → draft ---------------------------------------------------------------------

function parameterDraft(r: JsonRecord): ParameterDraft {
  const label = obj(r.label);
  const description = obj(r.description);
  const options = Array.isArray(r.options) ? r.options : [];
  return {
    id: str(r.id),
    labelZh: str(label.zh),
    labelEn: str(label.en),
    type: (str(r.type) || 'number') as ParameterType,
    unit: str(r.unit),
    group: str(r.group),
    descriptionZh: str(description.zh),
    descriptionEn: str(description.en),
    bind: str(r.bind),
    default: r.type === 'choice' ? formatLoose(r.default) : str(r.default),
    min: str(r.min),
    max: str(r.max),
    step: str(r.step),
    maxLength: str(r.maxLength),
    index: str(r.index),
    quantity: r.quantity === true,
    options: options.map((o) => {
      const option = obj(o);
      const l = obj(option.label);
      return { value: formatLoose(option.value), zh: str(l.zh), en: str(l.en) };
    }),
  };
}

function outputDraft(r: JsonRecord): OutputDraft {
  const label = obj(r.label);
  return {
    id: str(r.id),
    labelZh: str(label.zh),
    labelEn: str(label.en),
    role: str(r.role) || 'other',
    ref: str(r.ref),
    unit: str(r.unit),
    money: r.money === true ? 'true' : r.money === false ? 'false' : '',
    decimals: str(r.decimals),
    step: str(r.step),
  };
}

function moduleDraft(r: JsonRecord): ModuleDraft {
  return { id: str(r.id), file: str(r.file), inputs: Object.entries(obj(r.inputs)).map(([key, v]) => ({ key, value: formatLoose(v) })) };
}

function nameDraft(r: JsonRecord): NameDraft {
  return { name: str(r.name), expression: formatLoose(r.expression), comment: str(r.comment) };
}

function testDraft(r: JsonRecord): TestDraft {
  return {
    id: str(r.id),
    description: str(r.description),
    given: Object.entries(obj(r.given)).map(([key, v]) => ({ key, value: formatLoose(v) })),
    expect: Object.entries(obj(r.expect)).map(([key, v]) => {
      const detailed = typeof v === 'object' && v !== null && !Array.isArray(v);
      return detailed ? { key, value: formatLoose(v.value), tolerance: str(v.tolerance) } : { key, value: formatLoose(v), tolerance: '' };
    }),
    tolerance: str(r.tolerance),
    source: str(r.source),
  };
}

/** The form's text for a record (A1 form, as readRecords gives it). */
export function draftOf<K extends RecordKind>(kind: K, record: JsonRecord): DraftTypes[K] {
  const make: { [P in RecordKind]: (r: JsonRecord) => DraftTypes[P] } = {
    parameters: parameterDraft,
    outputs: outputDraft,
    modules: moduleDraft,
    names: nameDraft,
    tests: testDraft,
  };
  return make[kind](record);
}

/** The form of a record not yet written. */
export function emptyDraft<K extends RecordKind>(kind: K): DraftTypes[K] {
  const blank: { [P in RecordKind]: JsonRecord } = {
    parameters: { type: 'number', default: 0 },
    outputs: { role: 'other' },
    modules: {},
    names: {},
    tests: {},
  };
  return draftOf(kind, blank[kind]);
}

// --- Draft → record ---------------------------------------------------------------------

/** Collects a record's fields and the problems of reading them. */
class Builder {
  readonly record: JsonRecord = {};
  readonly problems: RecordProblem[] = [];

  set(field: string, value: Json | undefined): void {
    if (value !== undefined) this.record[field] = value;
  }

  /** Optional text: absent when empty. */
  text(field: string, text: string): void {
    if (text.trim() !== '') this.record[field] = text;
  }

  number(field: string, text: string, path = field): number | undefined {
    const t = text.trim();
    if (t === '') return undefined;
    if (!NUMBER_TEXT.test(t)) {
      this.problems.push({ field: path, message: `expected a number, got ${JSON.stringify(text)}` });
      return undefined;
    }
    return Number(t);
  }

  optionalNumber(field: string, text: string): void {
    this.set(field, this.number(field, text));
  }

  /** `{ zh, en }`, required: empty texts are left for the schema to name. */
  localized(field: string, zh: string, en: string, optional = false): void {
    if (optional && zh.trim() === '' && en.trim() === '') return;
    this.record[field] = { zh, en };
  }

  result(): FromDraft {
    return this.problems.length > 0 ? { ok: false, problems: this.problems } : { ok: true, record: this.record };
  }
}

function parameterRecord(d: ParameterDraft): FromDraft {
  const b = new Builder();
  b.set('id', d.id);
  b.localized('label', d.labelZh, d.labelEn);
  b.set('type', d.type);
  b.text('unit', d.unit);
  b.text('group', d.group);
  b.localized('description', d.descriptionZh, d.descriptionEn, true);
  b.set('bind', d.bind.trim());
  switch (d.type) {
    case 'number':
    case 'integer':
      b.optionalNumber('min', d.min);
      b.optionalNumber('max', d.max);
      b.optionalNumber('step', d.step);
      b.set('default', d.default.trim() === '' ? undefined : b.number('default', d.default));
      if (d.default.trim() === '') b.problems.push({ field: 'default', message: 'is required' });
      if (d.type === 'number') b.text('index', d.index.trim());
      if (d.type === 'integer' && d.quantity) b.set('quantity', true);
      break;
    case 'choice': {
      const options = d.options.map((o) => ({ value: parseLoose(o.value, false), label: { zh: o.zh, en: o.en } }));
      b.set('options', options);
      // The default is written as one of the options is: "50" selects the option 50.
      const match = d.options.findIndex((o) => o.value.trim() === d.default.trim());
      b.set('default', match >= 0 ? (options[match]?.value as Json) : parseLoose(d.default, false));
      break;
    }
    case 'boolean':
      b.set('default', d.default === 'true');
      break;
    case 'text':
      b.optionalNumber('maxLength', d.maxLength);
      b.set('default', d.default);
      break;
    case 'date':
      b.text('min', d.min.trim());
      b.text('max', d.max.trim());
      b.set('default', d.default.trim());
      break;
  }
  return b.result();
}

function outputRecord(d: OutputDraft): FromDraft {
  const b = new Builder();
  b.set('id', d.id);
  b.localized('label', d.labelZh, d.labelEn);
  b.set('role', d.role);
  b.set('ref', d.ref.trim());
  b.text('unit', d.unit);
  if (d.money !== '') b.set('money', d.money === 'true');
  b.optionalNumber('decimals', d.decimals);
  b.optionalNumber('step', d.step);
  return b.result();
}

/** Rows → an object, refusing a key given twice or a row with no key. */
function rowsToObject<R extends KeyValueRow>(rows: readonly R[], field: string, b: Builder, value: (row: R, path: string) => Json | undefined): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '') {
      if (row.value.trim() !== '') b.problems.push({ field, message: `the value ${JSON.stringify(row.value)} has no name` });
      continue;
    }
    if (Object.hasOwn(out, key)) {
      b.problems.push({ field: `${field}.${key}`, message: 'is given twice' });
      continue;
    }
    const v = value(row, `${field}.${key}`);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function moduleRecord(d: ModuleDraft): FromDraft {
  const b = new Builder();
  b.set('id', d.id);
  b.set('file', d.file.trim());
  // An input left empty is an empty cell (null), as the format allows.
  const inputs = rowsToObject(d.inputs, 'inputs', b, (row) => (row.value.trim() === '' ? null : row.value.trim().startsWith('=') ? row.value.trim() : parseLoose(row.value, true)));
  if (d.inputs.length > 0) b.set('inputs', inputs);
  return b.result();
}

function nameRecord(d: NameDraft): FromDraft {
  const b = new Builder();
  b.set('name', d.name.trim());
  const e = d.expression.trim();
  b.set('expression', e.startsWith('=') ? e : parseLoose(d.expression, true));
  b.text('comment', d.comment);
  return b.result();
}

function testRecord(d: TestDraft, parameters: readonly Parameter[]): FromDraft {
  const b = new Builder();
  b.set('id', d.id);
  b.text('description', d.description);
  const byId = new Map(parameters.map((p) => [p.id, p]));
  b.set(
    'given',
    rowsToObject(d.given, 'given', b, (row, path) => {
      const p = byId.get(row.key.trim());
      if (!p) return parseLoose(row.value, true);
      const parsed = parseParameterText(p, row.value);
      if (parsed.ok) return parsed.value;
      b.problems.push({ field: path, message: parsed.message });
      return undefined;
    }),
  );
  b.set(
    'expect',
    rowsToObject(d.expect, 'expect', b, (row, path) => {
      if (row.value.trim() === '') {
        b.problems.push({ field: path, message: 'give the expected value' });
        return undefined;
      }
      const value = parseLoose(row.value, true);
      const tolerance = b.number('tolerance', row.tolerance, `${path}.tolerance`);
      return tolerance === undefined ? value : { value, tolerance };
    }),
  );
  b.optionalNumber('tolerance', d.tolerance);
  b.text('source', d.source);
  return b.result();
}

/**
 * The record a draft stands for (A1 form), or the fields whose text cannot be read. Test cases
 * read `given` values the way each parameter reads text (choices by value, dates as YYYY-MM-DD).
 */
export function recordOf(kind: RecordKind, draft: Draft, parameters: readonly Parameter[] = []): FromDraft {
  switch (kind) {
    case 'parameters':
      return parameterRecord(draft as ParameterDraft);
    case 'outputs':
      return outputRecord(draft as OutputDraft);
    case 'modules':
      return moduleRecord(draft as ModuleDraft);
    case 'names':
      return nameRecord(draft as NameDraft);
    case 'tests':
      return testRecord(draft as TestDraft, parameters);
  }
}

// --- Model info -------------------------------------------------------------------------

export interface InfoDraft {
  kind: 'product' | 'module';
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  productLine: string;
  version: string;
  currency: string;
}

export function infoDraftOf(info: ModelInfo): InfoDraft {
  return {
    kind: info.kind,
    nameZh: info.name.zh,
    nameEn: info.name.en,
    descriptionZh: info.description?.zh ?? '',
    descriptionEn: info.description?.en ?? '',
    productLine: info.productLine,
    version: info.version,
    currency: info.currency,
  };
}

function infoRecord(d: InfoDraft): JsonRecord {
  const hasDescription = d.descriptionZh.trim() !== '' || d.descriptionEn.trim() !== '';
  return {
    kind: d.kind,
    name: { zh: d.nameZh, en: d.nameEn },
    ...(hasDescription ? { description: { zh: d.descriptionZh, en: d.descriptionEn } } : {}),
    productLine: d.productLine.trim(),
    version: d.version.trim(),
    currency: d.currency.trim(),
  };
}

/** The metadata fields the user changed between opening the form (`before`) and now. */
export function infoPatchOf(before: ModelInfo, draft: InfoDraft): ModelInfoPatch {
  const p = recordPatch(infoRecord(infoDraftOf(before)), infoRecord(draft));
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const localized = (v: unknown) => v as { zh?: string; en?: string };
  return {
    ...(p.kind === 'product' || p.kind === 'module' ? { kind: p.kind } : {}),
    ...(p.name !== undefined ? { name: localized(p.name) } : {}),
    ...('description' in p ? { description: p.description === undefined ? null : localized(p.description) } : {}),
    ...(text(p.productLine) !== undefined ? { productLine: text(p.productLine) } : {}),
    ...(text(p.version) !== undefined ? { version: text(p.version) } : {}),
    ...(text(p.currency) !== undefined ? { currency: text(p.currency) } : {}),
  };
}
