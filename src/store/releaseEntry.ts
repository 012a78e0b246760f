/**
 * Record type: one released model version (Dexie `releases`), keyed by its content hash.
 * `text` is the JSON of the domain's `ReleasedModel`; the other fields are a header for lists
 * and are checked against the content when the release is read (see ModelLibrary.getRelease).
 *
 * Releases are never changed or deleted: quotes and saved configurations pin them by hash.
 */
import { z } from 'zod';

export const ReleaseEntry = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits (SHA-256)' }),
  /** The library id of the released product. */
  modelId: z.string().min(1),
  version: z.string().min(1),
  releasedAt: z.iso.datetime({ offset: true }),
  nameZh: z.string(),
  nameEn: z.string(),
  productLine: z.string(),
  /** `JSON.stringify(ReleasedModel)`. */
  text: z.string().min(1),
});
export type ReleaseEntry = z.infer<typeof ReleaseEntry>;

/** A release's header without its content, for lists. */
export type ReleaseSummary = Omit<ReleaseEntry, 'text'>;

export function releaseSummary(entry: ReleaseEntry): ReleaseSummary {
  const { text: _text, ...summary } = entry;
  return summary;
}
