/**
 * The example price models shipped in `workbooks/`, bundled as raw text and loaded only when a
 * configurator screen asks for them. A model is released in memory before it is opened, so the
 * screen prices a frozen, hashed version, exactly as a quote line would pin it.
 * (Storage of releases in IndexedDB comes later; this is the in-memory stand-in.)
 */
import { parseWorkbookText } from '../../domain/workbook/parse';
import type { WorkbookError } from '../../domain/workbook/errors';
import type { PriceModel } from '../../domain/workbook/PriceModel';
import type { ReleasedModel } from '../../domain/workbook/release';
import type { LocalizedText } from '../../domain/workbook/schema';

const prefix = '../../../workbooks/';
const files = import.meta.glob<string>('../../../workbooks/**/*.workbook.json', { query: '?raw', import: 'default' });

/** Every example workbook's text, keyed by its path under `workbooks/` (how includes name them). */
async function readAll(): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(files).map(async ([path, load]) => [path.slice(prefix.length), await load()] as const));
  return Object.fromEntries(entries);
}

export interface ExampleModel {
  readonly id: string;
  /** Path under `workbooks/`. */
  readonly file: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText;
  readonly version: string;
}

/** The example products (not modules), by name. */
export async function listExampleModels(): Promise<ExampleModel[]> {
  const texts = await readAll();
  const models: ExampleModel[] = [];
  for (const [file, text] of Object.entries(texts)) {
    const parsed = parseWorkbookText(text, file);
    if (!parsed.ok || parsed.workbook.kind !== 'product') continue;
    const w = parsed.workbook;
    models.push({ id: w.id, file, name: w.name, ...(w.description ? { description: w.description } : {}), version: w.version });
  }
  return models.sort((a, b) => a.name.en.localeCompare(b.name.en));
}

export type OpenedExample =
  | { readonly ok: true; readonly release: ReleasedModel; readonly model: PriceModel }
  | { readonly ok: false; readonly reason: 'not-found' }
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: readonly WorkbookError[] };

/** Release the example product `modelId` in memory and open a price model on that release. */
export async function openExampleModel(modelId: string): Promise<OpenedExample> {
  const example = (await listExampleModels()).find((m) => m.id === modelId);
  if (!example) return { ok: false, reason: 'not-found' };
  // Loaded here, not at the top: the list of models needs no engine (HyperFormula).
  const { openRelease, releaseWorkbooks } = await import('../../domain/workbook/release');
  const released = await releaseWorkbooks(example.file, await readAll());
  if (!released.ok) return { ok: false, reason: 'invalid', errors: released.errors };
  const opened = await openRelease(released.release);
  if (!opened.ok) return { ok: false, reason: 'invalid', errors: opened.errors };
  return { ok: true, release: released.release, model: opened.model };
}
