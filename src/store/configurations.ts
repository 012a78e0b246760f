/**
 * Saved configurations (Dexie `configurations`): what a sales rep saved to reopen later, each
 * pinned to the release it was priced on. Records are checked with the domain schema when
 * written and again when read, so a damaged record is reported, never used as if it were fine.
 *
 * @example
 *   const store = new ConfigurationStore(db);
 *   await store.save(newSavedConfiguration({ name: 'DN200 EPDM', release, snapshot }));
 *   const mine = await store.list('butterfly-valve');
 */
import { z } from 'zod';
import { SavedConfiguration } from '../domain/configurator/SavedConfiguration.js';
import type { SuanpanDb } from './db.js';

/** A stored record that no longer passes the schema: left in place (never deleted on read), reported. */
export interface DamagedConfiguration {
  readonly id: string;
  readonly problem: string;
}

export class DamagedConfigurationError extends Error {
  constructor(readonly id: string, readonly problem: string) {
    super(`saved configuration "${id}" is damaged and cannot be opened: ${problem}`);
    this.name = 'DamagedConfigurationError';
  }
}

function check(record: unknown): { ok: true; value: SavedConfiguration } | { ok: false; problem: string } {
  const parsed = SavedConfiguration.safeParse(record);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: z.prettifyError(parsed.error) };
}

function idOf(record: unknown): string {
  const id = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : '(no id)';
}

/** Newest first; ties by id so the order is stable. */
function bySavedAtDesc(a: SavedConfiguration, b: SavedConfiguration): number {
  return b.savedAt.localeCompare(a.savedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class ConfigurationStore {
  constructor(private readonly db: SuanpanDb) {}

  /**
   * Create or replace the configuration with this id. Throws (nothing written) if the record
   * does not pass the schema, saying which field is wrong.
   */
  async save(configuration: SavedConfiguration): Promise<SavedConfiguration> {
    const checked = check(configuration);
    if (!checked.ok) throw new Error(`cannot save configuration "${idOf(configuration)}": ${checked.problem}`);
    await this.db.configurations.put(checked.value);
    return checked.value;
  }

  /** Saved configurations (of one model if given), newest first. Damaged records are left out; see `damaged()`. */
  async list(modelId?: string): Promise<SavedConfiguration[]> {
    const records: unknown[] = modelId === undefined ? await this.db.configurations.toArray() : await this.db.configurations.where('modelId').equals(modelId).toArray();
    const out: SavedConfiguration[] = [];
    for (const r of records) {
      const checked = check(r);
      if (checked.ok) out.push(checked.value);
    }
    return out.sort(bySavedAtDesc);
  }

  /** The configuration, or undefined if there is none; throws DamagedConfigurationError if it is stored but damaged. */
  async get(id: string): Promise<SavedConfiguration | undefined> {
    const record: unknown = await this.db.configurations.get(id);
    if (record === undefined) return undefined;
    const checked = check(record);
    if (!checked.ok) throw new DamagedConfigurationError(id, checked.problem);
    return checked.value;
  }

  /** Stored records that fail the schema, so the UI can show them instead of silently hiding them. */
  async damaged(): Promise<DamagedConfiguration[]> {
    const out: DamagedConfiguration[] = [];
    for (const r of (await this.db.configurations.toArray()) as unknown[]) {
      const checked = check(r);
      if (!checked.ok) out.push({ id: idOf(r), problem: checked.problem });
    }
    return out;
  }

  /** Delete a saved configuration; returns whether there was one. */
  async remove(id: string): Promise<boolean> {
    return this.db.transaction('rw', this.db.configurations, async () => {
      const had = (await this.db.configurations.get(id)) !== undefined;
      if (had) await this.db.configurations.delete(id);
      return had;
    });
  }
}
