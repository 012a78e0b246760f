/**
 * The `directory` document (ARCHITECTURE.md): what admins set for everyone. This issue keeps
 * the price policies there (PricingSettings: company, numbering, tax, tiers, regions, load
 * factors, market indices, currencies, catalogue); users, keys and approval policies join it
 * later.
 *
 * Shape. Additive only.
 *   doc.getMap('pricing')   one key per PricingSettings section (JSON value, replaced whole):
 *                           two admins editing different sections both keep their edit; the same
 *                           section, last writer wins.
 *
 * Every write is checked against the whole PricingSettings first; a refused write changes nothing.
 */
import type * as Y from 'yjs';
import { parseIndexCsv } from '../../domain/pricing/marketIndex.js';
import type { IndexPoint } from '../../domain/pricing/marketIndex.js';
import { PricingSettings } from '../../domain/pricing/PricingSettings.js';
import type { PricingSection } from '../../domain/pricing/PricingSettings.js';
import type { DocPersistence, PersistedDoc } from '../persistence.js';
import { zodProblems } from '../quote/quoteDoc.js';
import type { CommandResult } from '../quote/quoteDoc.js';

export const DIRECTORY_DOC = 'directory';
export const PRICING_MAP = 'pricing';

export const DIRECTORY_ORIGIN = Symbol('directory');

export type SettingsRead = { readonly ok: true; readonly settings: PricingSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function readPricing(doc: Y.Doc): SettingsRead {
  const map = doc.getMap<unknown>(PRICING_MAP);
  if (map.size === 0) return { ok: false, problems: ['no price policies are set up yet'] };
  const parsed = PricingSettings.safeParse(Object.fromEntries(map.entries()));
  return parsed.success ? { ok: true, settings: parsed.data } : { ok: false, problems: zodProblems(parsed.error, 'pricing') };
}

/** Replace one section after checking the whole settings with it. */
export function setPricingSection<K extends PricingSection>(doc: Y.Doc, section: K, value: PricingSettings[K], origin: unknown): CommandResult {
  const map = doc.getMap<unknown>(PRICING_MAP);
  const next = PricingSettings.safeParse({ ...Object.fromEntries(map.entries()), [section]: value });
  if (!next.success) return { ok: false, problems: zodProblems(next.error, 'pricing') };
  const problems = consistencyProblems(next.data);
  if (problems.length > 0) return { ok: false, problems };
  doc.transact(() => map.set(section, next.data[section]), origin);
  return { ok: true };
}

/** What the schema alone cannot see: duplicate keys. */
export function consistencyProblems(s: PricingSettings): string[] {
  const problems: string[] = [];
  const dupes = (what: string, keys: readonly string[]) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) problems.push(`${what} "${k}" is defined twice`);
      seen.add(k);
    }
  };
  dupes('tier', s.tiers.map((t) => t.policy.key));
  dupes('region', s.regions.map((r) => r.policy.region));
  dupes('load factor for product line', s.loadFactors.map((f) => f.productLine));
  dupes('market index', s.indices.map((i) => i.key));
  dupes('currency', s.currencies.map((c) => c.code));
  dupes('catalogue item', s.catalogue.map((c) => c.sku));
  return problems;
}

/**
 * The directory on this device: one live document, persisted, with the price policies read
 * from it (checked). `seed` fills an empty directory once (demo data on first start).
 */
export class DirectoryStore {
  private listeners = new Set<() => void>();

  private constructor(private readonly persisted: PersistedDoc) {
    persisted.doc.getMap(PRICING_MAP).observe(() => {
      for (const l of this.listeners) l();
    });
  }

  static async open(persistence: DocPersistence): Promise<DirectoryStore> {
    return new DirectoryStore(await persistence.open(DIRECTORY_DOC));
  }

  get doc(): Y.Doc {
    return this.persisted.doc;
  }

  /** Fill an empty directory; a directory that holds anything is left alone. */
  seed(settings: PricingSettings): CommandResult {
    const map = this.doc.getMap<unknown>(PRICING_MAP);
    if (map.size > 0) return { ok: true };
    const parsed = PricingSettings.safeParse(settings);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, 'pricing') };
    this.doc.transact(() => {
      for (const [k, v] of Object.entries(parsed.data)) map.set(k, v);
    }, DIRECTORY_ORIGIN);
    return { ok: true };
  }

  read(): SettingsRead {
    return readPricing(this.doc);
  }

  /** The settings, or an error naming what is wrong (screens show it). */
  settings(): PricingSettings {
    const read = this.read();
    if (!read.ok) throw new Error(`the price policies cannot be used: ${read.problems.join('; ')}`);
    return read.settings;
  }

  set<K extends PricingSection>(section: K, value: PricingSettings[K]): CommandResult {
    return setPricingSection(this.doc, section, value, DIRECTORY_ORIGIN);
  }

  /**
   * Import `date,value` lines into a market index series. All or nothing: a bad line refuses
   * the whole file with its line number. A date already in the series takes the file's value.
   */
  importIndexCsv(key: string, text: string): CommandResult & { readonly added?: number; readonly replaced?: number } {
    const read = this.read();
    if (!read.ok) return { ok: false, problems: read.problems };
    const series = read.settings.indices.find((s) => s.key === key);
    if (!series) return { ok: false, problems: [`there is no market index "${key}"`] };
    const parsed = parseIndexCsv(text);
    if (!parsed.ok) return { ok: false, problems: parsed.errors };
    if (parsed.points.length === 0) return { ok: false, problems: ['the file holds no date,value line'] };
    const byDate = new Map<string, IndexPoint>(series.points.map((p) => [p.date, p]));
    let replaced = 0;
    for (const p of parsed.points) {
      if (byDate.has(p.date)) replaced++;
      byDate.set(p.date, p);
    }
    const points = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const indices = read.settings.indices.map((s) => (s.key === key ? { ...s, points } : s));
    const result = this.set('indices', indices);
    return result.ok ? { ok: true, added: parsed.points.length - replaced, replaced } : result;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.persisted.destroy();
  }
}
