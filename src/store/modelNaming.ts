/**
 * Ids and names for new library models: an id derived from the English name, made unique,
 * and the names of a copy.
 */
import type { LocalizedText } from '../domain/workbook/schema.js';
import { ModelId } from './modelEntry.js';

const MAX_ID = 64;

/**
 * An id candidate from a name: lower-case ASCII letters and digits joined by "-"; "model"
 * when nothing usable is left (a name in Chinese only). Always a valid workbook id.
 *
 * @example slugFromName('Butterfly valve DN50') === 'butterfly-valve-dn50'
 */
export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // accents split off by NFKD: "é" → "e"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID)
    .replace(/-+$/, '');
  if (slug === '') return 'model';
  return /^[a-z]/.test(slug) ? slug : `m-${slug}`.slice(0, MAX_ID).replace(/-+$/, '');
}

/**
 * `base` if it is free, else `base-2`, `base-3`, … (cut so the id stays within 64 characters).
 * `taken` is asked with the candidate id.
 */
export function uniqueModelId(base: string, taken: (id: string) => boolean): ModelId {
  const first = ModelId.parse(base);
  if (!taken(first)) return first;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_ID - suffix.length)}${suffix}`;
    if (!taken(candidate)) return ModelId.parse(candidate);
  }
}

/** Names of a copy: "Butterfly valve (copy)", "蝶阀（副本）". */
export function copyName(name: LocalizedText): LocalizedText {
  return { zh: `${name.zh}（副本）`, en: `${name.en} (copy)` };
}
