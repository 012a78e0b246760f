/**
 * The library's part of a model document (`model:<id>`): what a device needs, besides the
 * model itself, to list the model and price its releases when the document arrives from
 * elsewhere. Beside `doc.getMap('model')` (docShape.ts), two top-level maps, so the engine
 * binding and the grid, which observe `model`, never see these edits.
 *
 * Shape. Additive only, like docShape.ts: a key is never renamed or given another meaning.
 *
 *   doc.getMap('library')
 *     file       string: the library path the model is included by (`modules/x.workbook.json`); set at
 *                creation, never changed
 *     createdAt  ISO 8601 string
 *     deletedAt  ISO 8601 string while the model is in the bin; the key is absent otherwise
 *   doc.getMap('releases')
 *     <hash>     the release record (store/releaseEntry.ts) as a plain JSON value, keyed by its content
 *                hash; written once, never edited or removed. Two devices releasing the same content
 *                write the same key: either value names the same priced content (releasedAt is not hashed).
 *
 * `kind` is not repeated here: the model map's `kind` is the workbook's own and already projected.
 * The writers below change the document without a transaction of their own: call them inside
 * `doc.transact(…, origin)`, with the edit they belong to.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { ReleaseEntry } from '../store/releaseEntry.js';
import { modelMap } from './model/docShape.js';

export const LIBRARY_MAP = 'library';
export const RELEASES_MAP = 'releases';

const IsoTime = z.iso.datetime({ offset: true });

export function libraryMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(LIBRARY_MAP);
}

export function releasesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(RELEASES_MAP);
}

/** The library metadata as the document holds it; a field that is missing or malformed is undefined. */
export interface LibraryMeta {
  readonly file: string | undefined;
  readonly createdAt: string | undefined;
  readonly deletedAt: string | undefined;
}

function isoAt(map: Y.Map<unknown>, key: string): string | undefined {
  const parsed = IsoTime.safeParse(map.get(key));
  return parsed.success ? parsed.data : undefined;
}

export function readLibraryMeta(doc: Y.Doc): LibraryMeta {
  const map = libraryMap(doc);
  const file = map.get('file');
  return {
    file: typeof file === 'string' && file !== '' ? file : undefined,
    createdAt: isoAt(map, 'createdAt'),
    deletedAt: isoAt(map, 'deletedAt'),
  };
}

/** False for documents written before the library part existed (and for ones that are not models). */
export function hasLibraryMeta(doc: Y.Doc): boolean {
  return readLibraryMeta(doc).file !== undefined;
}

/** The document holds a model (not just an empty or foreign document). */
export function holdsModel(doc: Y.Doc): boolean {
  const model = modelMap(doc);
  return typeof model.get('id') === 'string' && model.get('sheets') instanceof Y.Array;
}

/** Set the library metadata (inside a transaction). Only keys whose value changes are written. */
export function writeLibraryMeta(doc: Y.Doc, meta: { readonly file: string; readonly createdAt: string; readonly deletedAt?: string | undefined }): void {
  const map = libraryMap(doc);
  if (map.get('file') !== meta.file) map.set('file', meta.file);
  if (map.get('createdAt') !== meta.createdAt) map.set('createdAt', meta.createdAt);
  setDeletedAt(doc, meta.deletedAt);
}

/** Move to the bin (an ISO time) or out of it (undefined), inside a transaction. */
export function setDeletedAt(doc: Y.Doc, deletedAt: string | undefined): void {
  const map = libraryMap(doc);
  if (deletedAt === undefined) {
    if (map.has('deletedAt')) map.delete('deletedAt');
  } else if (map.get('deletedAt') !== deletedAt) {
    map.set('deletedAt', deletedAt);
  }
}

/** Add a release record unless its hash is there already (records are never replaced). True when added. */
export function addDocRelease(doc: Y.Doc, record: ReleaseEntry): boolean {
  const map = releasesMap(doc);
  if (map.has(record.hash)) return false;
  // A copy: the document keeps the value by reference, and the caller's object must not alias it.
  map.set(record.hash, { ...record });
  return true;
}

/** Forget every release (a copy of a model starts with none of its source's). */
export function clearDocReleases(doc: Y.Doc): void {
  const map = releasesMap(doc);
  for (const key of [...map.keys()]) map.delete(key);
}

/** Releases of `modelId` in the document, checked; records that fail are left out and described in `problems`. */
export function readDocReleases(doc: Y.Doc, modelId: string): { records: ReleaseEntry[]; problems: string[] } {
  const records: ReleaseEntry[] = [];
  const problems: string[] = [];
  releasesMap(doc).forEach((value, key) => {
    const where = `model:${modelId} releases.${key}`;
    const parsed = ReleaseEntry.safeParse(value);
    if (!parsed.success) {
      problems.push(`${where}: ${parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '$'} ${i.message}`).join('; ')}`);
    } else if (parsed.data.hash !== key) {
      problems.push(`${where}: the record says hash ${parsed.data.hash}`);
    } else if (parsed.data.modelId !== modelId) {
      problems.push(`${where}: the record belongs to model "${parsed.data.modelId}"`);
    } else {
      records.push(parsed.data);
    }
  });
  return { records, problems };
}
