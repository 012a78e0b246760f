/**
 * QuickXplain (Junker 2004): a minimal subset of `candidates` that is inconsistent together
 * with `background`, in O(k log(n/k)) consistency checks for a conflict of k out of n items.
 * Minimal means irreducible: dropping any one item of the answer makes it consistent. The
 * answer depends only on the order of `candidates` and on the (exact) oracle, so it is
 * deterministic. The caller guarantees `background` + `candidates` is inconsistent.
 */
export function quickXplain<T>(
  background: readonly T[],
  candidates: readonly T[],
  consistent: (items: readonly T[]) => boolean,
): T[] {
  if (candidates.length === 0) return [];
  return explain(background, false, candidates, consistent);
}

function explain<T>(
  background: readonly T[],
  backgroundGrew: boolean,
  candidates: readonly T[],
  consistent: (items: readonly T[]) => boolean,
): T[] {
  if (backgroundGrew && !consistent(background)) return [];
  if (candidates.length === 1) return [...candidates];
  const half = candidates.length >> 1;
  const first = candidates.slice(0, half);
  const second = candidates.slice(half);
  const fromSecond = explain([...background, ...first], first.length > 0, second, consistent);
  const fromFirst = explain([...background, ...fromSecond], fromSecond.length > 0, first, consistent);
  return [...fromFirst, ...fromSecond];
}
