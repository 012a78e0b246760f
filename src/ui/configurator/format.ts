/** Small pure helpers the configurator screens share: language mapping and money formatting. */
import type { Locale as FormLocale } from '../../domain/configurator';
import type { Language } from '../i18n';

/** The model's label language for an interface language. */
export function domainLocale(language: Language): FormLocale {
  return language === 'zh-CN' ? 'zh' : 'en';
}

/**
 * An amount as money with two decimals and the currency, in the interface language.
 *
 * @example
 * formatMoney(10251.71, 'CNY', 'zh-CN') // '¥10,251.71'
 */
export function formatMoney(amount: number, currency: string, language: Language): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}
