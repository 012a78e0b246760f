/**
 * E2E support: find the system Chromium, launch it, and serve a fresh production build of
 * the app on an ephemeral port. Playwright's own browser downloads are never used; the
 * tests drive the distribution's Chromium (Debian: `apt-get install -y chromium`).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { preview } from 'vite';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where distributions put Chromium, most likely first. CHROMIUM_PATH overrides them. */
export const defaultChromiumPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

/**
 * Flags for a quiet, reproducible headless run: no sandbox (CI runs as root in a container),
 * no GPU, and no background traffic to Google services that could stall or flake a test.
 */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const;

export type ChromiumLookup =
  | { found: true; executablePath: string }
  | { found: false; missingPath: string };

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the Chromium to drive: `CHROMIUM_PATH` if set (and only that), else the first of
 * {@link defaultChromiumPaths} that exists. When none is found, `missingPath` is the path a
 * user would expect: the one they configured, or the Debian default.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const configured = env.CHROMIUM_PATH?.trim();
  const candidates: readonly string[] = configured ? [configured] : defaultChromiumPaths;
  const executablePath = candidates.find(isExecutable);
  if (executablePath != null) return { found: true, executablePath };
  return { found: false, missingPath: configured || defaultChromiumPaths[0] };
}

/**
 * The line a developer sees when Chromium is missing. On a workstation the browser tests are
 * skipped; under CI they fail, because a CI run that silently skips them proves nothing.
 */
export function chromiumMissingMessage(missingPath: string, options: { ci: boolean }): string {
  const consequence = options.ci
    ? 'browser (e2e) tests cannot be skipped when CI=true'
    : 'skipping browser (e2e) tests';
  return `Chromium not found at ${missingPath}: ${consequence}. Install it with: apt-get install -y chromium`;
}

export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true';
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: [...chromiumFlags] });
}

export interface ServedApp {
  /** Base URL of the app, ending in '/'. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a production build of the app with `vite preview` on 127.0.0.1 and a free port, like
 * `npm start` does on port 8080. `builtDir` is a build made beforehand (vitest's global setup
 * builds once for every suite, test/support/globalBuild.ts); without it the app is built here,
 * into a temporary directory removed on close.
 */
export async function serveBuiltApp(builtDir?: string): Promise<ServedApp> {
  const outDir = builtDir ?? mkdtempSync(join(tmpdir(), 'suanpan-e2e-'));
  const removeOutDir = () => {
    if (builtDir === undefined) rmSync(outDir, { recursive: true, force: true });
  };
  try {
    if (builtDir === undefined) await buildApp(outDir);
    const server = await preview({
      root: repoRoot,
      configFile: join(repoRoot, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
    });
    const address = server.httpServer.address();
    if (address == null || typeof address === 'string') {
      await server.close();
      throw new Error(`vite preview is not listening on a TCP port (address: ${String(address)})`);
    }
    return {
      url: `http://127.0.0.1:${address.port}/`,
      async close() {
        await server.close();
        removeOutDir();
      },
    };
  } catch (error) {
    removeOutDir();
    throw error;
  }
}

/**
 * Builds the app for production into `outDir`.
 *
 * The build runs in a child process because vitest sets NODE_ENV=test, and Vite would then
 * produce a development build, not what users get.
 */
export function buildApp(outDir: string): Promise<void> {
  const viteCli = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [viteCli, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  return new Promise((resolveBuild, rejectBuild) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', rejectBuild);
    child.on('close', (code) => {
      if (code === 0) resolveBuild();
      else rejectBuild(new Error(`vite build failed (exit code ${code}):\n${output}`));
    });
  });
}

export interface BrowserSession {
  readonly app: ServedApp;
  readonly browser: Browser;
}

/**
 * A suite of browser tests against the built app. The app is served and Chromium launched once
 * for the suite. Without Chromium the suite is skipped with one plain line on the terminal, or,
 * under CI=true, fails: a CI run that silently skips the browser proves nothing.
 */
export function describeInBrowser(name: string, body: (session: () => BrowserSession) => void): void {
  const lookup = findChromium();
  const strict = isCI();
  if (!lookup.found) {
    console.warn(chromiumMissingMessage(lookup.missingPath, { ci: strict }));
    if (strict) {
      describe(name, () => {
        it('needs Chromium under CI=true', () => {
          throw new Error(chromiumMissingMessage(lookup.missingPath, { ci: true }));
        });
      });
      return;
    }
  }
  describe.skipIf(!lookup.found)(name, () => {
    let app: ServedApp | undefined;
    let browser: Browser | undefined;
    beforeAll(async () => {
      if (!lookup.found) return;
      const built = inject('builtAppDir');
      if (built === '') throw new Error('the app was not built for this run (SUANPAN_SKIP_BUILD=1): run without it for browser tests');
      [app, browser] = await Promise.all([serveBuiltApp(built), launchChromium(lookup.executablePath)]);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });
    body(() => {
      if (app == null || browser == null) throw new Error('the app and the browser did not start');
      return { app, browser };
    });
  });
}
