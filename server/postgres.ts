/**
 * PostgreSQL for scale-out (DATABASE_URL): what every instance must share lives here, namely the
 * documents, the users and the token signing key. Schema changes are new named migrations,
 * never edits of old ones; they run under an advisory lock, because instances starting
 * together would otherwise race on CREATE TABLE.
 */
import pg from 'pg';

export type Pool = pg.Pool;

const MIGRATIONS: readonly { readonly name: string; readonly sql: string }[] = [
  {
    name: '001-documents',
    sql: `CREATE TABLE documents (
      name text PRIMARY KEY,
      state bytea NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
  },
  {
    name: '002-workspace',
    sql: `CREATE TABLE workspace (
      key text PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
  },
  {
    name: '003-users',
    sql: `CREATE TABLE users (
      username text PRIMARY KEY,
      role text NOT NULL CHECK (role IN ('admin', 'engineer', 'sales', 'approver')),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL
    )`,
  },
  {
    name: '004-signing-keys',
    sql: `CREATE TABLE signing_keys (
      id text PRIMARY KEY,
      private_jwk text NOT NULL,
      created_at timestamptz NOT NULL
    )`,
  },
  {
    name: '005-counters',
    sql: `CREATE TABLE counters (
      key text PRIMARY KEY,
      value bigint NOT NULL
    )`,
  },
];

// Any fixed number: the key of the advisory lock that serialises migrations across instances.
const MIGRATION_LOCK = 0x5375616e;

/** `url` without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(a DATABASE_URL that is not a URL)';
  }
}

/**
 * A pool on `databaseUrl` with the schema brought up to date. Throws, saying where, when the
 * database cannot be reached; the pool is closed again then.
 */
export async function openPostgres(databaseUrl: string, options: { readonly max: number; readonly log: (line: string) => void }): Promise<Pool> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (e) => options.log(`PostgreSQL connection lost (${redactUrl(databaseUrl)}): ${e.message}`));
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new Error(`PostgreSQL at ${redactUrl(databaseUrl)} could not be used: ${e instanceof Error ? e.message : String(e)}`);
  }
  return pool;
}

async function migrate(pool: Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS suanpan_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM suanpan_migrations')).rows.map((r) => r.name));
    for (const migration of MIGRATIONS) {
      if (done.has(migration.name)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO suanpan_migrations (name, applied_at) VALUES ($1, now())', [migration.name]);
    }
  });
}

/** Runs `work` in one transaction on a client of `pool`. */
export async function inTransaction<T>(pool: Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
