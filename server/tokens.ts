/**
 * Sessions as short-lived ES256 JWTs (jose): an access token for API calls and the sync
 * connection (15 minutes), and a refresh token that buys a new pair (7 days). The signing key
 * is generated on first start and kept in DATA_DIR (readable by the owner only), so tokens
 * survive a restart; rotating it is deleting the file. Scaled out, the key lives in PostgreSQL
 * instead (postgresAccounts.ts), so a token from one instance is good on every other.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, errors } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { ROLES } from './users.js';
import type { Role, User } from './users.js';

const ISSUER = 'suanpan';
const ALG = 'ES256';
export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface TokenKeys {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/** The signing key pair of this server, made and stored on first use. */
export async function loadKeys(dataDir: string): Promise<TokenKeys> {
  const file = join(dataDir, 'jwt-es256.jwk.json');
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(await generatePrivateJwk()), { mode: 0o600 });
  return keysFromPrivateJwk(JSON.parse(readFileSync(file, 'utf8')) as JWK);
}

/** A new ES256 private key as a JWK, for whoever keeps it (a file here, PostgreSQL when scaled out). */
export async function generatePrivateJwk(): Promise<JWK> {
  const pair = await generateKeyPair(ALG, { extractable: true });
  return exportJWK(pair.privateKey);
}

/** The key pair of a stored private JWK; throws when it is not an ES256 private key. */
export async function keysFromPrivateJwk(jwk: JWK): Promise<TokenKeys> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') throw new Error('the stored token signing key is not an ES256 (P-256) private key');
  const { d: _private, ...publicJwk } = jwk;
  return { privateKey: (await importJWK(jwk, ALG)) as CryptoKey, publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey };
}

export interface TokenPair {
  readonly token: string;
  readonly refreshToken: string;
  /** Seconds the access token lives. */
  readonly expiresIn: number;
}

export async function issueTokens(keys: TokenKeys, user: User, now = new Date()): Promise<TokenPair> {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ role: user.role, name: user.displayName, typ: 'access' })
    .setProtectedHeader({ alg: ALG })
    .setIssuer(ISSUER)
    .setSubject(user.username)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TTL_SECONDS)
    .sign(keys.privateKey);
  const refreshToken = await new SignJWT({ typ: 'refresh' })
    .setProtectedHeader({ alg: ALG })
    .setIssuer(ISSUER)
    .setSubject(user.username)
    .setIssuedAt(iat)
    .setExpirationTime(iat + REFRESH_TTL_SECONDS)
    .sign(keys.privateKey);
  return { token, refreshToken, expiresIn: ACCESS_TTL_SECONDS };
}

export interface Identity {
  readonly username: string;
  readonly role: Role;
  readonly displayName: string;
}

export type TokenCheck = { readonly ok: true; readonly identity: Identity } | { readonly ok: false; readonly reason: string };

async function check(keys: TokenKeys, token: string, typ: 'access' | 'refresh', now: Date): Promise<{ ok: true; payload: Record<string, unknown>; sub: string } | { ok: false; reason: string }> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, { issuer: ISSUER, algorithms: [ALG], currentDate: now });
    if (payload['typ'] !== typ) return { ok: false, reason: `not an ${typ} token` };
    if (typeof payload.sub !== 'string' || payload.sub === '') return { ok: false, reason: 'the token names no user' };
    return { ok: true, payload, sub: payload.sub };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, reason: 'the token has expired' };
    if (e instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'the token signature does not verify' };
    if (e instanceof errors.JOSEError) return { ok: false, reason: `the token is not valid (${e.code})` };
    return { ok: false, reason: 'the token is not a JWT' };
  }
}

/** The identity an access token vouches for, or why it does not. */
export async function verifyAccess(keys: TokenKeys, token: string, now = new Date()): Promise<TokenCheck> {
  const checked = await check(keys, token, 'access', now);
  if (!checked.ok) return checked;
  const role = checked.payload['role'];
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return { ok: false, reason: 'the token carries no known role' };
  const name = checked.payload['name'];
  return { ok: true, identity: { username: checked.sub, role: role as Role, displayName: typeof name === 'string' ? name : checked.sub } };
}

/** The username a refresh token was issued to, or why it is refused. */
export async function verifyRefresh(keys: TokenKeys, token: string, now = new Date()): Promise<{ ok: true; username: string } | { ok: false; reason: string }> {
  const checked = await check(keys, token, 'refresh', now);
  return checked.ok ? { ok: true, username: checked.sub } : checked;
}
