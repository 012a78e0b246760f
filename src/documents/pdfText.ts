/**
 * Text for PDF pages: keep only characters the embedded font can draw, and wrap to a width.
 * The fonts are subsets (GB2312 + Latin + punctuation), so user text may hold characters they
 * lack (rare hanzi, emoji); those print as a visible '?' instead of failing the whole document.
 */
import type { PDFFont } from 'pdf-lib';

/** Printed in place of a character the font cannot draw. */
export const MISSING_GLYPH = '?';

// fontkit computes a font's character set once and hands out the same array: one Set per array.
const coverage = new WeakMap<readonly number[], ReadonlySet<number>>();

/** A font with the set of code points it can draw, measuring text by cached advance widths. */
export class PdfFace {
  readonly covered: ReadonlySet<number>;
  /** Advance of each character at size 1000. */
  private readonly advances = new Map<string, number>();

  constructor(readonly font: PDFFont) {
    const characters = font.getCharacterSet();
    let covered = coverage.get(characters);
    if (covered === undefined) {
      covered = new Set(characters);
      coverage.set(characters, covered);
    }
    this.covered = covered;
  }

  /**
   * One line of printable text: tabs and line breaks become spaces, other control characters
   * are dropped, and characters the font lacks become {@link MISSING_GLYPH}.
   */
  clean(text: string): string {
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp === 0x09 || cp === 0x0a || cp === 0x0d) out += ' ';
      else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad || cp === 0xfeff || (cp >= 0x200b && cp <= 0x200f)) continue;
      else out += this.covered.has(cp) ? ch : MISSING_GLYPH;
    }
    return out;
  }

  /**
   * Printed width of cleaned text. pdf-lib measures by shaping the whole string each call; the
   * embedded subsets carry no ligatures or kerning (font-subset.sh drops layout features), so
   * the sum of per-character advances is the same figure at a fraction of the cost.
   */
  width(text: string, size: number): number {
    let total = 0;
    for (const ch of text) {
      let advance = this.advances.get(ch);
      if (advance === undefined) {
        advance = this.font.widthOfTextAtSize(ch, 1000);
        this.advances.set(ch, advance);
      }
      total += advance;
    }
    return (total * size) / 1000;
  }
}

/** Characters after which a line may break without a space: CJK ideographs, kana, hangul, full-width forms. */
function isBreakAnywhere(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    cp >= 0x20000
  );
}

// Chinese line-breaking custom: these never start a line (they stay with the text before) ...
const NO_LINE_START = new Set([...'，。、；：？！）」』》】〉〕〗〙〛”’…‥・·—％‰℃,.;:?!)]}%']);
// ... and these never end one (they stay with the text after).
const NO_LINE_END = new Set([...'（「『《【〈〔〖〘〚“‘([{']);

interface Token {
  readonly text: string;
  /** Whether a space separated it from the token before (printed only mid-line). */
  readonly spaceBefore: boolean;
}

/** Words (Latin: runs between spaces) and single CJK characters, with punctuation kept on the correct side. */
function tokenize(paragraph: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let spaceBefore = false;
  let pendingOpen = '';
  const flush = () => {
    if (word === '') return;
    tokens.push({ text: word, spaceBefore });
    word = '';
    spaceBefore = false;
  };
  for (const ch of paragraph) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === ' ') {
      flush();
      if (pendingOpen !== '') {
        word = pendingOpen;
        pendingOpen = '';
        flush();
      }
      spaceBefore = tokens.length > 0;
      continue;
    }
    if (NO_LINE_START.has(ch) && isBreakAnywhere(cp)) {
      // Full-width closing punctuation joins the token before it, never starting a line; a
      // line may break after it.
      if (word !== '') {
        word += ch;
        flush();
      } else {
        const last = tokens.pop();
        if (last === undefined || spaceBefore) {
          if (last !== undefined) tokens.push(last);
          word = ch;
        } else tokens.push({ text: last.text + ch, spaceBefore: last.spaceBefore });
      }
      continue;
    }
    if (NO_LINE_END.has(ch) && isBreakAnywhere(cp)) {
      flush();
      pendingOpen += ch;
      continue;
    }
    if (isBreakAnywhere(cp)) {
      flush();
      tokens.push({ text: pendingOpen + ch, spaceBefore });
      pendingOpen = '';
      spaceBefore = false;
      continue;
    }
    if (pendingOpen !== '') {
      word += pendingOpen;
      pendingOpen = '';
    }
    word += ch;
  }
  flush();
  if (pendingOpen !== '') tokens.push({ text: pendingOpen, spaceBefore });
  return tokens;
}

/** Splits a token wider than the line at character boundaries. */
function breakLongToken(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of text) {
    if (piece !== '' && measure(piece + ch) > maxWidth) {
      pieces.push(piece);
      piece = ch;
    } else piece += ch;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * Wraps text to `maxWidth`: Latin at spaces, CJK between any two characters (closing
 * punctuation stays on the line before, opening punctuation on the line after), a word too
 * long for a line at character boundaries. Line breaks in the text start new lines; an empty
 * paragraph gives an empty line. `measure` is the printed width of a string.
 *
 * @example wrapText('alpha beta', 6, (s) => s.length) → ['alpha', 'beta']
 */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const token of tokenize(paragraph)) {
      const candidate = line === '' ? token.text : line + (token.spaceBefore ? ' ' : '') + token.text;
      if (measure(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      if (measure(token.text) <= maxWidth) line = token.text;
      else {
        const pieces = breakLongToken(token.text, maxWidth, measure);
        line = pieces.pop() ?? '';
        lines.push(...pieces);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Wraps text for a face and size, after replacing what the font cannot draw. */
export function wrapForFace(face: PdfFace, text: string, size: number, maxWidth: number): string[] {
  const cleaned = text
    .split(/\r\n|\r|\n/)
    .map((p) => face.clean(p))
    .join('\n');
  return wrapText(cleaned, maxWidth, (s) => face.width(s, size));
}
