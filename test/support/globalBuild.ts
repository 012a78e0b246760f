/**
 * Vitest global setup: one production build of the app for the whole run, shared by every
 * browser suite and the bundle-size check (building per suite cost ~20 s each).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory of the production build made for this run. */
    builtAppDir: string;
  }
}

/**
 * SUANPAN_SKIP_BUILD=1 skips the build for a quick run of unit tests while the app does not
 * build (work in progress); browser and bundle suites then fail saying why. Never set in CI.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env['SUANPAN_SKIP_BUILD'] === '1') {
    project.provide('builtAppDir', '');
    return () => undefined;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'suanpan-build-'));
  await buildApp(outDir);
  project.provide('builtAppDir', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
