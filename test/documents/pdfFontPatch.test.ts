/**
 * The glyph-record padding that keeps @pdf-lib/fontkit's subsets intact (src/documents/pdfFontPatch.ts),
 * and the embedding that uses it with a parsed font shared between documents (pdfFonts.ts).
 * Checked two ways: the font's tables read by hand, and pixels: text drawn with the patched font
 * subset must rasterise exactly like the same text drawn with the whole, unsubsetted font.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import type { PDFFont } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { FontDataError, withEvenGlyphRecords } from '../../src/documents/pdfFontPatch.js';
import { embedSubsetFont } from '../../src/documents/pdfFonts.js';
import { describeWithPoppler, runPoppler } from './poppler.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const regular = new Uint8Array(readFileSync(join(repoRoot, 'public/fonts/NotoSansSC-Regular-subset.ttf')));

/** Glyph record lengths and the tables' checksums, read straight from the file. */
function inspect(font: Uint8Array): { lengths: number[]; tags: string[]; checksumsOk: boolean; wholeSum: number } {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = new Map<string, { offset: number; length: number; checksum: number }>();
  for (let i = 0; i < view.getUint16(4); i++) {
    const at = 12 + 16 * i;
    const tag = new TextDecoder().decode(font.subarray(at, at + 4));
    tables.set(tag, { checksum: view.getUint32(at + 4), offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  const sum = (offset: number, length: number) => {
    let s = 0;
    for (let i = 0; i < length; i += 4) {
      let word = 0;
      for (let k = 0; k < 4; k++) word = word * 256 + (i + k < length ? (font[offset + i + k] ?? 0) : 0);
      s = (s + word) % 2 ** 32;
    }
    return s;
  };
  const head = tables.get('head')!;
  const loca = tables.get('loca')!;
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const numGlyphs = view.getUint16(tables.get('maxp')!.offset + 4);
  const offsets = Array.from({ length: numGlyphs + 1 }, (_, i) => (longLoca ? view.getUint32(loca.offset + 4 * i) : view.getUint16(loca.offset + 2 * i) * 2));
  const checksumsOk = [...tables.entries()].every(([tag, t]) => {
    // head's checksum is taken with checkSumAdjustment as 0.
    const adjust = tag === 'head' ? view.getUint32(t.offset + 8) : 0;
    return (sum(t.offset, t.length) - adjust + 2 ** 32) % 2 ** 32 === t.checksum;
  });
  return { lengths: offsets.slice(1).map((o, i) => o - (offsets[i] as number)), tags: [...tables.keys()], checksumsOk, wholeSum: sum(0, font.length) };
}

describe('withEvenGlyphRecords', () => {
  it('pads every odd glyph record by one byte and keeps the tables and checksums valid', () => {
    const before = inspect(regular);
    const after = inspect(withEvenGlyphRecords(regular));
    expect(before.lengths.some((l) => l % 2 === 1)).toBe(true); // the bug's precondition, in the shipped font
    expect(after.lengths).toHaveLength(before.lengths.length);
    after.lengths.forEach((l, i) => expect(l, `glyph ${i}`).toBe((before.lengths[i] as number) + ((before.lengths[i] as number) % 2)));
    expect(after.tags).toEqual(before.tags);
    expect(after.checksumsOk).toBe(true);
    // The whole file sums to the OpenType magic number once checkSumAdjustment is in place.
    expect(after.wholeSum).toBe(0xb1b0afba);
  });

  it('keeps every outline as it was', () => {
    const original = fontkit.create(regular);
    const patched = fontkit.create(withEvenGlyphRecords(regular));
    expect(patched.numGlyphs).toBe(original.numGlyphs);
    for (let gid = 0; gid < original.numGlyphs; gid += 37) {
      expect(patched.getGlyph(gid).path.toSVG(), `glyph ${gid}`).toBe(original.getGlyph(gid).path.toSVG());
    }
  });

  it('returns the same bytes when there is nothing to pad, and remembers its work', () => {
    const once = withEvenGlyphRecords(regular);
    expect(withEvenGlyphRecords(regular)).toBe(once);
    expect(withEvenGlyphRecords(once)).toBe(once);
  });

  it('says what is wrong with a file that is not a font', () => {
    expect(() => withEvenGlyphRecords(new Uint8Array([0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0]))).toThrow(FontDataError);
    expect(() => withEvenGlyphRecords(new Uint8Array(4))).toThrow(/too short to be a font/);
  });
});

const work = mkdtempSync(join(tmpdir(), 'suanpan-font-patch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every 23rd GB2312 level-1 hanzi (B0A1–D7F9) plus Latin, digits and punctuation. */
function sampleText(): string[] {
  const decoder = new TextDecoder('gb18030');
  const hanzi: string[] = [];
  let n = 0;
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) if (n++ % 23 === 0) hanzi.push(decoder.decode(new Uint8Array([hi, lo])));
  }
  const lines: string[] = ['Quotation No. Q-2026-0001 V2: 1,234,567.89 CNY (13% VAT) – “quoted” ¥€×÷', '报价单 小计 折扣 运费 增值税 合计 第 1 / 3 页，可选；备选。'];
  for (let i = 0; i < hanzi.length; i += 30) lines.push(hanzi.slice(i, i + 30).join(''));
  return lines;
}

/** Draws the sample with a font embedded by `embed`, returns the path of its greyscale raster. */
async function drawSample(name: string, embed: (doc: PDFDocument) => Promise<PDFFont>): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await embed(doc);
  const page = doc.addPage([595.28, 841.89]);
  sampleText().forEach((line, i) => page.drawText(line, { x: 30, y: 800 - 16 * i, size: 11, font }));
  const path = join(work, `${name}.pdf`);
  writeFileSync(path, await doc.save());
  runPoppler('pdftoppm', ['-r', '72', '-gray', '-singlefile', path, path.replace(/\.pdf$/, '')]);
  return path.replace(/\.pdf$/, '.pgm');
}

describeWithPoppler('patched font subsets rasterise like the whole font', ['pdftoppm'], () => {
  it('draws every sampled glyph the same as the unsubsetted font, in each document that shares the parsed font', async () => {
    const whole = async (doc: PDFDocument) => {
      doc.registerFontkit(fontkit);
      return doc.embedFont(regular, { subset: false });
    };
    const full = readFileSync(await drawSample('full', whole));
    // PGM: a short text header, then one byte per pixel; the sample must have ink at all.
    expect(full.subarray(64).some((b) => b < 128)).toBe(true);
    // The second document reuses the font parsed for the first (src/documents/pdfFonts.ts).
    for (const name of ['subset-1', 'subset-2']) {
      const subset = readFileSync(await drawSample(name, (doc) => embedSubsetFont(doc, regular, 'regular')));
      expect(subset.equals(full), name).toBe(true);
    }
  }, 30_000);
});
