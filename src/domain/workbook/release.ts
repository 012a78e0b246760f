/**
 * Released model versions: a frozen snapshot of a product workbook and every module it
 * includes, named by the SHA-256 of their canonical JSON (RFC 8785). A quote line pins the
 * hash, so it can be re-priced later on exactly the content it was priced with, and an
 * approval signs a hash that cannot drift under it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { WorkbookError } from './errors.js';
import { loadWorkbookTree } from './load.js';
import type { WorkbookNode, WorkbookSource } from './load.js';
import { PriceModel } from './PriceModel.js';
import type { OpenResult } from './PriceModel.js';
import { Workbook } from './schema.js';

/** Names what the hash covers; a different hashed shape gets a new string, never a reuse. */
export const RELEASE_FORMAT = 'suanpan.release/1';

/** Lower-case hex SHA-256 of a release's canonical content. */
export const ReleaseHash = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits (SHA-256)' })
  .brand<'ReleaseHash'>();
export type ReleaseHash = z.infer<typeof ReleaseHash>;

/**
 * The stored form of a release. `workbooks` holds the product under the key `product` and each
 * module under its path relative to the product's folder, so includes resolve the same way
 * they did on disk and the hash does not depend on where the files happened to sit.
 */
export const ReleasedModel = z.strictObject({
  format: z.literal(RELEASE_FORMAT),
  modelId: z.string().min(1),
  version: z.string().min(1),
  hash: ReleaseHash,
  /** When it was released (ISO 8601). Not hashed: releasing the same content twice gives the same hash. */
  releasedAt: z.iso.datetime({ offset: true }),
  /** Key of the product in `workbooks`: its file name, no folder. Not hashed: renaming the file changes no price. */
  product: z.string().regex(/^[^/]+$/, { message: 'must be a file name without a folder' }),
  workbooks: z.record(z.string(), Workbook),
});
type ReleasedModelData = z.infer<typeof ReleasedModel>;
/** Deeply frozen at run time; the type keeps the top two levels read-only. */
export type ReleasedModel = Readonly<Omit<ReleasedModelData, 'workbooks'>> & { readonly workbooks: Readonly<Record<string, Workbook>> };

/** Exactly what is hashed: everything that can change a price, nothing that cannot. */
interface ReleaseContent {
  readonly format: typeof RELEASE_FORMAT;
  readonly product: Workbook;
  readonly modules: Readonly<Record<string, Workbook>>;
}

/** The RFC 8785 text whose SHA-256 is a release's hash. Exposed so a test or auditor can see it. */
export function canonicalReleaseText(product: Workbook, modules: Readonly<Record<string, Workbook>>): string {
  const content: ReleaseContent = { format: RELEASE_FORMAT, product, modules };
  const text = canonicalize(content);
  // Only a non-JSON top-level value gives undefined; an object never does.
  if (text === undefined) throw new Error('release content is not JSON');
  return text;
}

export function hashReleaseContent(product: Workbook, modules: Readonly<Record<string, Workbook>>): ReleaseHash {
  return ReleaseHash.parse(bytesToHex(sha256(utf8ToBytes(canonicalReleaseText(product, modules)))));
}

/** `to` as seen from folder `fromDir` (both normalised, POSIX). Inverse of resolveRelative. */
function relativePath(fromDir: string, to: string): string {
  // An absolute include from a relative product stays absolute, as resolveRelative keeps it.
  if (to.startsWith('/') !== fromDir.startsWith('/')) return to;
  const from = fromDir.split('/').filter((s) => s !== '');
  const target = to.split('/').filter((s) => s !== '');
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common++;
  return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash) : '';
}

/** Freeze a JSON-like value and everything inside it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export interface ReleaseOptions {
  /** ISO 8601 time of the release; defaults to now. Injected so tests and replays are deterministic. */
  readonly releasedAt?: string;
}

/**
 * Freeze a loaded workbook tree into a release. The workbooks are copied, so the caller's tree
 * (and a PriceModel built on it) stays mutable.
 *
 * @example
 * const tree = await loadWorkbookTree('workbooks/butterfly-valve.workbook.json', source);
 * if (tree.ok) pinned = releaseModel(tree.root).hash;
 */
export function releaseModel(root: WorkbookNode, options: ReleaseOptions = {}): ReleasedModel {
  const productKey = baseName(root.file);
  const productDir = dirName(root.file);
  const modules: Record<string, Workbook> = {};
  const visit = (node: WorkbookNode) => {
    for (const child of node.children) {
      // A module included twice (two aliases, or by two modules) is one file: stored once.
      modules[relativePath(productDir, child.file)] = structuredClone(child.workbook);
      visit(child);
    }
  };
  visit(root);
  const product = structuredClone(root.workbook);
  const releasedAt = options.releasedAt ?? new Date().toISOString();
  return deepFreeze({
    format: RELEASE_FORMAT,
    modelId: product.id,
    version: product.version,
    hash: hashReleaseContent(product, modules),
    releasedAt,
    product: productKey,
    workbooks: { ...modules, [productKey]: product },
  });
}

export type ReleaseResult = { ok: true; release: ReleasedModel } | { ok: false; errors: WorkbookError[] };

/**
 * Release from workbooks already in memory (a product and its modules keyed by path, as
 * the browser holds them): they are checked and resolved exactly as files would be, and only
 * the modules the product actually includes go into the release.
 */
export async function releaseWorkbooks(productFile: string, workbooks: Readonly<Record<string, unknown>>, options: ReleaseOptions = {}): Promise<ReleaseResult> {
  const tree = await loadWorkbookTree(productFile, jsonSource(workbooks));
  if (!tree.ok) return tree;
  return { ok: true, release: releaseModel(tree.root, options) };
}

function jsonSource(files: Readonly<Record<string, unknown>>): WorkbookSource {
  return {
    read(file) {
      const f = Object.hasOwn(files, file) ? files[file] : undefined;
      return Promise.resolve(f === undefined ? undefined : typeof f === 'string' ? f : JSON.stringify(f));
    },
  };
}

export type ReleaseCheck = { ok: true } | { ok: false; problem: string };

/** Recompute the hash and check the header agrees with the content; a hand-edited release fails. */
export function verifyRelease(release: ReleasedModel): ReleaseCheck {
  const product = Object.hasOwn(release.workbooks, release.product) ? release.workbooks[release.product] : undefined;
  if (!product) return { ok: false, problem: `the product "${release.product}" is not among the release's workbooks` };
  const modules = Object.fromEntries(Object.entries(release.workbooks).filter(([path]) => path !== release.product));
  const actual = hashReleaseContent(product, modules);
  if (actual !== release.hash) return { ok: false, problem: `content hash is ${actual}, the release says ${release.hash}` };
  if (product.id !== release.modelId) return { ok: false, problem: `the product's id is "${product.id}", the release says "${release.modelId}"` };
  if (product.version !== release.version) return { ok: false, problem: `the product's version is ${product.version}, the release says ${release.version}` };
  return { ok: true };
}

/** Read a stored release (e.g. from a document or a file): schema-checked, verified and frozen. */
export function parseReleasedModel(data: unknown): { ok: true; release: ReleasedModel } | { ok: false; problem: string } {
  const parsed = ReleasedModel.safeParse(data);
  if (!parsed.success) return { ok: false, problem: z.prettifyError(parsed.error) };
  const check = verifyRelease(parsed.data);
  return check.ok ? { ok: true, release: deepFreeze(parsed.data) } : check;
}

/** The release's workbooks as files, for the loader. */
export function releaseSource(release: ReleasedModel): WorkbookSource {
  return jsonSource(release.workbooks);
}

/**
 * Open a price model on a release. The content is verified first: a release whose hash does not
 * match would price something other than what a quote pinned, so it is refused.
 */
export async function openRelease(release: ReleasedModel): Promise<OpenResult> {
  const check = verifyRelease(release);
  if (!check.ok) return { ok: false, errors: [{ file: release.product, path: '$', message: `release ${release.modelId} ${release.version}: ${check.problem}` }] };
  return PriceModel.open(release.product, releaseSource(release));
}
