/**
 * Where a quote stands on its route: which levels are done, who may act now, and which
 * decisions do not count and why. Decisions are taken in time order; a decision counts only
 * from someone eligible for its level (by role, by name, or as a delegate within the dates),
 * only when its level is the one pending (or is a skip-level approving for those below), and
 * never from the quote's author when the policy forbids approving one's own quote.
 * Signatures are checked before this (signature.ts): what arrives here is authentic.
 */
import { z } from 'zod';
import type { ApproverRef, RouteLevel } from './routing.js';

const IsoDate = z.iso.date();

export const Delegation = z.strictObject({
  /** Who hands over their approvals… */
  from: z.string().min(1),
  /** …with the role they approve in… */
  fromRole: z.string().min(1),
  /** …to whom, for these days (inclusive, YYYY-MM-DD). */
  to: z.string().min(1),
  start: IsoDate,
  end: IsoDate,
});
export type Delegation = z.infer<typeof Delegation>;

export interface Decision {
  /** The rank of the level decided on. */
  readonly level: number;
  readonly approver: string;
  /** The approver's own role. */
  readonly role: string;
  readonly decision: 'approved' | 'rejected';
  /** ISO time. */
  readonly at: string;
}

export interface ProgressContext {
  /** Who made the quote (its owner). */
  readonly author: string;
  readonly selfApproval: 'forbidden' | 'allowed';
  readonly delegations: readonly Delegation[];
}

export interface LevelProgress {
  readonly rank: number;
  readonly done: boolean;
  /** Who approved here (or, for a level below a skip-level, who approved for it). */
  readonly approvedBy: readonly string[];
  /** For an "all" level: the approvers still needed. */
  readonly waitingFor: readonly ApproverRef[];
}

export interface RouteProgress {
  readonly state: 'approved' | 'pending' | 'rejected';
  readonly levels: readonly LevelProgress[];
  /** The level waiting for a decision, when pending. */
  readonly pendingRank: number | undefined;
  readonly rejectedBy: string | undefined;
  /** Decisions that do not count, each with the reason. */
  readonly ignored: readonly { readonly decision: Decision; readonly reason: string }[];
}

const matches = (ref: ApproverRef, user: string, role: string) => ('role' in ref ? ref.role === role : ref.user === user);

/** The refs of `level` that `decision`'s approver may answer for, directly or as a delegate on its day. */
export function answerableRefs(level: Pick<RouteLevel, 'approvers'>, decision: Pick<Decision, 'approver' | 'role' | 'at'>, context: ProgressContext): ApproverRef[] {
  const day = decision.at.slice(0, 10);
  const as: { user: string; role: string }[] = [{ user: decision.approver, role: decision.role }];
  for (const d of context.delegations) if (d.to === decision.approver && d.start <= day && day <= d.end) as.push({ user: d.from, role: d.fromRole });
  return level.approvers.filter((ref) => as.some((a) => matches(ref, a.user, a.role) && !(context.selfApproval === 'forbidden' && a.user === context.author)));
}

export function routeProgress(levels: readonly RouteLevel[], decisions: readonly Decision[], context: ProgressContext): RouteProgress {
  const covered = levels.map(() => new Set<string>());
  const approvedBy = levels.map(() => [] as string[]);
  const done = levels.map(() => false);
  const ignored: { decision: Decision; reason: string }[] = [];
  const key = (r: ApproverRef) => ('role' in r ? `role:${r.role}` : `user:${r.user}`);
  const complete = (i: number) => {
    const level = levels[i] as RouteLevel;
    return level.mode === 'any' ? covered[i]?.size !== 0 : level.approvers.every((r) => covered[i]?.has(key(r)));
  };
  let rejectedBy: string | undefined;
  for (const decision of [...decisions].sort((a, b) => a.at.localeCompare(b.at))) {
    if (rejectedBy !== undefined) {
      ignored.push({ decision, reason: `the route was already rejected by ${rejectedBy}` });
      continue;
    }
    const i = levels.findIndex((l) => l.rank === decision.level);
    const pending = done.indexOf(false);
    if (i < 0) {
      ignored.push({ decision, reason: `level ${decision.level} is not on this quote's route` });
      continue;
    }
    if (pending < 0) {
      ignored.push({ decision, reason: 'the route is already complete' });
      continue;
    }
    const level = levels[i] as RouteLevel;
    if (i < pending || done[i]) {
      ignored.push({ decision, reason: `level "${level.name}" is already done` });
      continue;
    }
    if (i > pending && !level.approvesBelow) {
      ignored.push({ decision, reason: `level "${level.name}" comes after "${(levels[pending] as RouteLevel).name}", which is still waiting, and may not approve for it` });
      continue;
    }
    const refs = answerableRefs(level, decision, context);
    if (refs.length === 0) {
      const own = context.selfApproval === 'forbidden' && decision.approver === context.author;
      ignored.push({ decision, reason: own ? `${decision.approver} may not approve their own quote` : `${decision.approver} is not an approver of level "${level.name}" on ${decision.at.slice(0, 10)}` });
      continue;
    }
    if (decision.decision === 'rejected') {
      rejectedBy = decision.approver;
      continue;
    }
    for (const r of refs) covered[i]?.add(key(r));
    approvedBy[i]?.push(decision.approver);
    if (complete(i)) {
      done[i] = true;
      // Skip-level: this approval settles every level still open below it.
      for (let j = 0; j < i; j++) {
        if (done[j]) continue;
        done[j] = true;
        approvedBy[j]?.push(decision.approver);
      }
    }
  }
  const pendingIndex = done.indexOf(false);
  return {
    state: rejectedBy !== undefined ? 'rejected' : pendingIndex < 0 ? 'approved' : 'pending',
    levels: levels.map((l, i) => ({ rank: l.rank, done: done[i] ?? false, approvedBy: approvedBy[i] ?? [], waitingFor: done[i] ? [] : l.approvers.filter((r) => !covered[i]?.has(key(r))) })),
    pendingRank: rejectedBy === undefined && pendingIndex >= 0 ? levels[pendingIndex]?.rank : undefined,
    rejectedBy,
    ignored,
  };
}
