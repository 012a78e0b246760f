/**
 * Record type: a configuration a sales rep saved, pinned to the released model version it was
 * priced on. Fields are only ever added (old records must keep parsing); a retired field name
 * is never reused.
 */
import { z } from 'zod';
import { ReleaseHash } from '../workbook/release.js';
import type { ReleasedModel } from '../workbook/release.js';

export const SavedConfigurationId = z
  .string()
  .regex(/^configuration:[A-Za-z0-9_-]{1,64}$/, { message: 'must look like "configuration:<id>"' })
  .brand<'SavedConfigurationId'>();
export type SavedConfigurationId = z.infer<typeof SavedConfigurationId>;

export function newSavedConfigurationId(): SavedConfigurationId {
  // crypto.randomUUID is global in browsers and in Node ≥ 19: no platform import needed.
  return SavedConfigurationId.parse(`configuration:${crypto.randomUUID()}`);
}

const SavedValue = z.union([z.number(), z.string(), z.boolean()]);

export const SavedConfiguration = z
  .strictObject({
    id: SavedConfigurationId,
    name: z.string().min(1, { message: 'must not be empty' }).max(200, { message: 'must be at most 200 characters' }),
    modelId: z.string().min(1).max(64),
    modelVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'must be a version like 1.0.0' }),
    /** The release the values were priced on; re-pricing on it gives the same figures. */
    releaseHash: ReleaseHash,
    /** Every parameter's value at saving (defaults included), so re-pricing needs no defaults. */
    values: z.record(z.string(), SavedValue),
    /** Parameters the user chose; the others were defaults and may follow a newer model's defaults. */
    userSet: z.array(z.string()),
    savedAt: z.iso.datetime({ offset: true }),
  })
  .refine((c) => c.userSet.every((id) => Object.hasOwn(c.values, id)), { path: ['userSet'], message: 'names a parameter that has no value' })
  .refine((c) => new Set(c.userSet).size === c.userSet.length, { path: ['userSet'], message: 'names a parameter twice' });
export type SavedConfiguration = z.infer<typeof SavedConfiguration>;

export interface NewSavedConfiguration {
  readonly name: string;
  /** The release priced on (a `ReleasedModel` will do). */
  readonly release: Pick<ReleasedModel, 'modelId' | 'version' | 'hash'>;
  /** From `Configuration.snapshot()`. */
  readonly snapshot: { readonly values: Readonly<Record<string, number | string | boolean>>; readonly userSet: readonly string[] };
  readonly id?: SavedConfigurationId;
  /** ISO 8601; defaults to now. */
  readonly savedAt?: string;
}

/** A checked record; throws (a ZodError) if the name or values do not fit the schema. */
export function newSavedConfiguration(input: NewSavedConfiguration): SavedConfiguration {
  return SavedConfiguration.parse({
    id: input.id ?? newSavedConfigurationId(),
    name: input.name,
    modelId: input.release.modelId,
    modelVersion: input.release.version,
    releaseHash: input.release.hash,
    values: { ...input.snapshot.values },
    userSet: [...new Set(input.snapshot.userSet)].sort(),
    savedAt: input.savedAt ?? new Date().toISOString(),
  });
}
