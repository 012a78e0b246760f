/**
 * An approval policy as the admin keeps it in the directory document: the rules (routing.ts),
 * delegations (progress.ts), the reminder interval, and whether an approver may approve a quote
 * they own. Checked whole: a broken policy is refused with every problem named, never half-used.
 */
import { z } from 'zod';
import { Delegation } from './progress.js';
import { ApprovalRule } from './routing.js';

export const ApprovalPolicy = z
  .strictObject({
    rules: z.array(ApprovalRule),
    delegations: z.array(Delegation),
    /** Remind the approvers of a level after it has waited this many hours. */
    reminderHours: z.number().int().min(1).max(24 * 30),
    selfApproval: z.enum(['forbidden', 'allowed']),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `"${rule.id}" is used by two rules` });
      seen.add(rule.id);
      const ranks = rule.levels.map((l) => l.rank);
      if (new Set(ranks).size !== ranks.length) ctx.addIssue({ code: 'custom', path: ['rules', i, 'levels'], message: 'two levels of one rule have the same rank' });
    });
    policy.delegations.forEach((d, i) => {
      if (d.start > d.end) ctx.addIssue({ code: 'custom', path: ['delegations', i, 'end'], message: `ends (${d.end}) before it starts (${d.start})` });
      if (d.from === d.to) ctx.addIssue({ code: 'custom', path: ['delegations', i, 'to'], message: 'a delegation must hand over to someone else' });
    });
  });
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

/** A policy that routes nothing: every quote within its tier's cap goes out without approval. */
export const EMPTY_POLICY: ApprovalPolicy = { rules: [], delegations: [], reminderHours: 24, selfApproval: 'forbidden' };
