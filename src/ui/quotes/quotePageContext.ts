/**
 * What every part of the quote page shares: the live quote, the revision on screen, whether it
 * may be edited, and one way to run a quote-book command and show its refusal where it was asked.
 */
import type { Customer } from '../../domain/crm/Customer';
import type { PricingSettings } from '../../domain/pricing/PricingSettings';
import type { QuoteHeader, QuoteLineRecord, QuoteRecord } from '../../domain/quote/QuoteRecord';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import type { AppStorage } from '../services';
import type { QuotePageText } from './quotePageMessages';

export type CommandOutcome = { readonly ok: true } | { readonly ok: false; readonly problems: readonly string[] };

/** The revision on screen: the current one, or an earlier one (read-only). */
export interface ShownRevision {
  readonly header: QuoteHeader;
  readonly lines: readonly QuoteLineRecord[];
  /** Set for an earlier revision: when it was frozen. */
  readonly frozenAt?: string;
}

export interface QuotePageContext {
  readonly quoteId: string;
  readonly storage: AppStorage;
  readonly locale: Locale;
  text(): QuotePageText;
  language(): Language;
  /** The quote as its document holds it now (a store: fields update in place). */
  quote(): QuoteRecord;
  shown(): ShownRevision;
  viewingOld(): boolean;
  /** Lines and header may change: the current revision, in an editable state. */
  editable(): boolean;
  settings(): PricingSettings;
  /** The customers (not deleted), following the crm document. */
  customers(): readonly Customer[];
  /** Who acts: the quote's owner (there are no user accounts before the sync server, issue 6). */
  by(): string;
  /** Money of the shown revision's currency. */
  money(minor: number): string;
  /**
   * Runs a quote-book command. A refusal (or a thrown error) is shown under `scope` until the
   * next command there; the result is handed back either way.
   */
  run<T extends CommandOutcome>(scope: string, command: () => Promise<T>): Promise<T | { readonly ok: false; readonly problems: readonly string[] }>;
  problemsOf(scope: string): readonly string[] | undefined;
}
