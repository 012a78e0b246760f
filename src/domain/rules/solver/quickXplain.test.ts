import { describe, expect, it } from 'vitest';
import { quickXplain } from './quickXplain.js';

/** Items 0..9; a set is inconsistent when it holds both 2 and 5, or both 7 and 8. */
const consistent = (items: readonly number[]) => !(items.includes(2) && items.includes(5)) && !(items.includes(7) && items.includes(8));
const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('quickXplain', () => {
  it('returns a minimal conflict, preferring earlier items', () => {
    // The conflict {2, 5} has its last item before 8, the last item of {7, 8}.
    expect(quickXplain([], all, consistent)).toEqual([2, 5]);
    expect(quickXplain([], [...all].reverse(), consistent).sort()).toEqual([7, 8]);
  });

  it('takes the background as given', () => {
    expect(quickXplain([5], all.filter((i) => i !== 5), consistent)).toEqual([2]);
    expect(quickXplain([7], [8, 9], consistent)).toEqual([8]);
  });

  it('needs few checks', () => {
    let calls = 0;
    const counted = (items: readonly number[]) => {
      calls++;
      return consistent(items);
    };
    quickXplain([], Array.from({ length: 1000 }, (_, i) => (i === 500 ? 2 : i === 900 ? 5 : i + 10)), counted);
    expect(calls).toBeLessThan(60);
  });
});
