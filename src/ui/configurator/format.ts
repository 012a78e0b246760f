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
  return moneyFormat(currency, language).format(amount);
}

// Building an Intl.NumberFormat costs far more than formatting with one (about half the script
// time of a configurator edit, measured by bench/browser); there are few currency × language pairs.
const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string, language: Language): Intl.NumberFormat {
  const key = `${currency}|${language}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    moneyFormats.set(key, format);
  }
  return format;
}
