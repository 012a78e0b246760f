/**
 * Scale-out relay (REDIS_URL): Hocuspocus's Redis extension passes document updates and
 * presence between server instances, so clients connected to different instances edit together.
 */
import { Redis } from '@hocuspocus/extension-redis';
import type { Extension } from '@hocuspocus/server';

/**
 * The Redis extension without its store lock. That lock makes an instance skip its store while
 * another instance is storing the same document, trusting the other to hold everything; but
 * edits that reached only the skipping instance may not have been relayed yet, and nothing
 * stores them later. The PostgreSQL store merges each write under a row lock instead
 * (postgresDocuments.ts), so every instance simply stores its own state.
 */
class MergingStoreRedis extends Redis {
  override async onStoreDocument(): Promise<void> {}
}

/** `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS) as connection settings. */
export function redisSettings(redisUrl: string): { host: string; port: number; options: { username?: string; password?: string; db?: number; tls?: object } } {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new Error(`REDIS_URL is not a URL: expected redis://host:port, got "${redisUrl.slice(0, 80)}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${url.protocol}//"`);
  if (url.hostname === '') throw new Error('REDIS_URL names no host: expected redis://host:port');
  const port = url.port === '' ? 6379 : Number(url.port);
  const options: { username?: string; password?: string; db?: number; tls?: object } = {};
  if (url.username !== '') options.username = decodeURIComponent(url.username);
  if (url.password !== '') options.password = decodeURIComponent(url.password);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '') {
    const db = Number(dbText);
    if (!Number.isInteger(db) || db < 0) throw new Error(`REDIS_URL's database must be a whole number (redis://host:port/0), got "/${dbText.slice(0, 20)}"`);
    options.db = db;
  }
  if (url.protocol === 'rediss:') options.tls = {};
  // IPv6 literals come bracketed from URL.
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, options };
}

export interface RedisRelay {
  readonly extension: Extension;
  /** Disconnects; only needed when the relay never reached a Hocuspocus server (which destroys it). */
  disconnect(): Promise<void>;
}

/**
 * The relay on `redisUrl`, once Redis answers. Throws, saying where, when it does not answer
 * within `timeoutMs`.
 */
export async function redisRelay(redisUrl: string, log: (line: string) => void, timeoutMs = 5000): Promise<RedisRelay> {
  const settings = redisSettings(redisUrl);
  const where = `${settings.host}:${settings.port}`;
  // Keys and channels under our own prefix, so a Redis shared with other apps does not mix.
  const relay = new MergingStoreRedis({ ...settings, prefix: 'suanpan' });
  // ioredis reconnects by itself; log when the link drops and comes back, not every retry.
  let up = true;
  for (const client of [relay.pub, relay.sub]) {
    client.on('error', (e: Error) => {
      if (!up) return;
      up = false;
      log(`Redis at ${where} unreachable, retrying: ${e.message}`);
    });
    client.on('ready', () => {
      if (up) return;
      up = true;
      log(`Redis at ${where} reachable again`);
    });
  }
  const disconnect = async () => {
    relay.pub.disconnect(false);
    relay.sub.disconnect(false);
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      relay.pub.ping(),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (e) {
    await disconnect();
    throw new Error(`Redis at ${where} could not be used: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
  }
  return { extension: relay, disconnect };
}
