import { afterEach, describe, expect, it } from 'vitest';
import { ConditionEvaluator } from './conditions.js';
import type { QuoteFacts } from './conditions.js';

const facts: QuoteFacts = {
  margin_pct: 11.8,
  discount_pct: 7,
  total: 256_000,
  tier: 'key',
  region: 'east',
  customer: 'c-hz',
  product_lines: ['valves', 'enclosures'],
  models: ['butterfly-valve', 'sheet-metal-enclosure'],
};

let open: ConditionEvaluator[] = [];
const evaluator = (f: QuoteFacts = facts) => {
  const e = new ConditionEvaluator(f);
  open.push(e);
  return e;
};
afterEach(() => {
  for (const e of open) e.dispose();
  open = [];
});

describe('approval conditions', () => {
  it('evaluates comparisons, AND/OR and text against the quote’s figures, naming the figures it used', () => {
    const e = evaluator();
    expect(e.evaluate('margin_pct < 15')).toEqual({ ok: true, holds: true, figures: { margin_pct: 11.8 } });
    expect(e.evaluate('=AND(margin_pct >= 10, tier = "key")')).toEqual({ ok: true, holds: true, figures: { margin_pct: 11.8, tier: 'key' } });
    expect(e.evaluate('OR(total > 500000, discount_pct > 10)')).toMatchObject({ ok: true, holds: false });
    expect(e.evaluate('region = "south"')).toMatchObject({ ok: true, holds: false });
  });

  it('looks into lists: models and product lines', () => {
    const e = evaluator();
    expect(e.evaluate('COUNTIF(models, "butterfly-valve") > 0')).toMatchObject({ ok: true, holds: true });
    expect(e.evaluate('COUNTIF(product_lines, "pumps") > 0')).toMatchObject({ ok: true, holds: false });
    const none = evaluator({ ...facts, models: [], product_lines: [] });
    expect(none.evaluate('COUNTIF(models, "butterfly-valve") > 0')).toMatchObject({ ok: true, holds: false });
  });

  it('refuses what is not a TRUE/FALSE condition over the figures, saying why', () => {
    const e = evaluator();
    expect(e.evaluate('margin_pct <')).toEqual({ ok: false, problem: 'condition "margin_pct <" cannot be read (syntax error)' });
    expect(e.evaluate('margin < 15')).toMatchObject({ ok: false, problem: expect.stringContaining('uses "margin", which is not a figure of the quote') });
    expect(e.evaluate('total * 2')).toEqual({ ok: false, problem: 'condition "total * 2" gives 512000, not TRUE or FALSE' });
    expect(e.evaluate('A1 > 3')).toMatchObject({ ok: false, problem: expect.stringContaining('refers to cells') });
  });
});
