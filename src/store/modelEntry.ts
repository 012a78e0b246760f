/**
 * Record type: one model in the library index (Dexie `models`). A projection of the model
 * document `model:<id>` (name, product line, version, kind, includes), plus library-only
 * fields (file, created, deleted). Never edited by hand: the library writes it from the
 * document and records which document state it came from (`sourceState`).
 *
 * Fields are only ever added; a retired field name is never reused.
 */
import { z } from 'zod';

/** Same rule as a workbook id (schema.ts): what URLs, scripts and `--set` use. */
export const ModelId = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, { message: 'must start with a letter or "_" and contain only letters, digits, "_", "." and "-"' })
  .max(64, { message: 'must be at most 64 characters' })
  .brand<'ModelId'>();
export type ModelId = z.infer<typeof ModelId>;

export const ModelKind = z.enum(['product', 'module']);
export type ModelKind = z.infer<typeof ModelKind>;

const IsoTime = z.iso.datetime({ offset: true });

export const ModelEntry = z.strictObject({
  id: ModelId,
  /** Path the model is included by, as under `workbooks/` (`modules/actuator.workbook.json`). Unique. */
  file: z.string().min(1, { message: 'must not be empty' }),
  kind: ModelKind,
  nameZh: z.string(),
  nameEn: z.string(),
  productLine: z.string(),
  version: z.string(),
  /** Files of the modules the model includes, resolved from its own file (library paths). */
  includes: z.array(z.string()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  /** Set when moved to the bin; cleared by restore. */
  deletedAt: IsoTime.optional(),
  /**
   * Which document state this projection was made from: SHA-256 (hex) of the Yjs snapshot
   * (state vector and delete set; a deletion alone leaves the state vector unchanged).
   */
  sourceState: z.string().optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

/** The library file of a model: products at the top, modules in `modules/`, as in `workbooks/`. */
export function modelFileFor(id: string, kind: ModelKind): string {
  return kind === 'module' ? `modules/${id}.workbook.json` : `${id}.workbook.json`;
}

/** The Y.Doc name of a model (ARCHITECTURE.md: `model:<id>`). */
export function modelDocName(id: string): string {
  return `model:${id}`;
}
