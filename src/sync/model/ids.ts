/**
 * Ids of sheets, rows and columns in a model document: 12 base-36 characters from the
 * platform's cryptographic generator (about 62 bits), so replicas that never talk to each
 * other can mint ids without colliding. Only `0-9a-z`: ids are joined with `:` into cell keys
 * and written inside formulas, so they must never contain `:`, `,`, `~` or `⟧`.
 */

const ID_LENGTH = 12;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Bytes at or above this would make `byte % 36` favour some characters; they are redrawn. */
const UNBIASED_LIMIT = 252;

export function newId(): string {
  let id = '';
  while (id.length < ID_LENGTH) {
    const bytes = crypto.getRandomValues(new Uint8Array(ID_LENGTH * 2));
    for (const b of bytes) {
      if (b < UNBIASED_LIMIT && id.length < ID_LENGTH) id += ALPHABET.charAt(b % ALPHABET.length);
    }
  }
  return id;
}

/** `count` fresh ids, none of them in `taken` (a collision is astronomically unlikely; checking is cheap). */
export function newIds(count: number, taken: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const id = newId();
    if (taken.has(id) || seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}
