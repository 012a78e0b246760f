/**
 * Row, column and sheet ids come from `crypto.getRandomValues` (src/sync/model/ids.ts). For a
 * run to replay from its seed alone, the generator is swapped for a seeded one while the run
 * lasts; the platform's is put back afterwards, even when the run fails.
 */
import type { Random } from './random.js';

export async function withSeededIds<T>(rng: Random, run: () => Promise<T>): Promise<T> {
  const crypto = globalThis.crypto;
  const seeded = <A extends ArrayBufferView | null>(array: A): A => {
    if (array) rng.fill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  };
  Object.defineProperty(crypto, 'getRandomValues', { value: seeded, configurable: true, writable: true });
  try {
    return await run();
  } finally {
    // The own property shadowed the prototype's method; removing it restores the platform's.
    delete (crypto as { getRandomValues?: unknown }).getRandomValues;
  }
}
