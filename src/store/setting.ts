/**
 * Record type: a local-only setting of this browser (Dexie `settings`), e.g. whether the
 * example models were seeded. Values are JSON.
 */
import { z } from 'zod';

const JsonValue: z.ZodType<unknown> = z.json();

export const Setting = z.strictObject({
  key: z.string().min(1),
  value: JsonValue,
});
export type Setting = z.infer<typeof Setting>;

/** Set (to the ISO time) once the example models were seeded; absent means seed on start. */
export const EXAMPLES_SEEDED = 'examplesSeeded';
