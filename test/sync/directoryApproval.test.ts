/**
 * The approval part of the directory document: the policy (checked whole, a refused one changes
 * nothing) and approvers' public keys (registered once, never replaced, only revoked).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EMPTY_POLICY } from '../../src/domain/approval/policy.js';
import type { ApprovalPolicy } from '../../src/domain/approval/policy.js';
import { DirectoryStore } from '../../src/sync/directory/directoryStore.js';
import { MemoryDocPersistence } from '../../src/sync/persistence.js';

const policy: ApprovalPolicy = {
  rules: [{ id: 'low-margin', name: 'Low margin', when: 'margin_pct < 15', levels: [{ rank: 1, name: 'Manager', approvers: [{ role: 'approver' }], mode: 'any' }] }],
  delegations: [],
  reminderHours: 8,
  selfApproval: 'forbidden',
};
const key = {
  keyId: 'k-approver-1',
  username: 'approver',
  publicJwk: { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' },
  registeredBy: 'admin',
  registeredAt: '2026-11-27T08:00:00.000Z',
};

async function open(): Promise<DirectoryStore> {
  return DirectoryStore.open(new MemoryDocPersistence());
}

describe('directory: approval policy and approver keys', () => {
  it('has the empty policy until one is set, then keeps the one set', async () => {
    const d = await open();
    expect(d.approvalPolicy()).toEqual(EMPTY_POLICY);
    expect(d.setApprovalPolicy(policy)).toEqual({ ok: true });
    expect(d.approvalPolicy()).toEqual(policy);
  });

  it('refuses a broken policy, naming the field, and keeps the one it had', async () => {
    const d = await open();
    d.setApprovalPolicy(policy);
    const before = Y.encodeStateAsUpdate(d.doc);
    const result = d.setApprovalPolicy({ ...policy, reminderHours: -1 });
    expect(result).toEqual({ ok: false, problems: ['approval.reminderHours Too small: expected number to be >=1'] });
    expect(Y.encodeStateAsUpdate(d.doc)).toEqual(before);
    expect(d.approvalPolicy()).toEqual(policy);
  });

  it('registers a key once, refuses a second registration of its id, and revokes it with a date', async () => {
    const d = await open();
    expect(d.registerApproverKey(key)).toEqual({ ok: true });
    expect(d.registerApproverKey({ ...key, username: 'intruder' })).toEqual({ ok: false, problems: ['key k-approver-1 is already registered'] });
    expect(d.approverKeys()).toEqual([key]);
    expect(d.registerApproverKey({ ...key, keyId: 'k-2', publicJwk: { ...key.publicJwk, crv: 'P-384' } }).ok).toBe(false);
    expect(d.revokeApproverKey('k-approver-1', '2026-12-01T00:00:00.000Z')).toEqual({ ok: true });
    expect(d.approverKeys()[0]?.revokedAt).toBe('2026-12-01T00:00:00.000Z');
    expect(d.revokeApproverKey('k-approver-1', '2026-12-02T00:00:00.000Z')).toEqual({ ok: false, problems: ['key k-approver-1 was already revoked on 2026-12-01T00:00:00.000Z'] });
    expect(d.revokeApproverKey('k-none', '2026-12-02T00:00:00.000Z')).toEqual({ ok: false, problems: ['there is no key k-none'] });
  });
});

describe('a quote’s approval route from the directory’s policy', () => {
  it('routes by the figures of the current revision and says which rule matched which figure', async () => {
    const { openQuoteWorld } = await import('../support/quoteWorld.js');
    const w = await openQuoteWorld();
    try {
      const made = await w.quotes.create({ customerId: 'c-sh-pharma', quoteDate: '2026-11-27', inquiry: { requirements: 'commissioning' } }, 'rep');
      if (!made.ok) throw new Error(made.problems.join('; '));
      const line = await w.quotes.addCatalogueLine(made.value, { sku: 'SVC-INSTALL', quantity: 2 });
      if (!line.ok) throw new Error(line.problems.join('; '));
      // No policy yet: nothing to approve.
      expect(await w.quotes.approvalRoute(made.value)).toMatchObject({ ok: true, value: { levels: [] } });

      expect(
        w.directory.setApprovalPolicy({
          ...policy,
          rules: [
            { id: 'thin', name: 'Thin margin', when: 'margin_pct < 45', levels: [{ rank: 1, name: 'Manager', approvers: [{ role: 'approver' }], mode: 'any' }] },
            { id: 'big', name: 'Big order', when: 'total > 100000', levels: [{ rank: 2, name: 'Director', approvers: [{ user: 'director' }], mode: 'any' }] },
          ],
        }),
      ).toEqual({ ok: true });
      // Key tier: 5 % default discount. 2 days × 3,200.00 × 0.95 = 6,080.00 net against 2 × 1,800.00 cost:
      // margin 2,480.00 / 6,080.00 = 40.79 %, under 45; total 6,080.00 × 1.13 + freight, far under 100,000.
      const route = await w.quotes.approvalRoute(made.value);
      if (!route.ok) throw new Error(route.problems.join('; '));
      expect(route.value.facts.margin_pct).toBe(40.79);
      expect(route.value.levels).toEqual([
        { rank: 1, name: 'Manager', approvers: [{ role: 'approver' }], mode: 'any', approvesBelow: false, reasons: [{ rule: 'Thin margin', condition: 'margin_pct < 45', figures: { margin_pct: 40.79 } }] },
      ]);
    } finally {
      await w.close();
    }
  }, 60_000);
});
