import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

/*
 * Issue 3: the app shell's JS is at most 150 KB gzip; the grid (Handsontable), the engine
 * (HyperFormula), storage (Dexie, Yjs) and the example models load lazily on the routes that
 * need them. Measured on the production build this run made (test/support/globalBuild.ts).
 */
const SHELL_LIMIT_BYTES = 150 * 1024;
const dir = inject('builtAppDir');
const html = readFileSync(join(dir, 'index.html'), 'utf8');

/** The entry script and the chunks the page preloads with it: everything the shell loads before any route. */
function shellScripts(): string[] {
  const entry = [...html.matchAll(/<script type="module"[^>]*src="\/([^"]+)"/g)].map((m) => m[1] ?? '');
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map((m) => m[1] ?? '');
  return [...entry, ...preloads];
}

describe('production build', () => {
  it('loads the shell in at most 150 KB of gzip JS', () => {
    const scripts = shellScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((file) => gzipSync(readFileSync(join(dir, file))).length);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(`shell JS: ${scripts.map((f, i) => `${f} ${(sizes[i]! / 1024).toFixed(1)} KB`).join(', ')}; total ${(total / 1024).toFixed(1)} KB gzip`);
    expect(total).toBeLessThanOrEqual(SHELL_LIMIT_BYTES);
  });

  // Text each library carries in its minified code: Handsontable's default licence key (ours),
  // HyperFormula's licence key, Dexie's error class name, Yjs's double-import warning.
  const markers = { handsontable: 'non-commercial-and-evaluation', hyperformula: 'gpl-v3', dexie: 'DexieError', yjs: 'Yjs was already imported' };

  it('keeps the grid, the engine and storage out of the shell, in chunks of their own', () => {
    const shellFiles = new Set(shellScripts());
    const chunks = readdirSync(join(dir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ file: `assets/${f}`, text: readFileSync(join(dir, 'assets', f), 'utf8') }));
    for (const [library, marker] of Object.entries(markers)) {
      const holders = chunks.filter((c) => c.text.includes(marker)).map((c) => c.file);
      expect(holders, `${library} is in the build`).not.toEqual([]);
      expect(holders.filter((f) => shellFiles.has(f)), `${library} is not in the shell`).toEqual([]);
    }
  });
});
