/**
 * Approval routes (流程引擎): an admin's policy is a list of rules, each a condition over the
 * quote's figures and a route of levels. The rules that match a quote merge into one route.
 *
 * - A level names roles and/or people and needs any one of them or all of them (parallel).
 * - Levels run in sequence, by rank (1 first).
 * - Skip-level (跨级): a level marked `approvesBelow` may approve for every level below it.
 * - A level's `skipWhen` condition drops that level for the quote.
 * - Merging: levels of the same rank join (their approvers together; "all" wins over "any"),
 *   and a person or role is asked once, at the highest rank that names them.
 */
import { z } from 'zod';
import type { ConditionEvaluator, FactName } from './conditions.js';

export const ApproverRef = z.union([z.strictObject({ role: z.string().min(1) }), z.strictObject({ user: z.string().min(1) })]);
export type ApproverRef = z.infer<typeof ApproverRef>;

export const ApprovalLevel = z.strictObject({
  rank: z.number().int().min(1),
  name: z.string().min(1),
  approvers: z.array(ApproverRef).min(1),
  mode: z.enum(['any', 'all']),
  /** Skip-level: an approval here also counts for every level below. */
  approvesBelow: z.boolean().optional(),
  /** The level is left out when this condition holds for the quote. */
  skipWhen: z.string().min(1).optional(),
});
export type ApprovalLevel = z.infer<typeof ApprovalLevel>;

export const ApprovalRule = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** A condition over the quote's figures, in formula syntax (conditions.ts). */
  when: z.string().min(1),
  levels: z.array(ApprovalLevel).min(1),
});
export type ApprovalRule = z.infer<typeof ApprovalRule>;

/** Why a level is on the route: the rule and the figures its condition saw. */
export interface RouteReason {
  readonly rule: string;
  readonly condition: string;
  readonly figures: Readonly<Partial<Record<FactName, number | string | readonly string[]>>>;
}

export interface RouteLevel {
  readonly rank: number;
  readonly name: string;
  readonly approvers: readonly ApproverRef[];
  readonly mode: 'any' | 'all';
  readonly approvesBelow: boolean;
  readonly reasons: readonly RouteReason[];
}

export type RouteResult = { readonly ok: true; readonly levels: readonly RouteLevel[] } | { readonly ok: false; readonly problems: readonly string[] };

const refKey = (r: ApproverRef) => ('role' in r ? `role:${r.role}` : `user:${r.user}`);

/** The route for a quote: every rule whose condition holds, merged. No level when nothing matches. */
export function routeFor(rules: readonly ApprovalRule[], conditions: ConditionEvaluator): RouteResult {
  const problems: string[] = [];
  interface Slot {
    names: string[];
    refs: Map<string, ApproverRef>;
    all: boolean;
    below: boolean[];
    reasons: RouteReason[];
  }
  const byRank = new Map<number, Slot>();
  for (const rule of rules) {
    const matched = conditions.evaluate(rule.when);
    if (!matched.ok) {
      problems.push(`rule "${rule.name}": ${matched.problem}`);
      continue;
    }
    if (!matched.holds) continue;
    const reason: RouteReason = { rule: rule.name, condition: rule.when, figures: matched.figures };
    for (const level of rule.levels) {
      if (level.skipWhen !== undefined) {
        const skip = conditions.evaluate(level.skipWhen);
        if (!skip.ok) {
          problems.push(`rule "${rule.name}", level "${level.name}": ${skip.problem}`);
          continue;
        }
        if (skip.holds) continue;
      }
      const slot: Slot = byRank.get(level.rank) ?? { names: [], refs: new Map(), all: false, below: [], reasons: [] };
      if (!slot.names.includes(level.name)) slot.names.push(level.name);
      for (const ref of level.approvers) slot.refs.set(refKey(ref), ref);
      slot.all ||= level.mode === 'all';
      slot.below.push(level.approvesBelow ?? false);
      if (!slot.reasons.some((r) => r.rule === reason.rule)) slot.reasons.push(reason);
      byRank.set(level.rank, slot);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  // Asked once: a person or role named at several ranks stays only at the highest.
  const highest = new Map<string, number>();
  for (const rank of ranks) for (const key of (byRank.get(rank) as Slot).refs.keys()) highest.set(key, rank);
  const levels: RouteLevel[] = [];
  for (const rank of ranks) {
    const slot = byRank.get(rank) as Slot;
    const approvers = [...slot.refs.entries()].filter(([key]) => highest.get(key) === rank).map(([, ref]) => ref);
    if (approvers.length === 0) continue;
    // Skip-level is a permission: every merged level at this rank must grant it.
    levels.push({ rank, name: slot.names.join(' / '), approvers, mode: slot.all ? 'all' : 'any', approvesBelow: slot.below.every(Boolean), reasons: slot.reasons });
  }
  return { ok: true, levels };
}
