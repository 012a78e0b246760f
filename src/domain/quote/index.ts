/** Quotes without a UI: lifecycle state machine, quote numbers and revision labels, revision compare. */
export {
  QuoteState,
  QUOTE_STATES,
  QUOTE_ACTION_TYPES,
  QuoteLifecycle,
  CalendarDate,
  transition,
  allowedFrom,
  businessDate,
  isValidityPassed,
  shouldMarkExpired,
} from './lifecycle.js';
export type { QuoteAction, QuoteActionType, TransitionContext, TransitionResult, RefusalCode } from './lifecycle.js';
export {
  DEFAULT_QUOTE_NUMBER_SCHEME,
  QuoteNumberSchemeError,
  QuoteNumberFormatError,
  parseScheme,
  formatQuoteNumber,
  parseQuoteNumber,
  isQuoteNumber,
  nextQuoteNumber,
  revisionLabel,
  parseRevisionLabel,
} from './quoteNumber.js';
export type { QuoteNumberScheme, QuoteNumberParts, RevisionLabelParts } from './quoteNumber.js';
export { RevisionLine, lineAmounts } from './RevisionLine.js';
export type { LineAmounts } from './RevisionLine.js';
export { compareRevisions, revisionTotals, RevisionLinesError } from './revisions.js';
export type { ComparedField, FieldChange, LineWithAmounts, ChangedLine, RevisionTotals, TotalsDelta, RevisionComparison } from './revisions.js';
