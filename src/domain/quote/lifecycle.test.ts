import { describe, expect, it } from 'vitest';
import { QuoteLifecycle, businessDate, isValidityPassed, shouldMarkExpired, transition } from './lifecycle.js';
import type { QuoteAction, QuoteActionType, QuoteState, TransitionContext } from './lifecycle.js';

const NOW = new Date('2026-11-27T06:00:00Z'); // 14:00 in Beijing
const VALID = '2026-12-31';

function act(type: QuoteActionType, reason = 'price'): QuoteAction {
  if (type === 'mark_won' || type === 'mark_lost') return { type, reason };
  return { type };
}

// Written out by hand: every state × action, with a validity date in the future, a route that
// needs approval and an approval already complete. A target state means allowed; a code means refused.
const TABLE: ReadonlyArray<readonly [QuoteState, QuoteActionType, string]> = [
  ['inquiry', 'start_design', '→solution_design'],
  ['inquiry', 'mark_quoted', 'wrong_state'],
  ['inquiry', 'submit_for_approval', 'wrong_state'],
  ['inquiry', 'send', 'wrong_state'],
  ['inquiry', 'mark_won', 'wrong_state'],
  ['inquiry', 'mark_lost', '→lost'],
  ['inquiry', 'mark_expired', 'wrong_state'],

  ['solution_design', 'start_design', 'wrong_state'],
  ['solution_design', 'mark_quoted', '→quoted'],
  ['solution_design', 'submit_for_approval', 'wrong_state'],
  ['solution_design', 'send', 'wrong_state'],
  ['solution_design', 'mark_won', 'wrong_state'],
  ['solution_design', 'mark_lost', '→lost'],
  ['solution_design', 'mark_expired', 'wrong_state'],

  ['quoted', 'start_design', 'wrong_state'],
  ['quoted', 'mark_quoted', 'wrong_state'],
  ['quoted', 'submit_for_approval', '→approval'],
  ['quoted', 'send', 'approval_required'],
  ['quoted', 'mark_won', 'wrong_state'],
  ['quoted', 'mark_lost', '→lost'],
  ['quoted', 'mark_expired', 'validity_not_passed'],

  ['approval', 'start_design', 'wrong_state'],
  ['approval', 'mark_quoted', 'wrong_state'],
  ['approval', 'submit_for_approval', 'wrong_state'],
  ['approval', 'send', '→sent'],
  ['approval', 'mark_won', 'wrong_state'],
  ['approval', 'mark_lost', '→lost'],
  ['approval', 'mark_expired', 'validity_not_passed'],

  ['sent', 'start_design', 'wrong_state'],
  ['sent', 'mark_quoted', 'wrong_state'],
  ['sent', 'submit_for_approval', 'wrong_state'],
  ['sent', 'send', 'wrong_state'],
  ['sent', 'mark_won', '→won'],
  ['sent', 'mark_lost', '→lost'],
  ['sent', 'mark_expired', 'validity_not_passed'],

  ['won', 'start_design', 'wrong_state'],
  ['won', 'mark_quoted', 'wrong_state'],
  ['won', 'submit_for_approval', 'wrong_state'],
  ['won', 'send', 'wrong_state'],
  ['won', 'mark_won', 'wrong_state'],
  ['won', 'mark_lost', 'wrong_state'],
  ['won', 'mark_expired', 'wrong_state'],

  ['lost', 'start_design', 'wrong_state'],
  ['lost', 'mark_quoted', 'wrong_state'],
  ['lost', 'submit_for_approval', 'wrong_state'],
  ['lost', 'send', 'wrong_state'],
  ['lost', 'mark_won', 'wrong_state'],
  ['lost', 'mark_lost', 'wrong_state'],
  ['lost', 'mark_expired', 'wrong_state'],

  ['expired', 'start_design', 'wrong_state'],
  ['expired', 'mark_quoted', 'wrong_state'],
  ['expired', 'submit_for_approval', 'wrong_state'],
  ['expired', 'send', 'wrong_state'],
  ['expired', 'mark_won', 'wrong_state'],
  ['expired', 'mark_lost', '→lost'],
  ['expired', 'mark_expired', 'wrong_state'],
];

function summarize(state: QuoteState, type: QuoteActionType, ctx: Partial<TransitionContext> = {}, now = NOW): string {
  const r = transition({ state, validUntil: VALID, approvalRequired: true, approvalComplete: true, ...ctx }, act(type), now);
  return r.ok ? `→${r.state}` : r.code;
}

describe('transition: every state × action', () => {
  it('the table covers all 56 pairs exactly once', () => {
    expect(new Set(TABLE.map(([s, a]) => `${s}/${a}`)).size).toBe(56);
  });
  it.each(TABLE)('%s + %s → %s', (state, type, expected) => {
    expect(summarize(state, type)).toBe(expected);
  });
});

describe('transition: context-dependent checks', () => {
  const LATER = new Date('2027-01-05T02:00:00Z');

  it('sends straight from quoted when the route needs no approval', () => {
    expect(summarize('quoted', 'send', { approvalRequired: false, approvalComplete: false })).toBe('→sent');
  });
  it('refuses to send from approval while the approval is incomplete', () => {
    expect(summarize('approval', 'send', { approvalComplete: false })).toBe('approval_incomplete');
  });
  it('after the validity date: expire is allowed, send and win are refused', () => {
    expect(summarize('quoted', 'mark_expired', {}, LATER)).toBe('→expired');
    expect(summarize('approval', 'mark_expired', {}, LATER)).toBe('→expired');
    expect(summarize('sent', 'mark_expired', {}, LATER)).toBe('→expired');
    expect(summarize('approval', 'send', {}, LATER)).toBe('validity_passed');
    expect(summarize('quoted', 'send', { approvalRequired: false }, LATER)).toBe('validity_passed');
    expect(summarize('sent', 'mark_won', {}, LATER)).toBe('validity_passed');
    expect(summarize('sent', 'mark_lost', {}, LATER)).toBe('→lost');
  });
  it('cannot expire a quote that has no validity date', () => {
    expect(summarize('quoted', 'mark_expired', { validUntil: undefined })).toBe('no_validity_date');
  });
  it('the last valid day counts in Beijing time: 2026-12-31T16:00Z is already 2027-01-01 there', () => {
    expect(summarize('sent', 'mark_expired', {}, new Date('2026-12-31T15:59:59Z'))).toBe('validity_not_passed');
    expect(summarize('sent', 'mark_expired', {}, new Date('2026-12-31T16:00:00Z'))).toBe('→expired');
    // In UTC the same instant is still the last valid day.
    expect(summarize('sent', 'mark_expired', { utcOffsetMinutes: 0 }, new Date('2026-12-31T16:00:00Z'))).toBe('validity_not_passed');
  });
  it('won and lost require a non-empty reason, trimmed', () => {
    const ctx = { state: 'sent' as const, validUntil: VALID, approvalRequired: false, approvalComplete: false };
    const blank = transition(ctx, { type: 'mark_won', reason: '   ' }, NOW);
    expect(blank.ok).toBe(false);
    expect(!blank.ok && blank.code).toBe('reason_required');
    expect(transition(ctx, { type: 'mark_lost', reason: '' }, NOW)).toMatchObject({ ok: false, code: 'reason_required' });
    expect(transition(ctx, { type: 'mark_lost', reason: '  competitor 8% cheaper ' }, NOW)).toEqual({
      ok: true,
      from: 'sent',
      state: 'lost',
      outcomeReason: 'competitor 8% cheaper',
      changedAt: '2026-11-27T06:00:00.000Z',
    });
  });
  it('a refusal names the current state and the states that allow the action', () => {
    const r = transition({ state: 'inquiry', approvalRequired: false, approvalComplete: false }, { type: 'mark_won', reason: 'x' }, NOW);
    expect(r).toEqual({
      ok: false,
      code: 'wrong_state',
      state: 'inquiry',
      allowedFrom: ['sent'],
      reason: 'Cannot mark as won: the quote is "inquiry"; this is allowed only from "sent".',
    });
    const s = transition({ state: 'won', approvalRequired: false, approvalComplete: false }, { type: 'send' }, NOW);
    expect(!s.ok && s.reason).toBe('Cannot send to the customer: the quote is "won"; this is allowed only from "quoted" or "approval".');
    const e = transition({ state: 'inquiry', approvalRequired: false, approvalComplete: false }, { type: 'mark_expired' }, NOW);
    expect(!e.ok && e.reason).toBe('Cannot mark as expired: the quote is "inquiry"; this is allowed only from "quoted", "approval" or "sent".');
  });
});

describe('validity helpers', () => {
  it('businessDate shifts by the offset', () => {
    expect(businessDate(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
    expect(businessDate(new Date('2026-11-27T17:30:00Z'), 0)).toBe('2026-11-27');
  });
  it('isValidityPassed is false on the last day and with no date', () => {
    expect(isValidityPassed('2026-11-27', NOW)).toBe(false);
    expect(isValidityPassed('2026-11-26', NOW)).toBe(true);
    expect(isValidityPassed(undefined, NOW)).toBe(false);
  });
  it('shouldMarkExpired only for quoted, approval and sent', () => {
    expect(shouldMarkExpired({ state: 'sent', validUntil: '2026-11-01' }, NOW)).toBe(true);
    expect(shouldMarkExpired({ state: 'inquiry', validUntil: '2026-11-01' }, NOW)).toBe(false);
    expect(shouldMarkExpired({ state: 'won', validUntil: '2026-11-01' }, NOW)).toBe(false);
    expect(shouldMarkExpired({ state: 'sent', validUntil: '2026-12-01' }, NOW)).toBe(false);
  });
});

describe('QuoteLifecycle record', () => {
  it('requires an outcome reason for won/lost and refuses one otherwise', () => {
    expect(QuoteLifecycle.safeParse({ state: 'won', outcomeReason: 'lead time', changedAt: '2026-11-27T06:00:00Z' }).success).toBe(true);
    expect(QuoteLifecycle.safeParse({ state: 'lost', changedAt: '2026-11-27T06:00:00Z' }).success).toBe(false);
    expect(QuoteLifecycle.safeParse({ state: 'sent', outcomeReason: 'x', changedAt: '2026-11-27T06:00:00Z' }).success).toBe(false);
    expect(QuoteLifecycle.safeParse({ state: 'sent', validUntil: '2026-13-01', changedAt: '2026-11-27T06:00:00Z' }).success).toBe(false);
    expect(QuoteLifecycle.safeParse({ state: 'draft', changedAt: '2026-11-27T06:00:00Z' }).success).toBe(false);
  });
});
