/**
 * Test support: Poppler's command-line tools (Debian: `apt-get install -y poppler-utils`) to read
 * back the PDFs the documents layer writes. Like the browser suites (test/support/browser.ts),
 * suites that need them are skipped with one plain line on a workstation without them, and
 * fail under CI=true: a CI run that silently skips them proves nothing.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

export type PopplerTool = 'pdftotext' | 'pdftoppm';

function onPath(tool: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function missingPopplerTools(tools: readonly PopplerTool[], env: NodeJS.ProcessEnv = process.env): PopplerTool[] {
  return tools.filter((tool) => !onPath(tool, env));
}

export function popplerMissingMessage(missing: readonly string[], options: { ci: boolean }): string {
  const consequence = options.ci ? 'PDF read-back tests cannot be skipped when CI=true' : 'skipping PDF read-back tests';
  return `${missing.join(' and ')} not found on PATH: ${consequence}. Install them with: apt-get install -y poppler-utils`;
}

/** Runs a Poppler tool; throws with its stderr when it fails. */
export function runPoppler(tool: PopplerTool, args: readonly string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** A suite that needs Poppler: skipped without it, or failing under CI=true. */
export function describeWithPoppler(name: string, tools: readonly PopplerTool[], body: () => void): void {
  const missing = missingPopplerTools(tools);
  const strict = process.env.CI === 'true';
  if (missing.length > 0) {
    console.warn(popplerMissingMessage(missing, { ci: strict }));
    if (strict) {
      describe(name, () => {
        it('needs Poppler under CI=true', () => {
          throw new Error(popplerMissingMessage(missing, { ci: true }));
        });
      });
      return;
    }
  }
  describe.skipIf(missing.length > 0)(name, body);
}
