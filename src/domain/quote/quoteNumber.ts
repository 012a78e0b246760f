/**
 * Quote numbers: a configurable scheme such as `Q-{YYYY}-{NNNN}` → `Q-2026-0001`, and revision
 * labels `Q-2026-0001 V2`. Sequence numbers run per year; gaps stay, a number is never reused.
 *
 * Tokens: `{YYYY}` four-digit year, `{YY}` two-digit year, `{N…}` the sequence, zero-padded to
 * at least as many digits as there are Ns (it grows past them rather than wrap).
 */

export const DEFAULT_QUOTE_NUMBER_SCHEME = 'Q-{YYYY}-{NNNN}';

export class QuoteNumberSchemeError extends Error {
  override name = 'QuoteNumberSchemeError';
}
export class QuoteNumberFormatError extends Error {
  override name = 'QuoteNumberFormatError';
}

type SchemePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'year'; readonly digits: 2 | 4 }
  | { readonly kind: 'sequence'; readonly minDigits: number };

export interface QuoteNumberScheme {
  readonly source: string;
  readonly parts: readonly SchemePart[];
  readonly hasYear: boolean;
  readonly pattern: RegExp;
}

export interface QuoteNumberParts {
  /** Four-digit year; for a `{YY}` scheme the century is taken as 2000. Undefined when the scheme has no year. */
  readonly year: number | undefined;
  readonly sequence: number;
}

export interface RevisionLabelParts extends QuoteNumberParts {
  readonly number: string;
  /** 1 for the original (no suffix), 2 for `V2`, … */
  readonly revision: number;
}

const MAX_SEQUENCE_DIGITS = 9;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Check a scheme and compile it. Throws `QuoteNumberSchemeError` naming the problem and its position.
 *
 * @example parseScheme('Q-{YYYY}-{NNNN}').hasYear === true
 */
export function parseScheme(source: string): QuoteNumberScheme {
  const fail = (why: string): never => {
    throw new QuoteNumberSchemeError(`Quote number scheme "${source}": ${why}`);
  };
  if (source.trim() === '') fail('is empty');
  const parts: SchemePart[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '}') fail(`has a "}" without "{" at position ${i + 1}`);
    if (ch !== '{') {
      literal += ch;
      i += 1;
      continue;
    }
    const close = source.indexOf('}', i);
    if (close < 0) fail(`has a "{" without "}" at position ${i + 1}`);
    const token = source.slice(i + 1, close);
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    literal = '';
    if (token === 'YYYY') parts.push({ kind: 'year', digits: 4 });
    else if (token === 'YY') parts.push({ kind: 'year', digits: 2 });
    else if (/^N+$/.test(token)) {
      if (token.length > MAX_SEQUENCE_DIGITS) fail(`the sequence {${token}} has more than ${MAX_SEQUENCE_DIGITS} digits`);
      parts.push({ kind: 'sequence', minDigits: token.length });
    } else fail(`unknown token {${token}} at position ${i + 1} (use {YYYY}, {YY} or {NNNN})`);
    i = close + 1;
  }
  if (literal !== '') parts.push({ kind: 'literal', text: literal });

  const sequences = parts.filter((p) => p.kind === 'sequence').length;
  const years = parts.filter((p) => p.kind === 'year').length;
  if (sequences === 0) fail('needs a sequence token such as {NNNN}');
  if (sequences > 1) fail('has more than one sequence token');
  if (years > 1) fail('has more than one year token');
  parts.forEach((p, k) => {
    // The sequence has no fixed width, so a digit token right after it could not be told apart.
    if (p.kind === 'sequence' && parts[k + 1]?.kind === 'year') fail('needs text between the sequence and the year');
  });
  if (/^\s|\s$/.test(source)) fail('must not start or end with a space');

  const body = parts
    .map((p) => (p.kind === 'literal' ? escapeRegExp(p.text) : p.kind === 'year' ? `(\\d{${p.digits}})` : `(\\d{${p.minDigits},})`))
    .join('');
  return { source, parts, hasYear: years === 1, pattern: new RegExp(`^${body}$`) };
}

function compile(scheme: string | QuoteNumberScheme): QuoteNumberScheme {
  return typeof scheme === 'string' ? parseScheme(scheme) : scheme;
}

/** @example formatQuoteNumber('Q-{YYYY}-{NNNN}', { year: 2026, sequence: 1 }) === 'Q-2026-0001' */
export function formatQuoteNumber(scheme: string | QuoteNumberScheme, parts: { readonly year?: number | undefined; readonly sequence: number }): string {
  const s = compile(scheme);
  if (!Number.isSafeInteger(parts.sequence) || parts.sequence < 1) {
    throw new QuoteNumberFormatError(`sequence must be a whole number from 1, got ${parts.sequence}`);
  }
  if (s.hasYear && (parts.year === undefined || !Number.isInteger(parts.year) || parts.year < 1000 || parts.year > 9999)) {
    throw new QuoteNumberFormatError(`scheme "${s.source}" needs a four-digit year, got ${parts.year}`);
  }
  return s.parts
    .map((p) => {
      if (p.kind === 'literal') return p.text;
      if (p.kind === 'year') return p.digits === 4 ? String(parts.year) : String(parts.year).slice(2);
      return String(parts.sequence).padStart(p.minDigits, '0');
    })
    .join('');
}

/** Parse a quote number (no revision suffix). Throws `QuoteNumberFormatError` when it does not fit the scheme. */
export function parseQuoteNumber(scheme: string | QuoteNumberScheme, text: string): QuoteNumberParts {
  const s = compile(scheme);
  const m = s.pattern.exec(text);
  if (m === null) throw new QuoteNumberFormatError(`"${text}" is not a quote number of the form ${s.source}`);
  let year: number | undefined;
  let sequence = 0;
  let group = 1;
  for (const p of s.parts) {
    if (p.kind === 'literal') continue;
    const digits = m[group] ?? '';
    group += 1;
    if (p.kind === 'year') year = p.digits === 4 ? Number(digits) : 2000 + Number(digits);
    else sequence = Number(digits);
  }
  if (sequence < 1 || !Number.isSafeInteger(sequence)) throw new QuoteNumberFormatError(`"${text}": the sequence must be from 1`);
  return { year, sequence };
}

/** Whether `text` is a quote number of the scheme (no throw). */
export function isQuoteNumber(scheme: string | QuoteNumberScheme, text: string): boolean {
  try {
    parseQuoteNumber(scheme, text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The next number for `year`: one past the highest sequence already used that year. Gaps are
 * kept; a number is never reused, even when later ones were deleted — pass every number ever
 * issued, not only the live ones. Revision labels count by their base number. Entries that do
 * not fit the scheme (numbers from an older scheme) are skipped: no number this scheme formats
 * can equal them.
 *
 * @example nextQuoteNumber('Q-{YYYY}-{NNNN}', 2026, ['Q-2026-0001', 'Q-2026-0004']) === 'Q-2026-0005'
 */
export function nextQuoteNumber(scheme: string | QuoteNumberScheme, year: number, existing: Iterable<string>): string {
  const s = compile(scheme);
  let highest = 0;
  for (const text of existing) {
    let parts: QuoteNumberParts;
    try {
      parts = parseRevisionLabel(s, text);
    } catch {
      continue;
    }
    if (s.hasYear && parts.year !== year) continue;
    if (parts.sequence > highest) highest = parts.sequence;
  }
  return formatQuoteNumber(s, { year, sequence: highest + 1 });
}

/** @example revisionLabel('Q-2026-0001', 1) === 'Q-2026-0001'; revisionLabel('Q-2026-0001', 2) === 'Q-2026-0001 V2' */
export function revisionLabel(quoteNumber: string, revision: number): string {
  if (!Number.isSafeInteger(revision) || revision < 1) throw new QuoteNumberFormatError(`revision must be a whole number from 1, got ${revision}`);
  return revision === 1 ? quoteNumber : `${quoteNumber} V${revision}`;
}

/** Parse `Q-2026-0001` (revision 1) or `Q-2026-0001 V2`. Throws `QuoteNumberFormatError` with what is wrong. */
export function parseRevisionLabel(scheme: string | QuoteNumberScheme, text: string): RevisionLabelParts {
  const s = compile(scheme);
  // A scheme may itself contain " V" and digits, so a plain number is tried first.
  if (s.pattern.test(text)) return { number: text, ...parseQuoteNumber(s, text), revision: 1 };
  const m = /^(.*) V(\d+)$/.exec(text);
  if (m === null) {
    if (/\sV\S*$/.test(text)) throw new QuoteNumberFormatError(`"${text}": the revision must be written " V" and a number, like " V2"`);
    return { number: text, ...parseQuoteNumber(s, text), revision: 1 };
  }
  const [, number = '', digits = ''] = m;
  if (digits.startsWith('0')) throw new QuoteNumberFormatError(`"${text}": the revision must be a number from 1 without leading zeros`);
  return { number, ...parseQuoteNumber(s, number), revision: Number(digits) };
}
