/**
 * What a user types into a form or table cell, read as numbers and money, and refusal problems
 * from the domain (`customer.contacts.0.email must be …`) split into where and what. Plain
 * functions, shared by the customer form and the price-policy tables, tested in Node.
 */
import type { Language } from '../i18n';

export type TextReading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const readingMessages: Record<Language, { notNumber: (text: string) => string; notMoney: (text: string) => string; negative: string; tooLarge: string; empty: string }> = {
  'zh-CN': {
    notNumber: (text) => `“${text}”不是数字`,
    notMoney: (text) => `“${text}”不是金额（最多两位小数，如 1234.50）`,
    negative: '不能为负数',
    tooLarge: '数值过大',
    empty: '不能为空',
  },
  en: {
    notNumber: (text) => `"${text}" is not a number`,
    notMoney: (text) => `"${text}" is not an amount (at most 2 decimals, like 1234.50)`,
    negative: 'must not be negative',
    tooLarge: 'is too large',
    empty: 'must not be empty',
  },
};

/** Thousands separators, spaces and a currency sign are what people paste from spreadsheets; they carry no value. */
function tidyNumber(text: string): string {
  return text
    .replace(/[\uff10-\uff19]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s,_]/gu, '')
    .replace(/^[¥￥]/u, '');
}

/** A number as typed; empty text is refused (the caller decides what empty means). */
export function readNumber(text: string, language: Language): TextReading<number> {
  const tidy = tidyNumber(text);
  if (tidy === '') return { ok: false, reason: readingMessages[language].empty };
  const value = Number(tidy);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: readingMessages[language].notNumber(text.trim()) };
}

/**
 * An amount in yuan (up to 2 decimals) as integer minor units (fen), read from the digits so
 * no float rounding can move a fen: "0.29" is 29, never 28.999….
 *
 * @example readYuan('1,234.5', 'en') // { ok: true, value: 123450 }
 */
export function readYuan(text: string, language: Language): TextReading<number> {
  const m = readingMessages[language];
  const tidy = tidyNumber(text);
  if (tidy === '') return { ok: false, reason: m.empty };
  if (tidy.startsWith('-')) return { ok: false, reason: m.negative };
  const match = /^(\d+)(?:\.(\d{0,2}))?$/u.exec(tidy);
  if (!match) return { ok: false, reason: m.notMoney(text.trim()) };
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? { ok: true, value: minor } : { ok: false, reason: m.tooLarge };
}

/** Minor units as the yuan text an input shows: whole yuan without decimals, else two decimals. */
export function yuanText(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const fen = abs % 100;
  const yuan = (abs - fen) / 100;
  return fen === 0 ? `${sign}${yuan}` : `${sign}${yuan}.${String(fen).padStart(2, '0')}`;
}

/** A refusal problem split into the path it names (below `root`) and what is wrong. */
export interface ProblemAt {
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * Splits a domain problem such as `customer.contacts.0.email must be an e-mail address` into
 * `{ path: ['contacts', '0', 'email'], message: 'must be an e-mail address' }`. A problem not
 * rooted at `root` (e.g. "tier "x" is defined twice") gives undefined: show it as it is.
 */
export function problemAt(problem: string, root: string): ProblemAt | undefined {
  const prefix = `${root}.`;
  if (!problem.startsWith(prefix)) return undefined;
  const space = problem.indexOf(' ', prefix.length);
  const pathText = space < 0 ? problem.slice(prefix.length) : problem.slice(prefix.length, space);
  const path = pathText.split('.').filter((p) => p !== '');
  if (path.length === 0) return undefined;
  return { path, message: space < 0 ? '' : problem.slice(space + 1) };
}

// The record types' own messages, which users meet most; anything else is shown as the domain wrote it.
const zhMessages: Record<string, string> = {
  'must not be empty': '不能为空',
  'must be an e-mail address like name@example.com': '须为电子邮件地址，如 name@example.com',
  'must not be negative': '不能为负数',
  'is too large': '数值过大',
  'must name a region': '请选择区域',
  'must name a tier': '请选择客户等级',
  'must name the sales rep who owns the account': '请选择负责该客户的销售',
  'must be a date written YYYY-MM-DD': '须为 YYYY-MM-DD 格式的日期',
  'must be a 3-letter ISO 4217 code such as USD': '须为三个字母的 ISO 4217 代码，如 USD',
  'must be greater than 0': '必须大于 0',
  'the default discount must not exceed the discount cap': '默认折扣不能超过折扣上限',
  'must define at least one tier': '至少需要一个客户等级',
  'must define at least one region': '至少需要一个区域',
};

/** A domain message in the interface language where it is one of the known ones. */
export function localMessage(message: string, language: Language): string {
  return language === 'zh-CN' ? (zhMessages[message] ?? message) : message;
}
