import { afterEach, describe, expect, it } from 'vitest';
import { ConditionEvaluator } from './conditions.js';
import type { QuoteFacts } from './conditions.js';
import { routeFor } from './routing.js';
import type { ApprovalRule } from './routing.js';

const facts: QuoteFacts = {
  margin_pct: 11.8,
  discount_pct: 7,
  total: 256_000,
  tier: 'key',
  region: 'east',
  customer: 'c-hz',
  product_lines: ['valves'],
  models: ['butterfly-valve'],
};

const lowMargin: ApprovalRule = {
  id: 'r1',
  name: 'Low margin',
  when: 'margin_pct < 15',
  levels: [
    { rank: 1, name: 'Sales manager', approvers: [{ user: 'mgr' }], mode: 'any' },
    { rank: 2, name: 'Director', approvers: [{ user: 'dir' }], mode: 'any', approvesBelow: true },
  ],
};
const bigOrder: ApprovalRule = {
  id: 'r2',
  name: 'Big order',
  when: 'total > 200000',
  levels: [
    { rank: 2, name: 'Director', approvers: [{ user: 'dir' }], mode: 'any' },
    { rank: 3, name: 'Finance', approvers: [{ user: 'fin1' }, { user: 'fin2' }], mode: 'all' },
  ],
};
const keyDiscount: ApprovalRule = {
  id: 'r3',
  name: 'Key account discount',
  when: 'AND(tier = "key", discount_pct > 5)',
  levels: [{ rank: 1, name: 'Key account manager', approvers: [{ role: 'approver' }], mode: 'any', skipWhen: 'total < 1000' }],
};
const valves: ApprovalRule = {
  id: 'r4',
  name: 'Valves',
  when: 'COUNTIF(models, "butterfly-valve") > 0',
  levels: [{ rank: 1, name: 'Sales manager', approvers: [{ user: 'mgr' }], mode: 'any' }],
};

let open: ConditionEvaluator[] = [];
const conditions = (f: QuoteFacts = facts) => {
  const c = new ConditionEvaluator(f);
  open.push(c);
  return c;
};
afterEach(() => {
  for (const c of open) c.dispose();
  open = [];
});

describe('approval routing', () => {
  it('one rule: its levels in rank order, with the figure that matched', () => {
    expect(routeFor([lowMargin], conditions())).toEqual({
      ok: true,
      levels: [
        { rank: 1, name: 'Sales manager', approvers: [{ user: 'mgr' }], mode: 'any', approvesBelow: false, reasons: [{ rule: 'Low margin', condition: 'margin_pct < 15', figures: { margin_pct: 11.8 } }] },
        { rank: 2, name: 'Director', approvers: [{ user: 'dir' }], mode: 'any', approvesBelow: true, reasons: [{ rule: 'Low margin', condition: 'margin_pct < 15', figures: { margin_pct: 11.8 } }] },
      ],
    });
  });

  it('no matching rule: no approval needed', () => {
    expect(routeFor([lowMargin, bigOrder], conditions({ ...facts, margin_pct: 22, total: 9000 }))).toEqual({ ok: true, levels: [] });
  });

  it('merges matching rules: same ranks join, "all" wins, skip-level only if every merged level grants it, each person asked once', () => {
    const route = routeFor([lowMargin, bigOrder, keyDiscount, valves], conditions());
    if (!route.ok) throw new Error(route.problems.join('; '));
    expect(route.levels.map((l) => ({ rank: l.rank, name: l.name, approvers: l.approvers, mode: l.mode, approvesBelow: l.approvesBelow, rules: l.reasons.map((r) => r.rule) }))).toEqual([
      { rank: 1, name: 'Sales manager / Key account manager', approvers: [{ user: 'mgr' }, { role: 'approver' }], mode: 'any', approvesBelow: false, rules: ['Low margin', 'Key account discount', 'Valves'] },
      // Low margin lets the director approve for the levels below; Big order does not: merged, it does not.
      { rank: 2, name: 'Director', approvers: [{ user: 'dir' }], mode: 'any', approvesBelow: false, rules: ['Low margin', 'Big order'] },
      { rank: 3, name: 'Finance', approvers: [{ user: 'fin1' }, { user: 'fin2' }], mode: 'all', approvesBelow: false, rules: ['Big order'] },
    ]);
  });

  it('asks a person named at two ranks only at the higher one, and drops a level left with nobody', () => {
    const financeToo: ApprovalRule = { ...bigOrder, levels: [{ rank: 3, name: 'Finance', approvers: [{ user: 'fin1' }, { user: 'mgr' }], mode: 'all' }] };
    const route = routeFor([valves, financeToo], conditions());
    if (!route.ok) throw new Error(route.problems.join('; '));
    expect(route.levels.map((l) => [l.rank, l.approvers])).toEqual([[3, [{ user: 'fin1' }, { user: 'mgr' }]]]);
  });

  it('leaves out a level whose skip condition holds', () => {
    const route = routeFor([keyDiscount], conditions({ ...facts, total: 800 }));
    expect(route).toEqual({ ok: true, levels: [] });
  });

  it('refuses a policy whose condition cannot be evaluated, naming the rule and the level', () => {
    const broken: ApprovalRule = { ...lowMargin, when: 'margin < 15' };
    const brokenSkip: ApprovalRule = { ...keyDiscount, levels: [{ ...keyDiscount.levels[0]!, skipWhen: 'total <' }] };
    const route = routeFor([broken, brokenSkip], conditions());
    expect(route.ok).toBe(false);
    if (route.ok) return;
    expect(route.problems).toEqual([
      'rule "Low margin": condition "margin < 15" uses "margin", which is not a figure of the quote (margin_pct, discount_pct, total, tier, region, customer, product_lines, models)',
      'rule "Key account discount", level "Key account manager": condition "total <" cannot be read (syntax error)',
    ]);
  });
});

describe('approval policy', () => {
  it('accepts a whole policy and refuses a broken one with every problem at its place', async () => {
    const { ApprovalPolicy } = await import('./policy.js');
    expect(ApprovalPolicy.safeParse({ rules: [lowMargin, bigOrder], delegations: [], reminderHours: 24, selfApproval: 'forbidden' }).success).toBe(true);
    const broken = ApprovalPolicy.safeParse({
      rules: [lowMargin, { ...bigOrder, id: 'r1', levels: [bigOrder.levels[0], { ...bigOrder.levels[1], rank: 2 }] }],
      delegations: [{ from: 'dir', fromRole: 'approver', to: 'dir', start: '2026-12-10', end: '2026-12-01' }],
      reminderHours: 0,
      selfApproval: 'forbidden',
    });
    expect(broken.success).toBe(false);
    const problems = broken.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).sort();
    expect(problems).toEqual([
      'delegations.0.end: ends (2026-12-01) before it starts (2026-12-10)',
      'delegations.0.to: a delegation must hand over to someone else',
      'reminderHours: Too small: expected number to be >=1',
      'rules.1.id: "r1" is used by two rules',
      'rules.1.levels: two levels of one rule have the same rank',
    ]);
  });
});
