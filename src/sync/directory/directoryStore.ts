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
 *   doc.getMap('approval')  `policy`: the approval policy (domain/approval/policy.ts), replaced whole
 *   doc.getMap('approverKeys') key id → an approver's registered public key (ApproverKey); a key
 *                           is never edited, only revoked (`revokedAt` set)
 *
 * Every write is checked against the whole PricingSettings first; a refused write changes nothing.
 */
import type * as Y from 'yjs';
import { parseIndexCsv } from '../../domain/pricing/marketIndex.js';
import type { IndexPoint } from '../../domain/pricing/marketIndex.js';
import { PricingSettings } from '../../domain/pricing/PricingSettings.js';
import type { PricingSection } from '../../domain/pricing/PricingSettings.js';
import { z } from 'zod';
import { ApprovalPolicy, EMPTY_POLICY } from '../../domain/approval/policy.js';
import type { DocPersistence, PersistedDoc } from '../persistence.js';
import { zodProblems } from '../quote/quoteDoc.js';
import type { CommandResult } from '../quote/quoteDoc.js';

export const DIRECTORY_DOC = 'directory';
export const PRICING_MAP = 'pricing';

export const APPROVAL_MAP = 'approval';
export const APPROVER_KEYS_MAP = 'approverKeys';

export const DIRECTORY_ORIGIN = Symbol('directory');

/** An approver's public key as an admin registered it: whose it is, and since when. */
export const ApproverKey = z.strictObject({
  keyId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'must be 8–64 letters, digits, "_" or "-"' }),
  username: z.string().min(1),
  /** ECDSA P-256 public key (JWK). */
  publicJwk: z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().min(1), y: z.string().min(1) }),
  registeredBy: z.string().min(1),
  registeredAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }).optional(),
});
export type ApproverKey = z.infer<typeof ApproverKey>;

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

  /** The approval policy; the empty one (nothing routed) until an admin sets one. */
  approvalPolicy(): ApprovalPolicy {
    const stored = this.doc.getMap<unknown>(APPROVAL_MAP).get('policy');
    if (stored === undefined) return EMPTY_POLICY;
    const parsed = ApprovalPolicy.safeParse(stored);
    if (!parsed.success) throw new Error(`the approval policy cannot be used: ${zodProblems(parsed.error, 'approval').join('; ')}`);
    return parsed.data;
  }

  /** Replace the approval policy, checked whole first; a refused policy changes nothing. */
  setApprovalPolicy(policy: unknown): CommandResult {
    const parsed = ApprovalPolicy.safeParse(policy);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, 'approval') };
    this.doc.transact(() => this.doc.getMap<unknown>(APPROVAL_MAP).set('policy', parsed.data), DIRECTORY_ORIGIN);
    return { ok: true };
  }

  /** Every registered approver key (revoked ones included, so old signatures still name their key). */
  approverKeys(): ApproverKey[] {
    return [...this.doc.getMap<unknown>(APPROVER_KEYS_MAP).values()].flatMap((v) => {
      const parsed = ApproverKey.safeParse(v);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Register an approver's public key (admins). A key id is registered once and never replaced. */
  registerApproverKey(key: unknown): CommandResult {
    const parsed = ApproverKey.safeParse(key);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, 'approverKey') };
    const map = this.doc.getMap<unknown>(APPROVER_KEYS_MAP);
    if (map.has(parsed.data.keyId)) return { ok: false, problems: [`key ${parsed.data.keyId} is already registered`] };
    if (parsed.data.revokedAt !== undefined) return { ok: false, problems: ['a new key cannot be registered as revoked'] };
    this.doc.transact(() => map.set(parsed.data.keyId, parsed.data), DIRECTORY_ORIGIN);
    return { ok: true };
  }

  /** Revoke a key: signatures made before `at` stay valid, later ones do not verify. */
  revokeApproverKey(keyId: string, at: string): CommandResult {
    const current = this.approverKeys().find((k) => k.keyId === keyId);
    if (!current) return { ok: false, problems: [`there is no key ${keyId}`] };
    if (current.revokedAt !== undefined) return { ok: false, problems: [`key ${keyId} was already revoked on ${current.revokedAt}`] };
    const next = ApproverKey.safeParse({ ...current, revokedAt: at });
    if (!next.success) return { ok: false, problems: zodProblems(next.error, 'approverKey') };
    this.doc.transact(() => this.doc.getMap<unknown>(APPROVER_KEYS_MAP).set(keyId, next.data), DIRECTORY_ORIGIN);
    return { ok: true };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.persisted.destroy();
  }
}
