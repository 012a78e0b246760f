/**
 * Reading a workbook file and, recursively, the module workbooks it includes. File access is
 * injected (`WorkbookSource`) so the same code serves the CLI (files on disk), the browser
 * (IndexedDB) and tests (an in-memory map).
 */
import { ErrorSink } from './errors.js';
import type { WorkbookError } from './errors.js';
import { parseWorkbookText } from './parse.js';
import type { ModuleInclude, Workbook } from './schema.js';

export interface WorkbookSource {
  /** The file's text, or undefined if there is no such file. */
  read(file: string): Promise<string | undefined>;
}

/** One workbook in the include tree, with the modules it includes. */
export interface WorkbookNode {
  readonly file: string;
  readonly workbook: Workbook;
  /** Alias under which the parent includes it; empty for the root. */
  readonly alias: string;
  /** The include in the parent and its index in the parent's `modules`. */
  readonly include?: { readonly def: ModuleInclude; readonly index: number };
  readonly children: readonly WorkbookNode[];
}

export type LoadTreeResult = { ok: true; root: WorkbookNode } | { ok: false; errors: WorkbookError[] };

/** POSIX-style path of `relative` seen from the folder of `fromFile`, normalised. */
export function resolveRelative(fromFile: string, relative: string): string {
  if (relative.startsWith('/')) return normalisePath(relative);
  const slash = fromFile.lastIndexOf('/');
  const dir = slash >= 0 ? fromFile.slice(0, slash + 1) : '';
  return normalisePath(dir + relative);
}

function normalisePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && absolute) continue;
    else out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** Modules deeper than this are almost certainly a mistake, and deep trees are slow to compose. */
const MAX_MODULE_DEPTH = 8;

/**
 * Read `file` and every module it includes. Errors of all files are collected; a module that is
 * missing, unreadable or includes itself (directly or through others) is reported at the
 * include that names it.
 */
export async function loadWorkbookTree(file: string, source: WorkbookSource): Promise<LoadTreeResult> {
  const errors: WorkbookError[] = [];
  const parsed = new Map<string, Promise<ReturnType<typeof parseWorkbookText> | undefined>>();

  const parseFile = (path: string) => {
    let p = parsed.get(path);
    if (!p) {
      p = source.read(path).then((text) => (text === undefined ? undefined : parseWorkbookText(text, path)));
      parsed.set(path, p);
    }
    return p;
  };

  const reported = new Set<string>();
  const report = (list: readonly WorkbookError[]) => {
    for (const e of list) {
      const key = `${e.file}\u0000${e.path}\u0000${e.message}`;
      if (!reported.has(key)) {
        reported.add(key);
        errors.push(e);
      }
    }
  };

  async function build(path: string, alias: string, include: WorkbookNode['include'], stack: readonly string[]): Promise<WorkbookNode | undefined> {
    const result = await parseFile(path);
    if (result === undefined) {
      // Only the root can be missing here: includes are checked before recursing.
      report([{ file: path, path: '$', message: 'file not found' }]);
      return undefined;
    }
    if (!result.ok) {
      report(result.errors);
      return undefined;
    }
    const wb = result.workbook;
    const sink = new ErrorSink(path);
    const children: WorkbookNode[] = [];
    for (const [index, def] of wb.modules.entries()) {
      const childPath = resolveRelative(path, def.file);
      if (stack.includes(childPath) || childPath === path) {
        sink.add(['modules', index, 'file'], `module "${def.file}" includes itself (${[...stack, path, childPath].join(' → ')})`);
        continue;
      }
      if (stack.length + 1 >= MAX_MODULE_DEPTH) {
        sink.add(['modules', index, 'file'], `modules nested deeper than ${MAX_MODULE_DEPTH} levels`);
        continue;
      }
      const exists = await parseFile(childPath);
      if (exists === undefined) {
        sink.add(['modules', index, 'file'], `module file "${def.file}" not found (looked for ${childPath})`);
        continue;
      }
      const child = await build(childPath, def.id, { def, index }, [...stack, path]);
      if (child) children.push(child);
    }
    report(sink.errors);
    return { file: path, workbook: wb, alias, ...(include ? { include } : {}), children };
  }

  const root = await build(file, '', undefined, []);
  if (!root || errors.length > 0) return { ok: false, errors };
  return { ok: true, root };
}
