/**
 * Users and the token signing key in PostgreSQL (DATABASE_URL), shared by every instance: a
 * password set on one instance logs in on all, and a token one instance issues verifies on all.
 *
 * The login path (http.ts) reads users synchronously from a better-sqlite3 database, so each
 * instance keeps a copy of the shared users table in an in-memory SQLite database, filled at
 * start and refreshed every minute. PostgreSQL is the truth; the copy is only ever replaced.
 */
import type { JWK } from 'jose';
import type { Db } from './store.js';
import { inTransaction, openPostgres } from './postgres.js';
import type { Pool } from './postgres.js';
import { generatePrivateJwk, keysFromPrivateJwk } from './tokens.js';
import type { TokenKeys } from './tokens.js';
import { ROLES, newDemoUsers, replaceUsers } from './users.js';
import type { Role, SeededUser, UserRecord } from './users.js';

// The one key every instance signs with; a second row would be a rotation (not built yet).
const SIGNING_KEY_ID = 'jwt-es256';

export interface SharedAccounts {
  /** The signing key pair, made and stored by whichever instance needs it first. */
  loadKeys(): Promise<TokenKeys>;
  /**
   * Adds the demo users missing from PostgreSQL. Only users this call created are returned, so
   * a generated password is printed by exactly one instance.
   */
  seedDemoUsers(password: string | undefined, now?: Date): Promise<SeededUser[]>;
  /** Makes `db`'s users table a copy of the shared one. */
  copyUsersInto(db: Db): Promise<void>;
  close(): Promise<void>;
}

interface UserRow {
  username: string;
  role: string;
  display_name: string;
  password_hash: string;
  created_at: Date;
}

export async function postgresAccounts(databaseUrl: string, log: (line: string) => void): Promise<SharedAccounts> {
  const pool: Pool = await openPostgres(databaseUrl, { max: 2, log });
  let closed: Promise<void> | undefined;
  return {
    async loadKeys() {
      const candidate = JSON.stringify(await generatePrivateJwk());
      // Instances starting together each offer a key; the first insert wins and all read it back.
      await pool.query('INSERT INTO signing_keys (id, private_jwk, created_at) VALUES ($1, $2, now()) ON CONFLICT (id) DO NOTHING', [SIGNING_KEY_ID, candidate]);
      const { rows } = await pool.query<{ private_jwk: string }>('SELECT private_jwk FROM signing_keys WHERE id = $1', [SIGNING_KEY_ID]);
      const stored = rows[0]?.private_jwk;
      if (stored === undefined) throw new Error('the token signing key vanished from PostgreSQL while it was being read');
      return keysFromPrivateJwk(JSON.parse(stored) as JWK);
    },

    async seedDemoUsers(password, now = new Date()) {
      const present = new Set((await pool.query<{ username: string }>('SELECT username FROM users')).rows.map((r) => r.username));
      const made = await newDemoUsers(password, (username) => present.has(username), now);
      return inTransaction(pool, async (client) => {
        const created: SeededUser[] = [];
        for (const { record, seeded } of made) {
          // Another instance may have added the user since the read above; theirs stays.
          const inserted = await client.query(
            'INSERT INTO users (username, role, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING',
            [record.username, record.role, record.displayName, record.passwordHash, record.createdAt],
          );
          if (inserted.rowCount === 1) created.push(seeded);
        }
        return created;
      });
    },

    async copyUsersInto(db) {
      const { rows } = await pool.query<UserRow>('SELECT username, role, display_name, password_hash, created_at FROM users ORDER BY username');
      const records: UserRecord[] = [];
      for (const row of rows) {
        // The table's CHECK keeps roles known; a row that is not still must not become a login.
        if (!(ROLES as readonly string[]).includes(row.role)) {
          log(`user "${row.username}" in PostgreSQL has unknown role "${row.role}"; left out`);
          continue;
        }
        records.push({ username: row.username, role: row.role as Role, displayName: row.display_name, passwordHash: row.password_hash, createdAt: row.created_at.toISOString() });
      }
      replaceUsers(db, records);
    },

    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
