/**
 * Test support: throwaway Redis and PostgreSQL servers for the scale-out tests, each on a free
 * loopback port with everything in a temporary folder, removed when stopped. Nothing persists:
 * Redis runs with `--save ''` and no append-only file; PostgreSQL is a fresh cluster with trust
 * authentication and fsync off.
 *
 * Debian: `apt-get install -y redis-server postgresql` (PostgreSQL's binaries are under
 * /usr/lib/postgresql/<version>/bin). Like the browser suites (test/support/browser.ts), a suite
 * that needs them is skipped with one plain line when they are missing, and fails under CI=true.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(tool: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, tool))) return join(dir, tool);
  }
  return undefined;
}

/** redis-server: REDIS_SERVER if set (and only that), else the one on PATH. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.REDIS_SERVER?.trim();
  if (configured) return isExecutable(configured) ? configured : undefined;
  return onPath('redis-server', env) ?? (isExecutable('/usr/bin/redis-server') ? '/usr/bin/redis-server' : undefined);
}

/**
 * The folder holding initdb and pg_ctl: POSTGRES_BIN if set (and only that), else Debian's
 * /usr/lib/postgresql/<version>/bin (newest first), else the folder of initdb on PATH.
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const complete = (dir: string) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl'));
  const configured = env.POSTGRES_BIN?.trim();
  if (configured) return complete(configured) ? configured : undefined;
  let versions: string[] = [];
  try {
    versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v));
  } catch {
    // No Debian layout here; PATH is next.
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join('/usr/lib/postgresql', version, 'bin');
    if (complete(dir)) return dir;
  }
  const initdb = onPath('initdb', env);
  return initdb && complete(join(initdb, '..')) ? join(initdb, '..') : undefined;
}

/** What is missing to run the scale-out tests (empty when nothing is). */
export function missingServices(env: NodeJS.ProcessEnv = process.env): string[] {
  const missing: string[] = [];
  if (!findRedisServer(env)) missing.push('redis-server');
  if (!findPostgresBin(env)) missing.push('PostgreSQL (initdb, pg_ctl)');
  return missing;
}

export function servicesMissingMessage(missing: readonly string[], options: { ci: boolean }): string {
  const consequence = options.ci ? 'scale-out tests cannot be skipped when CI=true' : 'skipping scale-out tests';
  return `${missing.join(' and ')} not found: ${consequence}. Install them with: apt-get install -y redis-server postgresql`;
}

/** A suite that needs Redis and PostgreSQL: skipped without them, or failing under CI=true. */
export function describeWithServices(name: string, body: () => void): void {
  const missing = missingServices();
  const strict = process.env.CI === 'true';
  if (missing.length > 0) {
    console.warn(servicesMissingMessage(missing, { ci: strict }));
    if (strict) {
      describe(name, () => {
        it('needs Redis and PostgreSQL under CI=true', () => {
          throw new Error(servicesMissingMessage(missing, { ci: true }));
        });
      });
      return;
    }
  }
  describe.skipIf(missing.length > 0)(name, body);
}

export interface RunningService {
  /** redis://… or postgresql://… to hand to the server. */
  readonly url: string;
  /** Stops the service and removes its folder. */
  stop(): Promise<void>;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** redis-server on a free port, keeping nothing on disk. */
export async function startRedis(): Promise<RunningService> {
  const binary = findRedisServer();
  if (!binary) throw new Error(servicesMissingMessage(['redis-server'], { ci: true }));
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-redis-'));
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const end = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start on port ${port}: ${output.trim().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * PostgreSQL refuses to run as root. As root (CI in a container) the cluster belongs to the
 * `postgres` user Debian's package creates, else to `nobody`.
 */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a "postgres" nor a "nobody" user exists to own the PostgreSQL test cluster');
}

function run(binary: string, args: readonly string[], owner: { uid: number; gid: number } | undefined): void {
  const result = spawnSync(binary, args, { encoding: 'utf8', ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} exited with ${result.status}: ${(result.stderr || result.stdout).trim().slice(-2000)}`);
}

/**
 * A fresh PostgreSQL cluster on a free loopback port (its unix socket in its own folder),
 * superuser `suanpan` with trust authentication, database `postgres`.
 */
export async function startPostgres(): Promise<RunningService> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(servicesMissingMessage(['PostgreSQL (initdb, pg_ctl)'], { ci: true }));
  const owner = clusterOwner();
  const dir = mkdtempSync(join(tmpdir(), 'suanpan-pg-'));
  const data = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  mkdirSync(socketDir);
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(socketDir, owner.uid, owner.gid);
  }
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  const logFile = join(dir, 'postgres.log');
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'suanpan', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], owner);
    const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run(pgCtl, ['start', '-D', data, '-l', logFile, '-w', '-t', '30', '-o', serverOptions], owner);
  } catch (e) {
    let log = '';
    try {
      log = readFileSync(logFile, 'utf8').trim().slice(-2000);
    } catch {
      // No log yet: initdb failed before the server ran.
    }
    // A start that timed out may have left a server running.
    if (existsSync(join(data, 'postmaster.pid'))) spawnSync(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w'], { ...(owner ?? {}) });
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${e instanceof Error ? e.message : String(e)}${log ? `\n${log}` : ''}`);
  }
  return {
    url: `postgresql://suanpan@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w', '-t', '30'], owner);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
