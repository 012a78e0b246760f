/**
 * A small seeded generator (mulberry32): the solver's local search and the problem generators
 * must be reproducible run to run, so nothing here uses Math.random.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** `k` distinct integers of [0, n), in random order. */
  sample(n: number, k: number): number[] {
    if (4 * k < n) {
      // Few out of many: draw and skip repeats instead of shuffling all n.
      const picked = new Set<number>();
      while (picked.size < k) picked.add(this.int(n));
      return [...picked];
    }
    const all = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < Math.min(k, n); i++) {
      const j = i + this.int(n - i);
      const t = all[i] as number;
      all[i] = all[j] as number;
      all[j] = t;
    }
    return all.slice(0, Math.min(k, n));
  }
}
