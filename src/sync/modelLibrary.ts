/**
 * The model library: every price model on this device, each a Y.Doc (`model:<id>`, persisted
 * by a `DocPersistence`) with an index entry in Dexie (`models`) that projects the document's
 * name, product line, version and includes for lists and search. Releases (frozen, hashed
 * snapshots) are stored in Dexie `releases` for the configurator and quotes.
 *
 * The document is what travels between devices, so it also carries the library's part
 * (modelLibraryDoc.ts): the entry's file, creation time and bin state, and every release. The
 * entry and the release rows are projections of it: a device that receives `model:<id>` lists it
 * with `adopt`, and an open document's remote updates (a rename, a release made elsewhere) reach
 * Dexie through the same projection as local edits.
 *
 * Invariants:
 * - One live Y.Doc per model in this library: `openModel` of an id already open returns the same
 *   doc (reference counted), and every internal read goes through the same registry, so two
 *   screens never fork a model.
 * - An entry exists only for a document that holds a model: documents are written first, entries
 *   second; a document without an entry is a leftover of an interrupted create and is cleared
 *   when its id is used again.
 * - Entries are keyed by the workbook id; seeding the examples twice never duplicates them.
 * - Every release row of a model is also in its document, except briefly between the row's
 *   write and the document's (a crash there is repaired by releasing the same content again).
 *   Documents written before the library part existed get it from this device's entry and
 *   releases when first opened.
 *
 * Deleting for good (`purge`) removes this device's entry and document only. Another device
 * keeps its copy, and the server keeps the document; deletion across devices needs the server to
 * drop the document and tell devices to purge (not done: the bin, `deletedAt`, does travel).
 *
 * @example
 *   const library = new ModelLibrary({ db: new SuanpanDb(), persistence: new IndexeddbDocPersistence() });
 *   await library.seedExamples(exampleFiles);
 *   const open = await library.openModel('butterfly-valve');
 *   const binding = await bindModel(open.doc, open.entry.file, library.moduleSource());
 *   // … edit …
 *   const outcome = await library.release('butterfly-valve', { version: await library.suggestNextVersion('butterfly-valve') });
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { z } from 'zod';
import type { WorkbookError } from '../domain/workbook/errors.js';
import { resolveRelative } from '../domain/workbook/load.js';
import type { WorkbookSource } from '../domain/workbook/load.js';
import { parseWorkbookText } from '../domain/workbook/parse.js';
import type { ReleasedModel } from '../domain/workbook/release.js';
import { LocalizedText, WORKBOOK_FORMAT, Workbook } from '../domain/workbook/schema.js';
import type { SuanpanDb } from '../store/db.js';
import { ModelEntry, ModelId, modelDocName, modelFileFor } from '../store/modelEntry.js';
import type { ModelKind } from '../store/modelEntry.js';
import { copyName, slugFromName, uniqueModelId } from '../store/modelNaming.js';
import { ReleaseEntry, releaseSummary } from '../store/releaseEntry.js';
import type { ReleaseSummary } from '../store/releaseEntry.js';
import { EXAMPLES_SEEDED } from '../store/setting.js';
import { compareVersions, nextVersion, versionProblem } from '../store/versions.js';
import { modelMap, toY } from './model/docShape.js';
import { docToWorkbook, listSheets, workbookToDoc } from './model/modelDoc.js';
import { insertColumns, insertRows } from './model/modelCommands.js';
import { EntryProjector } from './entryProjector.js';
import {
  addDocRelease,
  clearDocReleases,
  hasLibraryMeta,
  holdsModel,
  readDocReleases,
  readLibraryMeta,
  releasesMap,
  setDeletedAt,
  writeLibraryMeta,
} from './modelLibraryDoc.js';
import type { LibraryMeta } from './modelLibraryDoc.js';
import type { DocPersistence, PersistedDoc } from './persistence.js';

/** Origin of the library's own document edits (rename, version on release, new models). */
export const LIBRARY_ORIGIN = Symbol('model-library');

/** Grid of a new blank model's sheet. */
export const BLANK_ROWS = 20;
export const BLANK_COLS = 8;
export const BLANK_VERSION = '0.1.0';

const DEFAULT_PROJECTION_DELAY_MS = 250;

export interface ModelLibraryOptions {
  readonly db: SuanpanDb;
  readonly persistence: DocPersistence;
  /** ISO 8601 clock; injected so tests are deterministic. */
  readonly now?: () => string;
  /** How long document edits gather before the entry is rewritten (one Dexie transaction each time). */
  readonly projectionDelayMs?: number;
  /** Where a failed projection is reported (the edit itself is safe in the document). */
  readonly onError?: (error: unknown) => void;
}

/** A model open for editing. */
export interface OpenModel {
  /** The entry as it was when opened. */
  readonly entry: ModelEntry;
  /** The live document, shared by everyone who has this model open. */
  readonly doc: Y.Doc;
  /** Who else is on this model, when it syncs with a server. */
  readonly awareness?: Awareness | undefined;
  /** Write the entry projection now instead of after the debounce. */
  flush(): Promise<void>;
  /** Give up this handle; the document is closed when the last handle is. Safe to call twice. */
  close(): Promise<void>;
}

export interface ListOptions {
  readonly kind?: ModelKind;
  readonly includeDeleted?: boolean;
  /** Which name to sort by; English unless given. */
  readonly language?: 'zh' | 'en';
}

export interface NewModel {
  readonly name: LocalizedText;
  readonly productLine: string;
  readonly kind?: ModelKind;
  /** Wanted id; derived from the English name if absent. A given id that is taken is an error. */
  readonly id?: string;
}

export interface ImportOptions {
  /** Wanted id instead of the workbook's; made unique if taken, never overwriting. */
  readonly id?: string;
}

export interface ReleaseRequest {
  /** Set the model's version to this before releasing (must be `x.y.z`). */
  readonly version?: string;
  /** ISO 8601; the library's clock if absent. */
  readonly releasedAt?: string;
}

export type ReleaseOutcome =
  | { readonly ok: true; readonly release: ReleasedModel; readonly created: boolean }
  | { readonly ok: false; readonly errors: readonly WorkbookError[] };

export interface SeedReport {
  /** True when the examples had been seeded before and nothing was done. */
  readonly skipped: boolean;
  /** Entries of the example files seeded by this run (created, or completed after an interrupted run). */
  readonly models: readonly ModelEntry[];
  /** Releases of the example products (created now or found already stored). */
  readonly releases: readonly ReleaseSummary[];
  /** Problems per file; a broken file is reported and the others are still seeded. */
  readonly errors: readonly WorkbookError[];
}

/** A stored release whose content does not match its hash or header. */
export class TamperedReleaseError extends Error {
  constructor(readonly hash: string, readonly problem: string) {
    super(`stored release ${hash} cannot be trusted: ${problem}`);
    this.name = 'TamperedReleaseError';
  }
}

/** What the entry projects from a document; undefined where the document lacks the field (a broken writer). */
interface DocFields {
  readonly kind: ModelKind | undefined;
  readonly nameZh: string | undefined;
  readonly nameEn: string | undefined;
  readonly productLine: string | undefined;
  readonly version: string | undefined;
  readonly includes: string[];
  readonly sourceState: string;
}

/** Names the document's state: equal for equal content, whatever order updates arrived in (Yjs encodes snapshots sorted). */
function stateOf(doc: Y.Doc): string {
  return bytesToHex(sha256(Y.encodeSnapshot(Y.snapshot(doc))));
}

function textAt(map: Y.Map<unknown>, key: string): string | undefined {
  const v = map.get(key);
  return typeof v === 'string' ? v : undefined;
}

/** The projected fields of a document; `file` resolves its includes. */
function readDocFields(doc: Y.Doc, file: string): DocFields {
  const model = modelMap(doc);
  const name = model.get('name');
  const kind = model.get('kind');
  const modules = model.get('modules');
  const includes = new Set<string>();
  if (modules instanceof Y.Array) {
    for (const m of modules.toArray()) {
      const f = m instanceof Y.Map ? m.get('file') : undefined;
      if (typeof f === 'string' && f !== '') includes.add(resolveRelative(file, f));
    }
  }
  return {
    kind: kind === 'module' || kind === 'product' ? kind : undefined,
    nameZh: name instanceof Y.Map ? textAt(name, 'zh') : undefined,
    nameEn: name instanceof Y.Map ? textAt(name, 'en') : undefined,
    productLine: textAt(model, 'productLine'),
    version: textAt(model, 'version'),
    includes: [...includes].sort(),
    sourceState: stateOf(doc),
  };
}

/** `base` with the fields the document has; a field it lacks keeps `base`'s value. */
function withDocFields<T extends Pick<ModelEntry, 'kind' | 'nameZh' | 'nameEn' | 'productLine' | 'version'>>(base: T, fields: DocFields): T & Pick<ModelEntry, 'includes' | 'sourceState'> {
  return {
    ...base,
    kind: fields.kind ?? base.kind,
    nameZh: fields.nameZh ?? base.nameZh,
    nameEn: fields.nameEn ?? base.nameEn,
    productLine: fields.productLine ?? base.productLine,
    version: fields.version ?? base.version,
    includes: fields.includes,
    sourceState: fields.sourceState,
  };
}

/** `entry` with the document's creation time and bin state; as it was for a document without the library part. */
function withLibraryMeta(entry: ModelEntry, meta: LibraryMeta): ModelEntry {
  if (meta.file === undefined) return entry;
  const { deletedAt: _deletedAt, ...rest } = entry;
  return { ...rest, createdAt: meta.createdAt ?? entry.createdAt, ...(meta.deletedAt === undefined ? {} : { deletedAt: meta.deletedAt }) };
}

/** The entry of a model first seen in its document; throws saying which field is unfit. */
function newEntryFromDoc(id: string, file: string, meta: LibraryMeta, fields: DocFields, at: string): ModelEntry {
  const kind: ModelKind = file.startsWith('modules/') ? 'module' : 'product';
  const blank = { kind, nameZh: '', nameEn: '', productLine: '', version: '' };
  const parsed = ModelEntry.safeParse({
    id,
    file,
    ...withDocFields(blank, fields),
    createdAt: meta.createdAt ?? at,
    updatedAt: at,
    ...(meta.deletedAt === undefined ? {} : { deletedAt: meta.deletedAt }),
  });
  if (!parsed.success) throw new Error(`model:${id} cannot be listed: ${zodProblem(parsed.error, 'entry')}`);
  return parsed.data;
}

function error(file: string, path: string, message: string): WorkbookError {
  return { file, path, message };
}

/** Zod issues as one line, each led by its field (`name.zh must not be empty`). */
function zodProblem(e: z.ZodError, what: string): string {
  return e.issues.map((i) => `${[what, ...i.path.map(String)].join('.')} ${i.message}`).join('; ');
}

/** Newest first; ties by hash so the order is stable. */
function newestFirst(a: ReleaseSummary, b: ReleaseSummary): number {
  return b.releasedAt.localeCompare(a.releasedAt) || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);
}

interface LiveModel {
  readonly persisted: PersistedDoc;
  readonly projector: EntryProjector;
}

interface LiveSlot {
  refs: number;
  readonly ready: Promise<LiveModel>;
}

/** The model library over a Dexie database and a document persistence. See the file comment. */
export class ModelLibrary {
  private readonly db: SuanpanDb;
  private readonly persistence: DocPersistence;
  private readonly now: () => string;
  private readonly projectionDelayMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly live = new Map<string, LiveSlot>();
  /** Documents being closed: a reopen waits, so two storage connections never race on one name. */
  private readonly closing = new Map<string, Promise<void>>();
  private seeding: Promise<SeedReport> | undefined;
  /** Problems of release records in documents, already reported. */
  private readonly reportedProblems = new Set<string>();

  constructor(options: ModelLibraryOptions) {
    this.db = options.db;
    this.persistence = options.persistence;
    this.now = options.now ?? (() => new Date().toISOString());
    this.projectionDelayMs = options.projectionDelayMs ?? DEFAULT_PROJECTION_DELAY_MS;
    this.onError = options.onError ?? ((e: unknown) => console.error('model library: could not update a library entry', e));
  }

  /** A library with its database opened, so a storage problem (quota, private mode) shows at start. */
  static async open(options: ModelLibraryOptions): Promise<ModelLibrary> {
    await options.db.open();
    return new ModelLibrary(options);
  }

  // ---------------------------------------------------------------- seeding

  /**
   * Load the example workbooks (path → JSON text, paths as under `workbooks/`) into an empty
   * library, once: each becomes an entry and a document, then every product is released so the
   * configurator has something to price. Skipped when done before. A run interrupted half way
   * can be repeated: what exists is kept and completed, nothing is duplicated, and the flag is
   * set only at the end.
   */
  seedExamples(files: Readonly<Record<string, string>>): Promise<SeedReport> {
    this.seeding ??= this.seed(files).finally(() => {
      this.seeding = undefined;
    });
    return this.seeding;
  }

  private async seed(files: Readonly<Record<string, string>>): Promise<SeedReport> {
    if ((await this.db.settings.get(EXAMPLES_SEEDED)) !== undefined) return { skipped: true, models: [], releases: [], errors: [] };
    const errors: WorkbookError[] = [];
    const models: ModelEntry[] = [];
    for (const file of Object.keys(files).sort()) {
      const parsed = parseWorkbookText(files[file] as string, file);
      if (!parsed.ok) {
        errors.push(...parsed.errors);
        continue;
      }
      const problem = await this.seedingProblem(file, parsed.workbook);
      if (problem) {
        errors.push(problem);
        continue;
      }
      // Storage failures are not the file's fault: they propagate, and the run can be repeated.
      models.push(await this.seedOne(file, parsed.workbook));
    }
    const releases: ReleaseSummary[] = [];
    for (const entry of models.filter((m) => m.kind === 'product')) {
      const outcome = await this.release(entry.id);
      if (!outcome.ok) {
        errors.push(...outcome.errors);
        continue;
      }
      const stored = await this.db.releases.get(outcome.release.hash);
      if (stored) releases.push(releaseSummary(stored));
    }
    await this.db.settings.put({ key: EXAMPLES_SEEDED, value: this.now() });
    return { skipped: false, models, releases, errors };
  }

  /** Why the file cannot be seeded (its content, or a clash with another model), if it cannot. */
  private async seedingProblem(file: string, workbook: Workbook): Promise<WorkbookError | undefined> {
    try {
      workbookToDoc(workbook, new Y.Doc());
    } catch (e) {
      return error(file, '$', (e as Error).message);
    }
    const existing = await this.db.models.get(workbook.id);
    if (existing && existing.file !== file) return error(file, 'id', `model id "${workbook.id}" is already used by ${existing.file}`);
    const other = await this.entryByFile(file);
    if (other && other.id !== workbook.id) return error(file, '$', `file "${file}" already belongs to model "${other.id}"`);
    return undefined;
  }

  /** Make sure `workbook` has its entry and a document holding it; keep whatever is already there. */
  private async seedOne(file: string, workbook: Workbook): Promise<ModelEntry> {
    const existing = await this.db.models.get(workbook.id);
    if (existing) {
      // The entry can be written before y-indexeddb's writes land; an empty document is completed.
      await this.withLive(existing, async (live) => {
        if (modelMap(live.persisted.doc).size === 0) {
          workbookToDoc(workbook, live.persisted.doc, LIBRARY_ORIGIN);
          await live.projector.flush();
        }
      });
      return (await this.db.models.get(existing.id)) ?? existing;
    }
    const id = ModelId.parse(workbook.id);
    return this.createModel(id, file, (doc) => workbookToDoc(workbook, doc, LIBRARY_ORIGIN));
  }

  // ---------------------------------------------------------------- queries

  /** The entry, deleted or not; undefined if there is none. */
  async get(id: string): Promise<ModelEntry | undefined> {
    return this.db.models.get(id);
  }

  /**
   * Entries, sorted by name; `query` matches id, both names and product line (substring,
   * ignoring case). Deleted entries only with `includeDeleted`.
   */
  async list(query = '', options: ListOptions = {}): Promise<ModelEntry[]> {
    const needle = query.trim().toLowerCase();
    const language = options.language ?? 'en';
    const entries = (await this.db.models.toArray()).filter(
      (e) =>
        (options.includeDeleted === true || e.deletedAt === undefined) &&
        (options.kind === undefined || e.kind === options.kind) &&
        (needle === '' || [e.id, e.nameZh, e.nameEn, e.productLine].some((field) => field.toLowerCase().includes(needle))),
    );
    const nameOf = (e: ModelEntry) => (language === 'zh' ? e.nameZh : e.nameEn);
    const collator = new Intl.Collator(language === 'zh' ? 'zh-CN' : 'en');
    return entries.sort((a, b) => collator.compare(nameOf(a), nameOf(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // ---------------------------------------------------------------- creating

  /**
   * A new blank model: one sheet "Sheet1" of 20 × 8 empty cells, no parameters or outputs,
   * version 0.1.0, CNY. Throws with the field at fault if the name, product line or id is unfit.
   */
  async create(request: NewModel): Promise<ModelEntry> {
    const name = LocalizedText.safeParse(request.name);
    if (!name.success) throw new Error(`cannot create the model: ${zodProblem(name.error, 'name')}`);
    const productLine = request.productLine.trim();
    if (productLine === '') throw new Error('cannot create the model: productLine must not be empty');
    const kind = request.kind ?? 'product';
    const id = await this.newId(request.id, slugFromName(name.data.en), kind);
    const workbook = Workbook.parse({
      format: WORKBOOK_FORMAT,
      id,
      kind,
      name: name.data,
      productLine,
      version: BLANK_VERSION,
      currency: 'CNY',
      sheets: [{ name: 'Sheet1' }],
    });
    return this.createModel(id, modelFileFor(id, kind), (doc) => {
      workbookToDoc(workbook, doc, LIBRARY_ORIGIN);
      const sheet = listSheets(doc)[0];
      if (!sheet) return;
      insertRows(doc, sheet.id, 0, BLANK_ROWS, LIBRARY_ORIGIN);
      insertColumns(doc, sheet.id, 0, BLANK_COLS, LIBRARY_ORIGIN);
    });
  }

  /**
   * A copy of the model's current content (every sheet, row id and cell, as in the document)
   * under a new id and file, named "… (copy)" / "…（副本）". The copy is its own document.
   */
  async duplicate(id: string): Promise<ModelEntry> {
    const source = await this.requireEntry(id, 'duplicate');
    const { state, name } = await this.withLive(source, (live) => {
      const nameMap = modelMap(live.persisted.doc).get('name');
      const name = {
        zh: (nameMap instanceof Y.Map ? textAt(nameMap, 'zh') : undefined) ?? source.nameZh,
        en: (nameMap instanceof Y.Map ? textAt(nameMap, 'en') : undefined) ?? source.nameEn,
      };
      return { state: Y.encodeStateAsUpdate(live.persisted.doc), name };
    });
    const newId = await this.newId(undefined, `${source.id.slice(0, 59)}-copy`, source.kind);
    return this.createModel(newId, modelFileFor(newId, source.kind), (doc) => {
      Y.applyUpdate(doc, state);
      doc.transact(() => {
        const model = modelMap(doc);
        model.set('id', newId);
        model.set('name', toY(copyName(name)));
      }, LIBRARY_ORIGIN);
    });
  }

  /**
   * Add a model from a parsed workbook (XLSX import, a file dropped in). Its id is kept when
   * free, otherwise made unique (`valve-2`); an existing model is never overwritten.
   */
  async importWorkbook(workbook: Workbook, options: ImportOptions = {}): Promise<ModelEntry> {
    const wanted = options.id ?? workbook.id;
    const problem = ModelId.safeParse(wanted);
    if (!problem.success) throw new Error(`cannot import the workbook: ${zodProblem(problem.error, 'id')}`);
    const taken = await this.takenIds();
    const id = uniqueModelId(wanted, (candidate) => taken.ids.has(candidate) || taken.files.has(modelFileFor(candidate, workbook.kind)));
    const copy: Workbook = { ...workbook, id };
    try {
      return await this.createModel(id, modelFileFor(id, workbook.kind), (doc) => workbookToDoc(copy, doc, LIBRARY_ORIGIN));
    } catch (e) {
      throw new Error(`cannot import workbook "${workbook.id}": ${(e as Error).message}`);
    }
  }

  private async takenIds(): Promise<{ ids: Set<string>; files: Set<string> }> {
    const all = await this.db.models.toArray();
    return { ids: new Set(all.map((e) => e.id)), files: new Set(all.map((e) => e.file)) };
  }

  /** A free id: `wanted` exactly (error if taken or malformed), or `base` made unique. */
  private async newId(wanted: string | undefined, base: string, kind: ModelKind): Promise<ModelId> {
    const taken = await this.takenIds();
    if (wanted !== undefined) {
      const parsed = ModelId.safeParse(wanted);
      if (!parsed.success) throw new Error(`cannot use "${wanted}" as a model id: ${zodProblem(parsed.error, 'id')}`);
      if (taken.ids.has(wanted)) throw new Error(`there is already a model with id "${wanted}" (perhaps in the bin)`);
      if (taken.files.has(modelFileFor(wanted, kind))) throw new Error(`the file "${modelFileFor(wanted, kind)}" is already used by another model`);
      return parsed.data;
    }
    return uniqueModelId(base, (candidate) => taken.ids.has(candidate) || taken.files.has(modelFileFor(candidate, kind)));
  }

  /**
   * Write a new model: its document first (the model, then the library part), then its entry.
   * Anything stored under the document's name has no entry (the id is free), so it is a leftover
   * of an interrupted create: cleared.
   */
  private async createModel(id: ModelId, file: string, fill: (doc: Y.Doc) => void): Promise<ModelEntry> {
    // Open without an entry means a document arriving from elsewhere (adopt): never clear that.
    if (this.live.has(id)) throw new Error(`model "${id}" is being received from another device; try again in a moment`);
    await this.persistence.delete(modelDocName(id));
    const persisted = await this.persistence.open(modelDocName(id));
    try {
      // Not in one transaction with the library part: a copy's fill applies an update, and Yjs
      // marks a transaction that applies one as remote (and then drops its own client id).
      fill(persisted.doc);
      const at = this.now();
      persisted.doc.transact(() => {
        // A copy brings its source's library part: it gets its own, and none of the source's releases.
        writeLibraryMeta(persisted.doc, { file, createdAt: at });
        clearDocReleases(persisted.doc);
      }, LIBRARY_ORIGIN);
      const blank = { kind: 'product' as const, nameZh: '', nameEn: '', productLine: '', version: '' };
      const record = ModelEntry.parse({ id, file, ...withDocFields(blank, readDocFields(persisted.doc, file)), createdAt: at, updatedAt: at });
      await this.db.transaction('rw', this.db.models, async () => {
        if (await this.db.models.get(id)) throw new Error(`there is already a model with id "${id}"`);
        if (await this.db.models.where('file').equals(file).first()) throw new Error(`the file "${file}" is already used by another model`);
        await this.db.models.add(record);
      });
      return record;
    } catch (e) {
      await persisted.clear();
      throw e;
    } finally {
      await persisted.destroy();
    }
  }

  // ---------------------------------------------------------------- editing the entry

  /** Rename the model in its document (one transaction) and its entry. */
  async rename(id: string, name: LocalizedText): Promise<ModelEntry> {
    const parsed = LocalizedText.safeParse(name);
    if (!parsed.success) throw new Error(`cannot rename "${id}": ${zodProblem(parsed.error, 'name')}`);
    const entry = await this.requireEntry(id, 'rename');
    await this.withLive(entry, async (live) => {
      const doc = live.persisted.doc;
      doc.transact(() => {
        const model = modelMap(doc);
        const current = model.get('name');
        // Set the two keys rather than replacing the map, so a concurrent edit of a key survives.
        if (current instanceof Y.Map) {
          if (current.get('zh') !== parsed.data.zh) current.set('zh', parsed.data.zh);
          if (current.get('en') !== parsed.data.en) current.set('en', parsed.data.en);
        } else {
          model.set('name', toY(parsed.data));
        }
      }, LIBRARY_ORIGIN);
      await live.projector.flush();
    });
    return (await this.db.models.get(entry.id)) ?? entry;
  }

  /**
   * Move the model to the bin (undo with `restore`): `deletedAt` in its document, so the bin
   * travels with it. A module that a model not in the bin still includes cannot go: the error
   * names them.
   */
  async remove(id: string): Promise<ModelEntry> {
    await this.flushAll();
    const entry = await this.db.models.get(id);
    if (!entry) throw new Error(`there is no model "${id}"`);
    if (entry.deletedAt !== undefined) return entry;
    const users = (await this.includers(entry)).filter((e) => e.deletedAt === undefined);
    if (users.length > 0) throw new Error(`module "${entry.nameEn}" (${entry.id}) cannot be deleted: it is included by ${describeEntries(users)}`);
    return this.setBinned(entry, this.now());
  }

  /** Take the model out of the bin, with any binned modules it includes, so it loads again. */
  async restore(id: string): Promise<ModelEntry> {
    const entry = await this.db.models.get(id);
    if (!entry) throw new Error(`there is no model "${id}"`);
    const seen = new Set<string>();
    const restoreOne = async (e: ModelEntry): Promise<ModelEntry> => {
      seen.add(e.id);
      const out = e.deletedAt === undefined ? e : await this.setBinned(e, undefined);
      for (const file of e.includes) {
        const module = await this.entryByFile(file);
        if (module && !seen.has(module.id)) await restoreOne(module);
      }
      return out;
    };
    return restoreOne(entry);
  }

  /** Write the bin state in the document, then project it into the entry. */
  private async setBinned(entry: ModelEntry, deletedAt: string | undefined): Promise<ModelEntry> {
    await this.withLive(entry, async (live) => {
      const doc = live.persisted.doc;
      doc.transact(() => setDeletedAt(doc, deletedAt), LIBRARY_ORIGIN);
      await live.projector.flush();
    });
    return (await this.db.models.get(entry.id)) ?? entry;
  }

  /**
   * Delete the model for good: its entry and its stored document, on this device. Its releases
   * stay (quotes and saved configurations pin them). Refused while the model is open, and for a
   * module that any model (even one in the bin) includes. Other devices and the server keep
   * their copies (see the file comment); a later `adopt` of the id lists it here again.
   */
  async purge(id: string): Promise<void> {
    const entry = await this.db.models.get(id);
    if (!entry) throw new Error(`there is no model "${id}"`);
    if (this.live.has(entry.id)) throw new Error(`model "${entry.nameEn}" (${entry.id}) is open; close it before deleting it for good`);
    const users = await this.includers(entry);
    if (users.length > 0) throw new Error(`module "${entry.nameEn}" (${entry.id}) cannot be deleted: it is included by ${describeEntries(users)}`);
    await this.closing.get(entry.id);
    // Document first: a crash in between leaves an entry with an empty document, which
    // purge can finish, never a document that a later model of the same id would inherit.
    await this.persistence.delete(modelDocName(entry.id));
    await this.db.models.delete(entry.id);
  }

  /** Entries (other than `entry`) whose documents include `entry`'s file. */
  private async includers(entry: ModelEntry): Promise<ModelEntry[]> {
    return (await this.db.models.where('includes').equals(entry.file).toArray()).filter((e) => e.id !== entry.id);
  }

  // ---------------------------------------------------------------- open documents

  /**
   * The model's live document. While open, the entry follows the document (name, product
   * line, version, includes; `updatedAt` on each change). Opening an id that is open returns
   * the same document; it closes when every handle is closed.
   */
  async openModel(id: string): Promise<OpenModel> {
    // A model someone else made (its address shared, say) is fetched from the server first.
    if ((await this.db.models.get(id)) === undefined) await this.adopt(id);
    const entry = await this.requireEntry(id, 'open');
    const { slot, live } = await this.acquire(entry.id);
    let closed = false;
    return {
      entry,
      doc: live.persisted.doc,
      awareness: live.persisted.awareness,
      flush: () => live.projector.flush(),
      close: async () => {
        if (closed) return;
        closed = true;
        await this.releaseSlot(entry.id, slot);
      },
    };
  }

  /** Write every pending entry projection of open documents now. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.live.values()].map((slot) => slot.ready.then((live) => live.projector.flush()).catch(() => undefined)));
  }

  /** Close every open document (open handles become inert); for shutdown and tests. */
  async dispose(): Promise<void> {
    for (const [id, slot] of [...this.live]) {
      slot.refs = 1;
      await this.releaseSlot(id, slot);
    }
    await Promise.all([...this.closing.values()]);
  }

  private async acquire(id: string): Promise<{ slot: LiveSlot; live: LiveModel }> {
    let slot = this.live.get(id);
    if (slot) {
      slot.refs++;
    } else {
      slot = { refs: 1, ready: this.openLive(id) };
      this.live.set(id, slot);
    }
    try {
      return { slot, live: await slot.ready };
    } catch (e) {
      if (this.live.get(id) === slot) this.live.delete(id);
      throw e;
    }
  }

  private async openLive(id: string): Promise<LiveModel> {
    await this.closing.get(id);
    const persisted = await this.persistence.open(modelDocName(id));
    let entry: ModelEntry | undefined;
    try {
      entry = await this.db.models.get(id);
      if (entry && !hasLibraryMeta(persisted.doc)) await this.completeLibraryPart(entry, persisted.doc);
    } catch (e) {
      await persisted.destroy();
      throw e;
    }
    const projector = new EntryProjector(persisted.doc, () => this.project(id, persisted.doc), this.projectionDelayMs, this.onError);
    // A change that never reached the entry (the page closed within the delay): project it now.
    if (entry && entry.sourceState !== stateOf(persisted.doc)) await projector.run();
    return { persisted, projector };
  }

  /**
   * A document written before it carried the library part (a device seeded before sync): fill
   * it from this device's entry and releases, once (afterwards the document has a file).
   */
  private async completeLibraryPart(entry: ModelEntry, doc: Y.Doc): Promise<void> {
    const releases = await this.db.releases.where('modelId').equals(entry.id).toArray();
    doc.transact(() => {
      writeLibraryMeta(doc, { file: entry.file, createdAt: entry.createdAt, deletedAt: entry.deletedAt });
      for (const record of releases) addDocRelease(doc, record);
    }, LIBRARY_ORIGIN);
  }

  /** Drop one reference to `slot`; the last one closes the document. A slot already replaced is left alone. */
  private async releaseSlot(id: string, slot: LiveSlot): Promise<void> {
    if (this.live.get(id) !== slot) return;
    slot.refs--;
    if (slot.refs > 0) return;
    this.live.delete(id);
    const done = (async () => {
      const live = await slot.ready;
      await live.projector.flush();
      live.projector.stop();
      await live.persisted.destroy();
    })();
    this.closing.set(id, done);
    try {
      await done;
    } finally {
      if (this.closing.get(id) === done) this.closing.delete(id);
    }
  }

  /** Run `fn` on the model's live document (opening it for the call if nobody has it open). */
  private async withLive<T>(entry: ModelEntry, fn: (live: LiveModel) => T | Promise<T>): Promise<T> {
    const { slot, live } = await this.acquire(entry.id);
    try {
      return await fn(live);
    } finally {
      await this.releaseSlot(entry.id, slot);
    }
  }

  /**
   * Write the entry's projection of `doc`, and every release the document holds that this
   * device lacks, in one Dexie transaction. Without an entry, one is created when the document
   * holds a model with its library part (a model from elsewhere, see `adopt`). Skipped when the
   * entry already reflects this state. Release records that fail their checks are left out and
   * reported to `onError`; the rest are still stored.
   */
  private async project(id: string, doc: Y.Doc): Promise<void> {
    const at = this.now();
    let problems: string[] = [];
    await this.db.transaction('rw', this.db.models, this.db.releases, async () => {
      const entry = await this.db.models.get(id);
      // The document is read here, inside the transaction (synchronously, between IndexedDB
      // requests): two projections queued out of order still leave the newest state.
      const meta = readLibraryMeta(doc);
      const file = entry?.file ?? meta.file;
      if (file === undefined) return;
      const fields = readDocFields(doc, file);
      if (entry?.sourceState === fields.sourceState) return;
      if (entry) {
        await this.db.models.put(ModelEntry.parse({ ...withDocFields(withLibraryMeta(entry, meta), fields), updatedAt: at }));
      } else {
        if (!holdsModel(doc)) return;
        const created = newEntryFromDoc(id, file, meta, fields, at);
        const other = await this.db.models.where('file').equals(file).first();
        if (other) throw new Error(`model:${id} cannot be listed: its file "${file}" is already used by model "${other.id}" on this device`);
        await this.db.models.add(created);
      }
      const releases = readDocReleases(doc, id);
      problems = releases.problems;
      const stored = await this.db.releases.bulkGet(releases.records.map((r) => r.hash));
      const missing = releases.records.filter((_, i) => stored[i] === undefined);
      if (missing.length > 0) await this.db.releases.bulkAdd(missing);
    });
    // Each once: a bad record stays in the document for good, and every later edit projects again.
    const fresh = problems.filter((p) => !this.reportedProblems.has(p));
    for (const p of fresh) this.reportedProblems.add(p);
    if (fresh.length > 0) this.onError(new Error(`releases left out: ${fresh.join('; ')}`));
  }

  /**
   * List a model whose document came from elsewhere (the sync server): open `model:<id>`, wait
   * for the server's content when the persistence syncs with one (otherwise read what is
   * stored), and write its entry and its releases. Undefined when the document holds no model
   * with its library part (nothing is kept of such a document unless this device lists the id).
   * Idempotent; for a model already listed it brings the entry and releases up to the document.
   * Throws when the model cannot be listed (its file is another model's, a malformed header).
   */
  async adopt(id: string): Promise<ModelEntry | undefined> {
    if (!ModelId.safeParse(id).success) return undefined;
    const { slot, live } = await this.acquire(id);
    try {
      const { persisted, projector } = live;
      if (persisted.whenServerSynced) await persisted.whenServerSynced();
      await projector.flush();
      await this.project(id, persisted.doc);
    } finally {
      await this.releaseSlot(id, slot);
    }
    const entry = await this.db.models.get(id);
    if (!entry) await this.dropUnlisted(id);
    return entry;
  }

  /** Delete the local copy of a document that lists nothing here (a wrong id, an empty document), unless someone has it open. */
  private async dropUnlisted(id: string): Promise<void> {
    await this.closing.get(id);
    if (this.live.has(id)) return;
    const gone = this.persistence.delete(modelDocName(id));
    this.closing.set(id, gone);
    try {
      await gone;
    } finally {
      if (this.closing.get(id) === gone) this.closing.delete(id);
    }
  }

  // ---------------------------------------------------------------- content

  /**
   * Workbooks of the library as files, for the loader and the engine binding: `read(file)` is
   * the JSON of the model whose entry has that file, from its document as it is now; undefined
   * (the loader's "not found") for no such model or one in the bin.
   */
  moduleSource(): WorkbookSource {
    return {
      read: async (file) => {
        const entry = await this.entryByFile(file);
        if (!entry || entry.deletedAt !== undefined) return undefined;
        return JSON.stringify(await this.workbookOf(entry));
      },
    };
  }

  private async entryByFile(file: string): Promise<ModelEntry | undefined> {
    return this.db.models.where('file').equals(file).first();
  }

  private workbookOf(entry: ModelEntry): Promise<Workbook> {
    return this.withLive(entry, (live) => docToWorkbook(live.persisted.doc));
  }

  /** `file`'s workbook and every module it includes, transitively, as the library holds them now. */
  private async contentTree(file: string, first: Workbook): Promise<Record<string, Workbook>> {
    const out: Record<string, Workbook> = { [file]: first };
    const queue: string[] = [];
    const enqueue = (from: string, wb: Workbook) => {
      for (const m of wb.modules) if (typeof m.file === 'string') queue.push(resolveRelative(from, m.file));
    };
    enqueue(file, first);
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (Object.hasOwn(out, next)) continue;
      const entry = await this.entryByFile(next);
      // Missing modules are left out: the loader then reports them at the include.
      if (!entry || entry.deletedAt !== undefined) continue;
      const wb = await this.workbookOf(entry);
      out[next] = wb;
      enqueue(next, wb);
    }
    return out;
  }

  // ---------------------------------------------------------------- releases

  /**
   * Release the product as it is now, with the modules it includes: a frozen snapshot named by
   * its content hash. With `version`, the model's version is set to it (when the release
   * succeeds). Releasing unchanged content again returns the stored release (`created: false`).
   * A version already released with other content is refused; give a new version.
   */
  async release(id: string, request: ReleaseRequest = {}): Promise<ReleaseOutcome> {
    const entry = await this.db.models.get(id);
    if (!entry) return { ok: false, errors: [error(id, '$', `there is no model "${id}"`)] };
    if (entry.deletedAt !== undefined) return { ok: false, errors: [error(entry.file, '$', `model "${id}" is in the bin; restore it first`)] };
    if (entry.kind !== 'product') return { ok: false, errors: [error(entry.file, 'kind', `"${id}" is a module; release the products that include it`)] };
    if (request.version !== undefined) {
      const problem = versionProblem(request.version);
      if (problem) return { ok: false, errors: [error(entry.file, 'version', problem)] };
    }
    // Loaded here: release.ts brings the engine (HyperFormula), which the library list does not need.
    const { releaseWorkbooks } = await import('../domain/workbook/release.js');
    return this.withLive(entry, async (live): Promise<ReleaseOutcome> => {
      const doc = live.persisted.doc;
      // Releases that arrived from elsewhere reach Dexie first, so the version check below sees them.
      await live.projector.flush();
      const current = docToWorkbook(doc);
      const version = request.version ?? current.version;
      const files = await this.contentTree(entry.file, { ...current, version });
      const released = await releaseWorkbooks(entry.file, files, { releasedAt: request.releasedAt ?? this.now() });
      if (!released.ok) return released;
      const release = released.release;
      const record = ReleaseEntry.parse({
        hash: release.hash,
        modelId: entry.id,
        version: release.version,
        releasedAt: release.releasedAt,
        nameZh: current.name.zh,
        nameEn: current.name.en,
        productLine: current.productLine,
        text: JSON.stringify(release),
      });
      const stored = await this.db.transaction('rw', this.db.releases, async () => {
        const same = await this.db.releases.get(record.hash);
        if (same) return { kind: 'existing' as const, record: same };
        const clash = await this.db.releases.where('[modelId+version]').equals([entry.id, record.version]).first();
        if (clash) return { kind: 'clash' as const };
        await this.db.releases.add(record);
        return { kind: 'created' as const, record };
      });
      if (stored.kind === 'clash') {
        const suggestion = await this.suggestNextVersion(entry.id);
        return {
          ok: false,
          errors: [error(entry.file, 'version', `version ${version} of ${entry.id} was released with different content; choose a new version (next free: ${suggestion})`)],
        };
      }
      let result = release;
      if (stored.kind === 'existing') {
        // Checked before it goes into the document: a tampered row must not travel to other devices.
        try {
          result = (await this.getRelease(stored.record.hash)) ?? release;
        } catch (e) {
          if (e instanceof TamperedReleaseError) return { ok: false, errors: [error(entry.file, '$', e.message)] };
          throw e;
        }
      }
      // The release travels in the document (a stored one missing there, too: a crash came in between).
      const kept = stored.record;
      if (current.version !== version || !releasesMap(doc).has(kept.hash)) {
        doc.transact(() => {
          if (current.version !== version) modelMap(doc).set('version', version);
          addDocRelease(doc, kept);
        }, LIBRARY_ORIGIN);
        await live.projector.flush();
      }
      return { ok: true, release: result, created: stored.kind === 'created' };
    });
  }

  /**
   * The version to offer for the next release: the current one while it is unreleased and above
   * every released one, else the patch after the highest released (`1.0.0` → `1.0.1`).
   */
  async suggestNextVersion(id: string): Promise<string> {
    const entry = await this.db.models.get(id);
    if (!entry) throw new Error(`there is no model "${id}"`);
    const released = (await this.db.releases.where('modelId').equals(entry.id).toArray()).map((r) => r.version);
    const highest = [...released].sort(compareVersions).at(-1);
    if (highest === undefined || (!released.includes(entry.version) && compareVersions(entry.version, highest) > 0)) return entry.version;
    return nextVersion(released, entry.version);
  }

  /** Release headers, newest first; of one model if given. */
  async releases(modelId?: string): Promise<ReleaseSummary[]> {
    const records = modelId === undefined ? await this.db.releases.toArray() : await this.db.releases.where('modelId').equals(modelId).toArray();
    return records.map(releaseSummary).sort(newestFirst);
  }

  /** The newest release of each product still in the library (not in the bin), by name. */
  async latestReleases(): Promise<ReleaseSummary[]> {
    const active = new Set((await this.db.models.toArray()).filter((e) => e.deletedAt === undefined).map((e) => e.id as string));
    const newest = new Map<string, ReleaseSummary>();
    for (const r of await this.releases()) if (active.has(r.modelId) && !newest.has(r.modelId)) newest.set(r.modelId, r);
    const collator = new Intl.Collator('en');
    return [...newest.values()].sort((a, b) => collator.compare(a.nameEn, b.nameEn) || (a.modelId < b.modelId ? -1 : 1));
  }

  /**
   * The stored release, parsed and verified; undefined if there is none. Throws
   * TamperedReleaseError if its content does not hash to its key: it must not price anything.
   */
  async getRelease(hash: string): Promise<ReleasedModel | undefined> {
    const record = await this.db.releases.get(hash);
    if (!record) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(record.text);
    } catch (e) {
      throw new TamperedReleaseError(hash, `its text is not JSON (${(e as Error).message})`);
    }
    const { parseReleasedModel } = await import('../domain/workbook/release.js');
    const parsed = parseReleasedModel(data);
    if (!parsed.ok) throw new TamperedReleaseError(hash, parsed.problem);
    if (parsed.release.hash !== record.hash) throw new TamperedReleaseError(hash, `it is stored under ${record.hash} but its content is ${parsed.release.hash}`);
    return parsed.release;
  }

  // ---------------------------------------------------------------- helpers

  private async requireEntry(id: string, action: string): Promise<ModelEntry> {
    const entry = await this.db.models.get(id);
    if (!entry) throw new Error(`cannot ${action} "${id}": there is no such model`);
    if (entry.deletedAt !== undefined) throw new Error(`cannot ${action} "${id}": the model is in the bin; restore it first`);
    return entry;
  }
}

function describeEntries(entries: readonly ModelEntry[]): string {
  return entries.map((e) => `"${e.nameEn}" (${e.id})`).join(', ');
}
