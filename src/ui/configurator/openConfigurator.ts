/**
 * Which release the configurator prices, and with which values: a saved configuration's own
 * release, a release named in the address, or the model's newest release. Prices given before
 * never move when the model is edited, because a release is frozen and checked by its hash.
 */
import type { SavedConfiguration } from '../../domain/configurator';
import type { WorkbookError } from '../../domain/workbook/errors';
import type { PriceModel } from '../../domain/workbook/PriceModel';
import type { ReleasedModel } from '../../domain/workbook/release';
import type { ModelRules } from '../../domain/rules/modelRules';
import type { AppStorage } from '../services';

export interface ConfiguratorRequest {
  readonly modelId: string;
  readonly release?: string | undefined;
  readonly configuration?: string | undefined;
}

export type OpenedConfigurator =
  | { readonly ok: true; readonly release: ReleasedModel; readonly model: PriceModel; readonly saved?: SavedConfiguration; readonly rules?: ModelRules }
  | { readonly ok: false; readonly reason: 'not-found' }
  | { readonly ok: false; readonly reason: 'invalid'; readonly errors: readonly WorkbookError[] };

export async function openConfigurator(storage: AppStorage, request: ConfiguratorRequest): Promise<OpenedConfigurator> {
  const saved = request.configuration ? await storage.configurations.get(request.configuration) : undefined;
  if (request.configuration && !saved) return { ok: false, reason: 'not-found' };
  const hash = saved?.releaseHash ?? request.release ?? (await storage.library.latestReleases()).find((r) => r.modelId === request.modelId)?.hash;
  if (!hash) return { ok: false, reason: 'not-found' };
  const release = await storage.library.getRelease(hash);
  if (!release || release.modelId !== request.modelId) return { ok: false, reason: 'not-found' };
  // Loaded here, not at the top: the list of models needs no engine (HyperFormula).
  const { openRelease } = await import('../../domain/workbook/release');
  const opened = await openRelease(release);
  if (!opened.ok) return { ok: false, reason: 'invalid', errors: opened.errors };
  const workbook = opened.model.workbook;
  if (workbook.rules.length === 0) return { ok: true, release, model: opened.model, ...(saved ? { saved } : {}) };
  const { compileRules } = await import('../../domain/rules/compileRules');
  const compiled = compileRules(workbook, release.product);
  if (!compiled.ok) {
    opened.model.dispose();
    return { ok: false, reason: 'invalid', errors: compiled.errors };
  }
  return { ok: true, release, model: opened.model, rules: compiled.rules, ...(saved ? { saved } : {}) };
}
