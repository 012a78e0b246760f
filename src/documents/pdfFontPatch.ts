/**
 * Works around a glyph-dropping bug in @pdf-lib/fontkit's TrueType subsetter.
 *
 * The subsetter copies each glyph's bytes as the source font's `loca` table delimits them, then
 * writes the subset's `loca` in the short format (offsets stored halved) whenever the subset is
 * small, which is nearly always. A glyph record of odd length then shifts every later offset by
 * one byte: those glyphs come out blank or garbled in viewers, while pdftotext still reads the
 * text. fontTools (scripts/font-subset.sh) writes records unpadded, so odd lengths are common.
 *
 * Padding every glyph record of the source font to an even length makes the halved offsets
 * exact. The outlines are unchanged; only `glyf`, `loca` and the `head` loca format move.
 */

export class FontDataError extends Error {
  override name = 'FontDataError';
}

interface TableRecord {
  readonly tag: string;
  readonly offset: number;
  readonly length: number;
}

const TRUETYPE_VERSIONS = new Set([0x00010000, 0x74727565 /* 'true' */]);
// Offsets into the `head` table.
const HEAD_CHECKSUM_ADJUSTMENT = 8;
const HEAD_INDEX_TO_LOC_FORMAT = 50;

function readTables(view: DataView): Map<string, TableRecord> {
  const numTables = view.getUint16(4);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < numTables; i++) {
    const at = 12 + 16 * i;
    if (at + 16 > view.byteLength) throw new FontDataError(`the table directory is cut short (table ${i + 1} of ${numTables})`);
    const tag = String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
    const record = { tag, offset: view.getUint32(at + 8), length: view.getUint32(at + 12) };
    if (record.offset + record.length > view.byteLength) throw new FontDataError(`table "${tag}" runs past the end of the file`);
    tables.set(tag, record);
  }
  return tables;
}

function need(tables: ReadonlyMap<string, TableRecord>, tag: string): TableRecord {
  const record = tables.get(tag);
  if (record === undefined) throw new FontDataError(`the font has no "${tag}" table`);
  return record;
}

/** Sum of big-endian 32-bit words, the last one zero-padded (the OpenType table checksum). */
function checksum(bytes: Uint8Array): number {
  let sum = 0;
  const whole = bytes.length & ~3;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < bytes.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < bytes.length ? (bytes[i] ?? 0) : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

const padded4 = (n: number) => (n + 3) & ~3;

const patched = new WeakMap<Uint8Array, Uint8Array>();

/**
 * The font with every glyph record padded to an even length (long `loca`), or the same bytes
 * when they already are, or when the font is not a TrueType-outline font. Remembered per input
 * array, so rendering many documents with the same font bytes pays once.
 */
export function withEvenGlyphRecords(font: Uint8Array): Uint8Array {
  const known = patched.get(font);
  if (known !== undefined) return known;
  const result = padGlyphRecords(font);
  patched.set(font, result);
  return result;
}

function padGlyphRecords(font: Uint8Array): Uint8Array {
  if (font.byteLength < 12) throw new FontDataError(`the font file is ${font.byteLength} bytes long, too short to be a font`);
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  if (!TRUETYPE_VERSIONS.has(view.getUint32(0))) return font;
  const tables = readTables(view);
  const head = need(tables, 'head');
  const loca = need(tables, 'loca');
  const glyf = need(tables, 'glyf');
  const maxp = need(tables, 'maxp');

  const longLoca = view.getInt16(head.offset + HEAD_INDEX_TO_LOC_FORMAT) === 1;
  const numGlyphs = view.getUint16(maxp.offset + 4);
  if ((numGlyphs + 1) * (longLoca ? 4 : 2) > loca.length) throw new FontDataError(`the "loca" table is too short for ${numGlyphs} glyphs`);
  const offsets = new Array<number>(numGlyphs + 1);
  for (let i = 0; i <= numGlyphs; i++) offsets[i] = longLoca ? view.getUint32(loca.offset + 4 * i) : view.getUint16(loca.offset + 2 * i) * 2;

  let odd = false;
  let newGlyfLength = 0;
  for (let i = 0; i < numGlyphs; i++) {
    const length = (offsets[i + 1] as number) - (offsets[i] as number);
    if (length < 0 || (offsets[i + 1] as number) > glyf.length) throw new FontDataError(`glyph ${i} lies outside the "glyf" table`);
    if (length % 2 === 1) odd = true;
    newGlyfLength += length + (length % 2);
  }
  if (!odd) return font;

  const newGlyf = new Uint8Array(newGlyfLength);
  const newLoca = new Uint8Array((numGlyphs + 1) * 4);
  const locaView = new DataView(newLoca.buffer);
  let at = 0;
  for (let i = 0; i < numGlyphs; i++) {
    const start = offsets[i] as number;
    const length = (offsets[i + 1] as number) - start;
    locaView.setUint32(4 * i, at);
    newGlyf.set(font.subarray(glyf.offset + start, glyf.offset + start + length), at);
    at += length + (length % 2);
  }
  locaView.setUint32(4 * numGlyphs, at);

  const newHead = font.slice(head.offset, head.offset + head.length);
  const headView = new DataView(newHead.buffer);
  headView.setInt16(HEAD_INDEX_TO_LOC_FORMAT, 1);
  headView.setUint32(HEAD_CHECKSUM_ADJUSTMENT, 0);

  // Same tables, same directory order; each starts on a 4-byte boundary.
  const records = [...tables.values()];
  const data = records.map((r) =>
    r.tag === 'glyf' ? newGlyf : r.tag === 'loca' ? newLoca : r.tag === 'head' ? newHead : font.subarray(r.offset, r.offset + r.length),
  );
  const directoryLength = 12 + 16 * records.length;
  const total = data.reduce((n, d) => n + padded4(d.length), directoryLength);
  const out = new Uint8Array(total);
  const outView = new DataView(out.buffer);
  out.set(font.subarray(0, 12), 0);
  let offset = directoryLength;
  let headOffset = 0;
  records.forEach((r, i) => {
    const bytes = data[i] as Uint8Array;
    const entry = 12 + 16 * i;
    for (let k = 0; k < 4; k++) outView.setUint8(entry + k, r.tag.charCodeAt(k));
    outView.setUint32(entry + 4, checksum(bytes));
    outView.setUint32(entry + 8, offset);
    outView.setUint32(entry + 12, bytes.length);
    out.set(bytes, offset);
    if (r.tag === 'head') headOffset = offset;
    offset += padded4(bytes.length);
  });
  outView.setUint32(headOffset + HEAD_CHECKSUM_ADJUSTMENT, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
