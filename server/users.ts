/**
 * Users and roles (ARCHITECTURE.md): admin, cost engineer, sales, approver. Passwords are
 * hashed with Argon2id (@node-rs/argon2, its recommended defaults); a wrong password and an
 * unknown user take the same path, so the answer does not tell which usernames exist.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from './store.js';

export const ROLES = ['admin', 'engineer', 'sales', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  readonly username: string;
  readonly role: Role;
  readonly displayName: string;
}

/** The demo users seeded on first start: one per role, named as the role. */
export const DEMO_USERS: readonly User[] = [
  { username: 'admin', role: 'admin', displayName: '管理员 Admin' },
  { username: 'engineer', role: 'engineer', displayName: '成本工程师 Cost engineer' },
  { username: 'sales', role: 'sales', displayName: '销售 Sales' },
  { username: 'approver', role: 'approver', displayName: '审批人 Approver' },
];

interface UserRow {
  username: string;
  role: Role;
  display_name: string;
  password_hash: string;
}

// Verified against when the user is unknown, so both failures cost the same time.
let dummyHash: Promise<string> | undefined;

export interface SeededUser extends User {
  /** Set when the password was made up here (no SUANPAN_DEMO_PASSWORD), to be shown once. */
  readonly generatedPassword?: string;
}

/** A user as stored: what the users table holds, wherever that table lives. */
export interface UserRecord extends User {
  readonly passwordHash: string;
  /** ISO time. */
  readonly createdAt: string;
}

/**
 * Records for the demo users not in `present`, hashed, each with what to report once created.
 * Their password is `password` when given (SUANPAN_DEMO_PASSWORD), else a random one per user.
 */
export async function newDemoUsers(password: string | undefined, present: (username: string) => boolean, now = new Date()): Promise<{ record: UserRecord; seeded: SeededUser }[]> {
  const made: { record: UserRecord; seeded: SeededUser }[] = [];
  for (const user of DEMO_USERS) {
    if (present(user.username)) continue;
    const generated = password === undefined ? randomBytes(12).toString('base64url') : undefined;
    const record: UserRecord = { ...user, passwordHash: await hash(password ?? (generated as string)), createdAt: now.toISOString() };
    made.push({ record, seeded: generated === undefined ? user : { ...user, generatedPassword: generated } });
  }
  return made;
}

/**
 * Adds the demo users that are missing; existing users are never touched. Their password is
 * `password` when given (SUANPAN_DEMO_PASSWORD), else a random one per user, returned so the
 * caller can print it.
 */
export async function seedDemoUsers(db: Db, password: string | undefined, now = new Date()): Promise<SeededUser[]> {
  const exists = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM users WHERE username = ?');
  const insert = db.prepare('INSERT INTO users (username, role, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const made = await newDemoUsers(password, (username) => (exists.get(username)?.n ?? 0) > 0, now);
  for (const { record } of made) insert.run(record.username, record.role, record.displayName, record.passwordHash, record.createdAt);
  return made.map((m) => m.seeded);
}

/**
 * Makes `db`'s users exactly `records`, in one transaction. Scaled out, each instance's users
 * table is a copy of the shared one in PostgreSQL, which login reads here.
 */
export function replaceUsers(db: Db, records: readonly UserRecord[]): void {
  const insert = db.prepare('INSERT INTO users (username, role, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM users').run();
    for (const r of records) insert.run(r.username, r.role, r.displayName, r.passwordHash, r.createdAt);
  })();
}

/** The user when the password matches, else undefined (unknown user or wrong password alike). */
export async function authenticate(db: Db, username: string, password: string): Promise<User | undefined> {
  const row = db.prepare<[string], UserRow>('SELECT username, role, display_name, password_hash FROM users WHERE username = ?').get(username);
  if (!row) {
    dummyHash ??= hash(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return undefined;
  }
  const ok = await verify(row.password_hash, password).catch(() => false);
  return ok ? { username: row.username, role: row.role, displayName: row.display_name } : undefined;
}

export function findUser(db: Db, username: string): User | undefined {
  const row = db.prepare<[string], UserRow>('SELECT username, role, display_name, password_hash FROM users WHERE username = ?').get(username);
  return row ? { username: row.username, role: row.role, displayName: row.display_name } : undefined;
}
