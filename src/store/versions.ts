/**
 * Model version numbers as the workbook format writes them (`x.y.z`, schema.ts), and the next
 * one to suggest after a release.
 */

const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/** Whether `v` is a version the workbook format accepts. */
export function isModelVersion(v: string): boolean {
  return VERSION.test(v);
}

/** Why `v` is not a model version, or undefined if it is one. Same wording as the schema's. */
export function versionProblem(v: string): string | undefined {
  return isModelVersion(v) ? undefined : `"${v}" must be a version like 1.0.0`;
}

function parts(v: string): [number, number, number] | undefined {
  const m = VERSION.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Numeric order of `x.y.z` versions (1.10.0 after 1.9.0); a version not of that form sorts first. */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

/**
 * The version to suggest after `released` (versions already released): the patch after the
 * highest `x.y.z` one; if none has that form, the last one with `.1` appended; `current` when
 * nothing was released yet.
 */
export function nextVersion(released: readonly string[], current: string): string {
  if (released.length === 0) return current;
  const highest = [...released].sort(compareVersions).at(-1) as string;
  const p = parts(highest);
  return p ? `${p[0]}.${p[1]}.${p[2] + 1}` : `${highest}.1`;
}
