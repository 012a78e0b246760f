import { describe, expect, it } from 'vitest';
import { formatWorkbookError } from './errors.js';
import { loadWorkbookTree } from './load.js';
import type { WorkbookNode } from './load.js';
import { canonicalReleaseText, openRelease, parseReleasedModel, releaseModel, releaseWorkbooks, verifyRelease } from './release.js';
import type { ReleasedModel } from './release.js';
import { L, memorySource, workbook } from './testSupport.js';

const AT = '2026-05-04T08:30:00.000Z';

async function tree(files: Record<string, unknown>, file: string): Promise<WorkbookNode> {
  const r = await loadWorkbookTree(file, memorySource(files));
  if (!r.ok) throw new Error(r.errors.map(formatWorkbookError).join('\n'));
  return r.root;
}

/** The same JSON with every object's keys in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  return v;
}

const finish = (rate: number) =>
  workbook({
    id: 'finish',
    kind: 'module',
    sheets: [{ name: 'Calc', cells: { A1: 'Area', B1: 1, A2: 'Rate', B2: rate, A3: 'Cost', B3: '=ROUND(B1*B2,2)' } }],
    parameters: [{ id: 'area_m2', label: L('Area'), type: 'number', min: 0, default: 1, bind: 'Calc!B1' }],
    outputs: [{ id: 'cost', label: L('Cost'), role: 'unit_cost', ref: 'Calc!B3' }],
  });

/** A panel: size² m², painted by the module at `rate` CNY/m², plus a 100 CNY frame. */
const panel = (over: { size?: number; frameCny?: number; inputs?: string } = {}) =>
  workbook({
    id: 'panel',
    sheets: [{ name: 'Calc', cells: { A1: 'Size', B1: over.size ?? 2, A2: 'Frame', B2: over.frameCny ?? 100, A3: 'Price', B3: '=paint.cost+B2' } }],
    parameters: [{ id: 'size_m', label: L('Size'), type: 'number', min: 0, default: over.size ?? 2, bind: 'Calc!B1' }],
    outputs: [{ id: 'price', label: L('Price'), role: 'unit_price', ref: 'Calc!B3' }],
    modules: [{ id: 'paint', file: '../shared/finish.workbook.json', inputs: { area_m2: over.inputs ?? '=Calc!B1*Calc!B1' } }],
  });

const files = (product: unknown, module: unknown = finish(40)) => ({ 'models/panel.workbook.json': product, 'shared/finish.workbook.json': module });

async function release(product: unknown, module?: unknown): Promise<ReleasedModel> {
  return releaseModel(await tree(files(product, module), 'models/panel.workbook.json'), { releasedAt: AT });
}

describe('releaseModel: the hash', () => {
  it('is the SHA-256 of the hand-written canonical JSON of a tiny workbook', async () => {
    const tiny = workbook({ id: 'tiny', name: { zh: '小', en: 'Tiny' }, sheets: [{ name: 'S', cells: { A1: 1 } }] });
    const r = releaseModel(await tree({ 'tiny.workbook.json': tiny }, 'tiny.workbook.json'), { releasedAt: AT });
    // RFC 8785 by hand: keys sorted by UTF-16 code unit, no spaces, schema defaults filled in.
    const canonical =
      '{"format":"suanpan.release/1","modules":{},"product":{"currency":"CNY","format":"suanpan.workbook/1","id":"tiny",' +
      '"kind":"product","modules":[],"name":{"en":"Tiny","zh":"小"},"names":[],"outputs":[],"parameters":[],' +
      '"productLine":"test","rules":[],"sheets":[{"cells":{"A1":1},"name":"S"}],"tests":[],"version":"1.0.0"}}';
    expect(canonicalReleaseText(r.workbooks['tiny.workbook.json']!, {})).toBe(canonical);
    // Obtained outside this code base, from the literal above:
    //   node -e 'console.log(require("node:crypto").createHash("sha256").update(`<canonical>`, "utf8").digest("hex"))'
    // and cross-checked with `printf '%s' '<canonical>' | sha256sum`.
    expect(r.hash).toBe('8c42fcf188dc2d00ae5640dba8bd0ef262f3a3b6b1cd6a11d10bb6d3efedbae7');
    expect(r).toMatchObject({ modelId: 'tiny', version: '1.0.0', releasedAt: AT, product: 'tiny.workbook.json' });
  });

  it('does not depend on key order in the files', async () => {
    const a = files(panel(), finish(40));
    const b = files(reverseKeys(panel()), reverseKeys(finish(40)));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    const ra = releaseModel(await tree(a, 'models/panel.workbook.json'), { releasedAt: AT });
    const rb = releaseModel(await tree(b, 'models/panel.workbook.json'), { releasedAt: '2027-01-01T00:00:00.000Z' });
    expect(rb.hash).toBe(ra.hash);
  });

  it('does not depend on where the files sit, nor on the product file name', async () => {
    const here = await release(panel());
    const elsewhere = releaseModel(
      await tree({ 'a/b/renamed.workbook.json': panel(), 'a/shared/finish.workbook.json': finish(40) }, 'a/b/renamed.workbook.json'),
      { releasedAt: AT },
    );
    expect(elsewhere.hash).toBe(here.hash);
  });

  it('changes when a cell, a parameter, a module or a module input changes', async () => {
    const base = (await release(panel())).hash;
    const variants = [
      await release(panel({ frameCny: 101 })), // a cell
      await release(workbook({ ...panel(), parameters: [{ id: 'size_m', label: L('Size'), type: 'number', min: 0, max: 9, default: 2, bind: 'Calc!B1' }] })), // a parameter
      await release(panel(), finish(41)), // a cell in the module
      await release(panel({ inputs: '=Calc!B1*Calc!B1*2' })), // what the product feeds the module
      await release(workbook({ ...panel(), version: '1.0.1' })), // the version the header names
    ];
    const hashes = variants.map((r) => r.hash);
    expect(hashes).not.toContain(base);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe('releaseModel: the snapshot', () => {
  it('keeps the product under its file name and modules under paths relative to it', async () => {
    const r = await release(panel());
    expect(r.product).toBe('panel.workbook.json');
    expect(Object.keys(r.workbooks).sort()).toEqual(['../shared/finish.workbook.json', 'panel.workbook.json']);
  });

  it('is deeply frozen, and leaves the caller’s workbooks alone', async () => {
    const root = await tree(files(panel()), 'models/panel.workbook.json');
    const r = releaseModel(root, { releasedAt: AT });
    const cells = r.workbooks['panel.workbook.json']!.sheets[0]!.cells!;
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.workbooks)).toBe(true);
    expect(Object.isFrozen(cells)).toBe(true);
    expect(() => {
      cells.B2 = 1;
    }).toThrow(TypeError);
    expect(Object.isFrozen(root.workbook)).toBe(false);
    expect(Object.isFrozen(root.children[0]!.workbook.sheets)).toBe(false);
  });

  it('opens as a price model that prices like the original', async () => {
    const r = await release(panel());
    const opened = await openRelease(r);
    if (!opened.ok) throw new Error(opened.errors.map(formatWorkbookError).join('\n'));
    // 2 × 2 = 4 m² × 40 = 160.00 + 100 frame = 260.00
    expect(opened.model.read('price')).toMatchObject({ value: 260, minor: 26000 });
    opened.model.set({ size_m: 3 });
    // 9 m² × 40 = 360.00 + 100 = 460.00
    expect(opened.model.read('price').minor).toBe(46000);
    opened.model.dispose();
  });

  it('takes workbooks held in memory, keeping only the modules the product includes', async () => {
    const r = await releaseWorkbooks('models/panel.workbook.json', { ...files(panel()), 'shared/unused.workbook.json': finish(99) }, { releasedAt: AT });
    if (!r.ok) throw new Error(r.errors.map(formatWorkbookError).join('\n'));
    expect(Object.keys(r.release.workbooks).sort()).toEqual(['../shared/finish.workbook.json', 'panel.workbook.json']);
    expect(r.release.hash).toBe((await release(panel())).hash);
    const broken = await releaseWorkbooks('models/panel.workbook.json', { 'models/panel.workbook.json': panel() });
    expect(broken.ok).toBe(false);
  });
});

describe('verifyRelease', () => {
  it('accepts a release as made, and after a JSON round trip', async () => {
    const r = await release(panel());
    expect(verifyRelease(r)).toEqual({ ok: true });
    const stored = parseReleasedModel(JSON.parse(JSON.stringify(r)));
    expect(stored.ok).toBe(true);
    if (stored.ok) expect(Object.isFrozen(stored.release.workbooks)).toBe(true);
  });

  it('fails a release whose content or header was edited, and such a release does not open', async () => {
    const r = await release(panel());
    const editedModule = structuredClone(r) as { workbooks: Record<string, { sheets: { cells?: Record<string, unknown> }[] }> };
    editedModule.workbooks['../shared/finish.workbook.json']!.sheets[0]!.cells!.B2 = 39;
    const edited = editedModule as unknown as ReleasedModel;
    expect(verifyRelease(edited).ok).toBe(false);
    expect(parseReleasedModel(JSON.parse(JSON.stringify(edited))).ok).toBe(false);
    const opened = await openRelease(edited);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.errors[0]!.message).toMatch(/content hash is [0-9a-f]{64}, the release says /);

    expect(verifyRelease({ ...r, modelId: 'other' }).ok).toBe(false);
    expect(verifyRelease({ ...r, version: '9.9.9' }).ok).toBe(false);
    expect(verifyRelease({ ...r, product: 'missing.workbook.json' }).ok).toBe(false);
  });
});
