import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUOTE_NUMBER_SCHEME,
  QuoteNumberFormatError,
  QuoteNumberSchemeError,
  formatQuoteNumber,
  isQuoteNumber,
  nextQuoteNumber,
  parseQuoteNumber,
  parseRevisionLabel,
  parseScheme,
  revisionLabel,
} from './quoteNumber.js';

const D = DEFAULT_QUOTE_NUMBER_SCHEME;

describe('format and parse', () => {
  it('formats the default scheme', () => {
    expect(D).toBe('Q-{YYYY}-{NNNN}');
    expect(formatQuoteNumber(D, { year: 2026, sequence: 1 })).toBe('Q-2026-0001');
    expect(formatQuoteNumber(D, { year: 2026, sequence: 123 })).toBe('Q-2026-0123');
    // Grows past the padding rather than wrapping.
    expect(formatQuoteNumber(D, { year: 2026, sequence: 12345 })).toBe('Q-2026-12345');
  });
  it('formats other schemes', () => {
    expect(formatQuoteNumber('BJ{YY}/{NNN}', { year: 2027, sequence: 7 })).toBe('BJ27/007');
    expect(formatQuoteNumber('报价-{NNNNNN}', { sequence: 42 })).toBe('报价-000042');
    expect(formatQuoteNumber('{YYYY}{NNNN}', { year: 2026, sequence: 9 })).toBe('20260009');
    // Regex characters in the literal text are literal.
    expect(formatQuoteNumber('Q.(x)+{NN}', { sequence: 3 })).toBe('Q.(x)+03');
  });
  it('parses numbers', () => {
    expect(parseQuoteNumber(D, 'Q-2026-0001')).toEqual({ year: 2026, sequence: 1 });
    expect(parseQuoteNumber(D, 'Q-2026-12345')).toEqual({ year: 2026, sequence: 12345 });
    expect(parseQuoteNumber('BJ{YY}/{NNN}', 'BJ27/007')).toEqual({ year: 2027, sequence: 7 });
    expect(parseQuoteNumber('{YYYY}{NNNN}', '20260009')).toEqual({ year: 2026, sequence: 9 });
    expect(parseQuoteNumber('报价-{NNNNNN}', '报价-000042')).toEqual({ year: undefined, sequence: 42 });
    expect(parseQuoteNumber('Q.(x)+{NN}', 'Q.(x)+03')).toEqual({ year: undefined, sequence: 3 });
  });
  it('refuses malformed numbers with the expected form in the message', () => {
    expect(() => parseQuoteNumber(D, 'Q-2026-001')).toThrow(new QuoteNumberFormatError('"Q-2026-001" is not a quote number of the form Q-{YYYY}-{NNNN}'));
    expect(() => parseQuoteNumber(D, 'Q-26-0001')).toThrow(QuoteNumberFormatError);
    expect(() => parseQuoteNumber(D, 'q-2026-0001')).toThrow(QuoteNumberFormatError);
    expect(() => parseQuoteNumber(D, 'Q-2026-0001 ')).toThrow(QuoteNumberFormatError);
    expect(() => parseQuoteNumber('Q.(x)+{NN}', 'Qa(x)+03')).toThrow(QuoteNumberFormatError);
    expect(() => parseQuoteNumber(D, 'Q-2026-0000')).toThrow('"Q-2026-0000": the sequence must be from 1');
    expect(isQuoteNumber(D, 'Q-2026-0001')).toBe(true);
    expect(isQuoteNumber(D, 'Q-2026-00x1')).toBe(false);
  });
  it('refuses bad format inputs', () => {
    expect(() => formatQuoteNumber(D, { year: 2026, sequence: 0 })).toThrow('sequence must be a whole number from 1, got 0');
    expect(() => formatQuoteNumber(D, { year: 2026, sequence: 1.5 })).toThrow(QuoteNumberFormatError);
    expect(() => formatQuoteNumber(D, { sequence: 1 })).toThrow('scheme "Q-{YYYY}-{NNNN}" needs a four-digit year, got undefined');
    expect(() => formatQuoteNumber(D, { year: 26, sequence: 1 })).toThrow(QuoteNumberFormatError);
  });
});

describe('bad schemes', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['', 'Quote number scheme "": is empty'],
    ['Q-{YYYY}', 'Quote number scheme "Q-{YYYY}": needs a sequence token such as {NNNN}'],
    ['Q-{NN}-{NNNN}', 'Quote number scheme "Q-{NN}-{NNNN}": has more than one sequence token'],
    ['{YYYY}-{YY}-{NNNN}', 'Quote number scheme "{YYYY}-{YY}-{NNNN}": has more than one year token'],
    ['Q-{YYYY-{NNNN}', 'Quote number scheme "Q-{YYYY-{NNNN}": unknown token {YYYY-{NNNN} at position 3 (use {YYYY}, {YY} or {NNNN})'],
    ['Q-{NNNN', 'Quote number scheme "Q-{NNNN": has a "{" without "}" at position 3'],
    ['Q-NNNN}', 'Quote number scheme "Q-NNNN}": has a "}" without "{" at position 7'],
    ['Q-{MM}-{NNNN}', 'Quote number scheme "Q-{MM}-{NNNN}": unknown token {MM} at position 3 (use {YYYY}, {YY} or {NNNN})'],
    ['Q-{NNNN}{YYYY}', 'Quote number scheme "Q-{NNNN}{YYYY}": needs text between the sequence and the year'],
    ['Q-{NNNNNNNNNN}', 'Quote number scheme "Q-{NNNNNNNNNN}": the sequence {NNNNNNNNNN} has more than 9 digits'],
    [' Q-{NNNN}', 'Quote number scheme " Q-{NNNN}": must not start or end with a space'],
  ];
  it.each(cases)('%j', (scheme, message) => {
    expect(() => parseScheme(scheme)).toThrow(new QuoteNumberSchemeError(message));
  });
});

describe('nextQuoteNumber', () => {
  it('starts at 1 in a new year', () => {
    expect(nextQuoteNumber(D, 2026, [])).toBe('Q-2026-0001');
    expect(nextQuoteNumber(D, 2027, ['Q-2026-0001', 'Q-2026-0002'])).toBe('Q-2027-0001');
  });
  it('goes one past the highest of that year, keeping gaps and never reusing', () => {
    expect(nextQuoteNumber(D, 2026, ['Q-2026-0001', 'Q-2026-0004', 'Q-2026-0002'])).toBe('Q-2026-0005');
    expect(nextQuoteNumber(D, 2026, ['Q-2026-0009', 'Q-2027-0050'])).toBe('Q-2026-0010');
  });
  it('counts revision labels by their base number and skips other schemes', () => {
    expect(nextQuoteNumber(D, 2026, ['Q-2026-0003 V4', 'OLD-77', 'Q-2026-0001'])).toBe('Q-2026-0004');
  });
  it('a yearless scheme counts all numbers', () => {
    expect(nextQuoteNumber('SP{NNNNN}', 2026, ['SP00009', 'SP00010'])).toBe('SP00011');
  });
  it('passes the 4-digit padding', () => {
    expect(nextQuoteNumber(D, 2026, ['Q-2026-9999'])).toBe('Q-2026-10000');
  });
});

describe('revision labels', () => {
  it('formats: revision 1 is the bare number', () => {
    expect(revisionLabel('Q-2026-0001', 1)).toBe('Q-2026-0001');
    expect(revisionLabel('Q-2026-0001', 2)).toBe('Q-2026-0001 V2');
    expect(revisionLabel('Q-2026-0001', 12)).toBe('Q-2026-0001 V12');
    expect(() => revisionLabel('Q-2026-0001', 0)).toThrow('revision must be a whole number from 1, got 0');
  });
  it('parses', () => {
    expect(parseRevisionLabel(D, 'Q-2026-0001')).toEqual({ number: 'Q-2026-0001', year: 2026, sequence: 1, revision: 1 });
    expect(parseRevisionLabel(D, 'Q-2026-0001 V2')).toEqual({ number: 'Q-2026-0001', year: 2026, sequence: 1, revision: 2 });
    expect(parseRevisionLabel(D, 'Q-2026-0031 V10')).toEqual({ number: 'Q-2026-0031', year: 2026, sequence: 31, revision: 10 });
  });
  it('a scheme that itself ends in " V" and digits still parses as revision 1', () => {
    expect(parseRevisionLabel('Q {YYYY} V{NNNN}', 'Q 2026 V0001')).toEqual({ number: 'Q 2026 V0001', year: 2026, sequence: 1, revision: 1 });
    expect(parseRevisionLabel('Q {YYYY} V{NNNN}', 'Q 2026 V0001 V3')).toEqual({ number: 'Q 2026 V0001', year: 2026, sequence: 1, revision: 3 });
  });
  it('refuses malformed labels', () => {
    expect(() => parseRevisionLabel(D, 'Q-2026-0001 V')).toThrow('"Q-2026-0001 V": the revision must be written " V" and a number, like " V2"');
    expect(() => parseRevisionLabel(D, 'Q-2026-0001 Vx')).toThrow(QuoteNumberFormatError);
    expect(() => parseRevisionLabel(D, 'Q-2026-0001 V02')).toThrow('"Q-2026-0001 V02": the revision must be a number from 1 without leading zeros');
    expect(() => parseRevisionLabel(D, 'Q-2026-0001 V0')).toThrow(QuoteNumberFormatError);
    expect(() => parseRevisionLabel(D, 'Q-2026-0001v2')).toThrow(QuoteNumberFormatError);
    expect(() => parseRevisionLabel(D, 'Q-2026-01 V2')).toThrow('"Q-2026-01" is not a quote number of the form Q-{YYYY}-{NNNN}');
  });
});
