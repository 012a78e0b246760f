/**
 * Approval log entries and their signatures. An entry names the quote, the revision and the
 * hash of the priced snapshot it decides on; the approver signs (ECDSA P-256, SHA-256) the
 * RFC 8785 canonical JSON of every field but `signature`. So a hand-edited entry, or one
 * moved to another quote or revision, fails verification; the caller also passes what it
 * expects (`verifyEntry`'s third argument), because an unedited entry replayed into another
 * quote's log is still a genuine signature, just over something else.
 *
 * ECDSA signatures are malleable ((r, s) and (r, n − s) both verify), so an entry is
 * identified by its signed content, never by its signature text.
 *
 * WebCrypto through `globalThis.crypto.subtle` (browsers and Node 20 alike).
 */
import canonicalize from 'canonicalize';
import { z } from 'zod';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** P-256 signatures from WebCrypto are r ‖ s, 32 bytes each: 86 base64url characters unpadded. */
const SIGNATURE_BYTES = 64;

export const ApprovalDecision = z.enum(['approved', 'rejected']);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

const unsignedFields = {
  quoteId: z.string().min(1, { message: 'must not be empty' }).max(64),
  revision: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }),
  snapshotHash: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits (SHA-256)' }),
  /** The rank of the route level decided on (1 first). */
  level: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }),
  decision: ApprovalDecision,
  /** Username of who signed. */
  approver: z.string().min(1, { message: 'must name the approver' }),
  /** Same form as the directory's registered keys. */
  keyId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'must be 8–64 letters, digits, "_" or "-"' }),
  at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-03-01T09:30:00Z' }),
  comment: z.string().max(2000, { message: 'must be at most 2000 characters' }),
};

export const UnsignedApprovalEntry = z.strictObject(unsignedFields);
export type UnsignedApprovalEntry = z.infer<typeof UnsignedApprovalEntry>;

export const ApprovalEntry = z.strictObject({
  ...unsignedFields,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, { message: 'must be a P-256 signature: 86 base64url characters' }),
});
export type ApprovalEntry = z.infer<typeof ApprovalEntry>;

export class ApprovalEntryError extends Error {}

export type EntryVerification = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** What the caller knows the entry must be about: the quote whose log holds it, its current revision and snapshot. */
export interface EntryExpectation {
  readonly quoteId?: string;
  readonly revision?: number;
  readonly snapshotHash?: string;
}

function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'entry'} ${i.message}`).join('; ');
}

/** The exact bytes that are signed: the canonical JSON of the unsigned fields. */
export function signedText(entry: UnsignedApprovalEntry): string {
  const { quoteId, revision, snapshotHash, level, decision, approver, keyId, at, comment } = entry;
  // Picked field by field: an extra property on the object must not slip into what is signed.
  const text = canonicalize({ quoteId, revision, snapshotHash, level, decision, approver, keyId, at, comment });
  if (text === undefined) throw new ApprovalEntryError('the entry is not JSON');
  return text;
}

function toBytes(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

export function base64urlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict: only the canonical unpadded spelling decodes (stray low bits would be a second spelling of the same bytes). */
export function base64urlDecode(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return base64urlEncode(bytes) === text ? bytes : undefined;
}

/**
 * A new approver key pair. The private key cannot be exported (keep it in IndexedDB as is);
 * the public JWK is what an admin registers in the directory.
 */
export async function generateApproverKey(): Promise<{ privateKey: CryptoKey; publicJwk: JsonWebKey }> {
  const pair = await globalThis.crypto.subtle.generateKey(ECDSA_P256, false, ['sign', 'verify']);
  const exported = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: pair.privateKey, publicJwk: publicPart(exported) };
}

/** Only the public coordinates: a JWK with `d` or conflicting `key_ops` must not change what is imported. */
function publicPart(jwk: JsonWebKey): JsonWebKey {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/**
 * Sign an entry. Throws ApprovalEntryError naming the field when the entry is malformed.
 *
 * @example
 * const entry = await signEntry(key, { quoteId, revision, snapshotHash: snapshotHash(pricedSnapshot(quote)), level: 1,
 *   decision: 'approved', approver: 'li.wei', keyId, at: new Date().toISOString(), comment: '' });
 */
export async function signEntry(privateKey: CryptoKey, unsigned: UnsignedApprovalEntry): Promise<ApprovalEntry> {
  const parsed = UnsignedApprovalEntry.safeParse(unsigned);
  if (!parsed.success) throw new ApprovalEntryError(`cannot sign the approval entry: ${problems(parsed.error)}`);
  const raw = new Uint8Array(await globalThis.crypto.subtle.sign(ECDSA_SHA256, privateKey, toBytes(signedText(parsed.data))));
  return { ...parsed.data, signature: base64urlEncode(raw) };
}

/**
 * Check an entry as read from a document (any shape): its fields, that it is about what the
 * caller expects, and its signature under the approver's registered public key.
 */
export async function verifyEntry(publicKeyJwk: JsonWebKey, entry: unknown, expected: EntryExpectation = {}): Promise<EntryVerification> {
  const parsed = ApprovalEntry.safeParse(entry);
  if (!parsed.success) return { ok: false, reason: `malformed approval entry: ${problems(parsed.error)}` };
  const e = parsed.data;
  if (expected.quoteId !== undefined && e.quoteId !== expected.quoteId) return { ok: false, reason: `the entry is for quote ${e.quoteId}, not ${expected.quoteId}` };
  if (expected.revision !== undefined && e.revision !== expected.revision) return { ok: false, reason: `the entry is for revision ${e.revision}, not ${expected.revision}` };
  if (expected.snapshotHash !== undefined && e.snapshotHash !== expected.snapshotHash) {
    return { ok: false, reason: `the entry signs snapshot ${e.snapshotHash}, the quote now prices to ${expected.snapshotHash}` };
  }
  const signature = base64urlDecode(e.signature);
  if (signature?.length !== SIGNATURE_BYTES) return { ok: false, reason: 'signature is not canonical base64url of 64 bytes' };
  let key: CryptoKey;
  try {
    key = await globalThis.crypto.subtle.importKey('jwk', publicPart(publicKeyJwk), ECDSA_P256, false, ['verify']);
  } catch (error) {
    return { ok: false, reason: `the public key is not a usable P-256 key: ${error instanceof Error ? error.message : String(error)}` };
  }
  const valid = await globalThis.crypto.subtle.verify(ECDSA_SHA256, key, signature, toBytes(signedText(e)));
  return valid ? { ok: true } : { ok: false, reason: `the signature does not match the entry: it was changed after signing, or not signed with key ${e.keyId}` };
}
