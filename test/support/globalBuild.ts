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

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = mkdtempSync(join(tmpdir(), 'suanpan-build-'));
  await buildApp(outDir);
  project.provide('builtAppDir', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
