/**
 * Fonts for quote documents: the caller's TrueType bytes, patched for the subsetter
 * (pdfFontPatch.ts) and parsed once per byte array. A Noto Sans SC subset is 2.2 MB; parsing it
 * for every document would cost more than laying the document out.
 */
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { withEvenGlyphRecords } from './pdfFontPatch.js';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<Fontkit['create']>;

// Keyed by the byte arrays themselves: dropped with them, never shared across different bytes.
const parsed = new WeakMap<Uint8Array, FontkitFont>();

/**
 * fontkit, remembering the font parsed from each byte array. Safe to share between documents:
 * pdf-lib keeps each document's subset and glyph maps in its own embedder and only reads the font.
 */
const cachingFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
    if (postscriptName !== undefined) return fontkit.create(buffer, postscriptName);
    let font = parsed.get(buffer);
    if (font === undefined) {
      font = fontkit.create(buffer);
      parsed.set(buffer, font);
    }
    return font;
  },
};

export class FontEmbedError extends Error {
  override name = 'FontEmbedError';
}

/** Embeds a TrueType font as a subset (only the glyphs the document uses). */
export async function embedSubsetFont(doc: PDFDocument, bytes: Uint8Array, which: string): Promise<PDFFont> {
  doc.registerFontkit(cachingFontkit);
  try {
    return await doc.embedFont(withEvenGlyphRecords(bytes), { subset: true });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new FontEmbedError(`the ${which} font could not be read (a TrueType file is expected): ${why}`);
  }
}
