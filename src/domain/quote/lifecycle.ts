/**
 * The quote lifecycle (报价全生命周期) as a pure state machine:
 * inquiry → solution_design → quoted → approval → sent → won | lost, plus expired.
 *
 * `transition` never throws for a refused step: a refusal is an ordinary result carrying a
 * plain-language reason, because the UI shows it to the user as is.
 */
import { z } from 'zod';

export const QuoteState = z.enum(['inquiry', 'solution_design', 'quoted', 'approval', 'sent', 'won', 'lost', 'expired']);
export type QuoteState = z.infer<typeof QuoteState>;

export const QUOTE_STATES: readonly QuoteState[] = QuoteState.options;

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = z.iso.date();

/**
 * Record type: the lifecycle part of a quote header. Fields are only ever added; a retired
 * field name is never reused.
 */
export const QuoteLifecycle = z
  .strictObject({
    state: QuoteState,
    /** Last day the offer holds (inclusive). Absent while the quote is still an inquiry/design. */
    validUntil: CalendarDate.optional(),
    /** Why the quote was won or lost; required in those states. */
    outcomeReason: z.string().trim().min(1, { message: 'must not be empty' }).max(2000).optional(),
    /** When the state last changed, ISO 8601. */
    changedAt: z.iso.datetime({ offset: true }),
  })
  .refine((q) => (q.state === 'won' || q.state === 'lost') === (q.outcomeReason !== undefined), {
    path: ['outcomeReason'],
    message: 'is required for a won or lost quote, and only then',
  });
export type QuoteLifecycle = z.infer<typeof QuoteLifecycle>;

export type QuoteAction =
  | { readonly type: 'start_design' }
  | { readonly type: 'mark_quoted' }
  | { readonly type: 'submit_for_approval' }
  | { readonly type: 'send' }
  | { readonly type: 'mark_won'; readonly reason: string }
  | { readonly type: 'mark_lost'; readonly reason: string }
  | { readonly type: 'mark_expired' };
export type QuoteActionType = QuoteAction['type'];

export const QUOTE_ACTION_TYPES: readonly QuoteActionType[] = [
  'start_design',
  'mark_quoted',
  'submit_for_approval',
  'send',
  'mark_won',
  'mark_lost',
  'mark_expired',
];

/** What the machine needs to know besides the state. */
export interface TransitionContext {
  readonly state: QuoteState;
  readonly validUntil?: string | undefined;
  /** The quote's route needs an approver (discount over the cap, margin too low, …). */
  readonly approvalRequired: boolean;
  /** Every approval the route needs has been given (and is not stale). */
  readonly approvalComplete: boolean;
  /**
   * Offset of the business's calendar from UTC in minutes, used to decide which day `now` is.
   * Default 480 (China Standard Time): a validity date ends at midnight Beijing time.
   */
  readonly utcOffsetMinutes?: number;
}

export type RefusalCode =
  | 'wrong_state'
  | 'approval_required'
  | 'approval_incomplete'
  | 'reason_required'
  | 'validity_passed'
  | 'validity_not_passed'
  | 'no_validity_date';

export type TransitionResult =
  | { readonly ok: true; readonly from: QuoteState; readonly state: QuoteState; readonly outcomeReason?: string; readonly changedAt: string }
  | {
      readonly ok: false;
      readonly code: RefusalCode;
      /** Plain language, names the current state and the states that allow the action. */
      readonly reason: string;
      readonly state: QuoteState;
      readonly allowedFrom: readonly QuoteState[];
    };

/** Where each action may start, and where it leads. `send` from `quoted` only when no approval is needed. */
const ACTION_RULES: Readonly<Record<QuoteActionType, { readonly from: readonly QuoteState[]; readonly to: QuoteState }>> = {
  start_design: { from: ['inquiry'], to: 'solution_design' },
  mark_quoted: { from: ['solution_design'], to: 'quoted' },
  submit_for_approval: { from: ['quoted'], to: 'approval' },
  send: { from: ['quoted', 'approval'], to: 'sent' },
  mark_won: { from: ['sent'], to: 'won' },
  // A customer can walk away at any point before the outcome is recorded.
  mark_lost: { from: ['inquiry', 'solution_design', 'quoted', 'approval', 'sent', 'expired'], to: 'lost' },
  mark_expired: { from: ['quoted', 'approval', 'sent'], to: 'expired' },
};

const STATE_LABEL: Readonly<Record<QuoteState, string>> = {
  inquiry: 'inquiry',
  solution_design: 'solution design',
  quoted: 'quoted',
  approval: 'approval',
  sent: 'sent',
  won: 'won',
  lost: 'lost',
  expired: 'expired',
};

const ACTION_LABEL: Readonly<Record<QuoteActionType, string>> = {
  start_design: 'start solution design',
  mark_quoted: 'mark as quoted',
  submit_for_approval: 'submit for approval',
  send: 'send to the customer',
  mark_won: 'mark as won',
  mark_lost: 'mark as lost',
  mark_expired: 'mark as expired',
};

/** States the action may start from (before the context-dependent checks). */
export function allowedFrom(action: QuoteActionType): readonly QuoteState[] {
  return ACTION_RULES[action].from;
}

/** The business-calendar day `now` falls on, `YYYY-MM-DD`. */
export function businessDate(now: Date, utcOffsetMinutes = 480): string {
  return new Date(now.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** True when the validity date is before today's business date (the last day itself is still valid). */
export function isValidityPassed(validUntil: string | undefined, now: Date, utcOffsetMinutes = 480): boolean {
  if (validUntil === undefined) return false;
  // YYYY-MM-DD strings order the same as the dates they name.
  return businessDate(now, utcOffsetMinutes) > validUntil;
}

function listStates(states: readonly QuoteState[]): string {
  const labels = states.map((s) => `"${STATE_LABEL[s]}"`);
  return labels.length <= 1 ? (labels[0] ?? 'no state') : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/**
 * Apply one lifecycle action. Returns the new state, or a refusal saying why.
 *
 * @example
 * transition({ state: 'sent', approvalRequired: false, approvalComplete: false }, { type: 'mark_won', reason: 'best lead time' }, now)
 * // → { ok: true, from: 'sent', state: 'won', outcomeReason: 'best lead time', changedAt: now.toISOString() }
 */
export function transition(context: TransitionContext, action: QuoteAction, now: Date): TransitionResult {
  const rule = ACTION_RULES[action.type];
  const current = context.state;
  const offset = context.utcOffsetMinutes ?? 480;
  const refuse = (code: RefusalCode, reason: string): TransitionResult => ({ ok: false, code, reason, state: current, allowedFrom: rule.from });

  if (!rule.from.includes(current)) {
    return refuse(
      'wrong_state',
      `Cannot ${ACTION_LABEL[action.type]}: the quote is "${STATE_LABEL[current]}"; this is allowed only from ${listStates(rule.from)}.`,
    );
  }

  let outcomeReason: string | undefined;
  switch (action.type) {
    case 'send':
      if (isValidityPassed(context.validUntil, now, offset)) {
        return refuse('validity_passed', `Cannot send: the validity date ${context.validUntil} has passed. Revise the quote with a new validity date.`);
      }
      if (current === 'quoted' && context.approvalRequired) {
        return refuse('approval_required', 'Cannot send: this quote needs approval first. Submit it for approval.');
      }
      if (current === 'approval' && !context.approvalComplete) {
        return refuse('approval_incomplete', 'Cannot send: the approval is not complete yet.');
      }
      break;
    case 'mark_won':
    case 'mark_lost': {
      const reason = action.reason.trim();
      if (reason === '') {
        return refuse('reason_required', `Cannot ${ACTION_LABEL[action.type]}: give a reason (for example price, lead time, competitor).`);
      }
      if (action.type === 'mark_won' && isValidityPassed(context.validUntil, now, offset)) {
        return refuse('validity_passed', `Cannot mark as won: the validity date ${context.validUntil} has passed. Revise the quote with a new validity date.`);
      }
      outcomeReason = reason;
      break;
    }
    case 'mark_expired':
      if (context.validUntil === undefined) {
        return refuse('no_validity_date', 'Cannot mark as expired: the quote has no validity date.');
      }
      if (!isValidityPassed(context.validUntil, now, offset)) {
        return refuse('validity_not_passed', `Cannot mark as expired: the quote is valid until ${context.validUntil}.`);
      }
      break;
    default:
      break;
  }
  const changedAt = now.toISOString();
  return outcomeReason === undefined
    ? { ok: true, from: current, state: rule.to, changedAt }
    : { ok: true, from: current, state: rule.to, outcomeReason, changedAt };
}

/**
 * The states whose validity has run out and should be marked expired now (for a sweep over
 * the quote list). Only quoted, approval and sent quotes expire.
 */
export function shouldMarkExpired(context: Pick<TransitionContext, 'state' | 'validUntil' | 'utcOffsetMinutes'>, now: Date): boolean {
  return ACTION_RULES.mark_expired.from.includes(context.state) && isValidityPassed(context.validUntil, now, context.utcOffsetMinutes ?? 480);
}
