/**
 * Words every quote screen shares: lifecycle states, line kinds, money in minor units. Plain
 * data, so lists, the quote page and the compare view say the same thing.
 */
import { EXPORT_TEXTS } from '../../documents/exportTexts';
import { currencyDecimals, fromMinor } from '../../domain/pricing/money';
import type { QuoteState } from '../../domain/quote/lifecycle';
import type { LineInclusion } from '../../domain/quote/QuoteRecord';
import { formatMoney } from '../configurator/format';
import type { Language } from '../i18n';

/** The same words as the exports (one list, so a screen and its CSV never disagree). */
export const STATE_LABELS: Record<Language, Record<QuoteState, string>> = {
  'zh-CN': EXPORT_TEXTS['zh-CN'].states,
  en: EXPORT_TEXTS.en.states,
};

export const INCLUSION_LABELS: Record<Language, Record<LineInclusion, string>> = {
  'zh-CN': { standard: '标准', optional: '可选', alternative: '备选' },
  en: { standard: 'Standard', optional: 'Optional', alternative: 'Alternative' },
};

/** Integer minor units as money in the interface language, e.g. 1025171 CNY → ¥10,251.71. */
export function formatMinorMoney(minor: number, currency: string, language: Language): string {
  return formatMoney(fromMinor(minor, currencyDecimals(currency)), currency, language);
}

/** Basis points as a percentage with 1 decimal (1835 → "18.4%"); "—" when there is none. */
export function formatBasisPoints(bp: number | null): string {
  return bp === null ? '—' : `${(bp / 100).toFixed(1)}%`;
}
