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

/**
 * Adds the demo users that are missing; existing users are never touched. Their password is
 * `password` when given (SUANPAN_DEMO_PASSWORD), else a random one per user, returned so the
 * caller can print it.
 */
export async function seedDemoUsers(db: Db, password: string | undefined, now = new Date()): Promise<SeededUser[]> {
  const exists = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM users WHERE username = ?');
  const insert = db.prepare('INSERT INTO users (username, role, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const seeded: SeededUser[] = [];
  for (const user of DEMO_USERS) {
    if ((exists.get(user.username)?.n ?? 0) > 0) continue;
    const generated = password === undefined ? randomBytes(12).toString('base64url') : undefined;
    insert.run(user.username, user.role, user.displayName, await hash(password ?? (generated as string)), now.toISOString());
    seeded.push(generated === undefined ? user : { ...user, generatedPassword: generated });
  }
  return seeded;
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
