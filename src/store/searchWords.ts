/**
 * Search keys for the list projections (`words`, a multi-entry index). A query is matched by
 * prefix on the keys, so a key is made for every place a user may start typing:
 * - each word of Latin text, lower-cased, its parts and the tails starting at each part
 *   (`Q-2026-0012` gives `q-2026-0012`, `q`, `2026`, `0012` and `2026-0012`);
 * - every suffix of a run of CJK characters (`杭州阀门厂` gives `杭州阀门厂`, `州阀门厂`, … `厂`),
 *   so typing any part of a Chinese name finds it (Chinese is written without spaces).
 * Suffixes are capped at MAX_CJK_SUFFIXES per run to bound the index on long names.
 */
const MAX_CJK_SUFFIXES = 12;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
/** Where words split; a query is split the same way (`searchTokens`). */
const WORD_SEPARATORS = /[\s,;:/()（），；：、]+/u;
const PART_SEPARATORS = /[-_.]+/gu;

/** Lower-cased, trimmed, full-width ASCII folded to half-width: how both keys and queries are compared. */
export function normaliseSearch(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .trim();
}

export function searchWords(...texts: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const raw of texts) {
    const text = normaliseSearch(raw);
    if (text === '') continue;
    keys.add(text);
    for (const word of text.split(WORD_SEPARATORS)) {
      if (word === '') continue;
      keys.add(word);
      for (const part of word.split(PART_SEPARATORS)) if (part !== '') keys.add(part);
      // Tails from each part on, so `2026-00` finds `Q-2026-0012`.
      for (const separator of word.matchAll(PART_SEPARATORS)) {
        const tail = word.slice((separator.index ?? 0) + separator[0].length);
        if (tail !== '') keys.add(tail);
      }
    }
    for (const run of text.match(CJK) ?? []) {
      const chars = [...run];
      for (let i = 0; i < Math.min(chars.length, MAX_CJK_SUFFIXES); i++) keys.add(chars.slice(i).join(''));
    }
  }
  return [...keys];
}

/**
 * The words of a query, each to be matched by prefix against `searchWords` keys (a record
 * matches when every word does). Duplicates and words that merely begin another word of the
 * query are dropped: they cannot narrow the match further.
 *
 * @example searchTokens(' Q-2026-00  阀门 阀 ') // ['q-2026-00', '阀门']
 */
export function searchTokens(query: string): string[] {
  const words = [...new Set(normaliseSearch(query).split(WORD_SEPARATORS))].filter((w) => w !== '');
  return words.filter((w) => !words.some((other) => other !== w && other.startsWith(w)));
}
