import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApprovalEntryError, base64urlDecode, base64urlEncode, generateApproverKey, signedText, signEntry, verifyEntry } from './signature.js';
import type { ApprovalEntry, UnsignedApprovalEntry } from './signature.js';

const HASH = '0123456789abcdef'.repeat(4);

const unsigned: UnsignedApprovalEntry = {
  quoteId: 'q1',
  revision: 2,
  snapshotHash: HASH,
  level: 1,
  decision: 'approved',
  approver: 'li.wei',
  keyId: 'key-li-wei-1',
  at: '2026-03-01T09:30:00Z',
  comment: '同意，注意交期',
};

// RFC 8785 by hand: keys sorted, no whitespace.
const expectedSignedText =
  '{"approver":"li.wei","at":"2026-03-01T09:30:00Z","comment":"同意，注意交期","decision":"approved",' +
  `"keyId":"key-li-wei-1","level":1,"quoteId":"q1","revision":2,"snapshotHash":"${HASH}"}`;

let key: Awaited<ReturnType<typeof generateApproverKey>>;
let other: Awaited<ReturnType<typeof generateApproverKey>>;
let entry: ApprovalEntry;

beforeAll(async () => {
  key = await generateApproverKey();
  other = await generateApproverKey();
  entry = await signEntry(key.privateKey, unsigned);
});

describe('signEntry / verifyEntry', () => {
  it('signs the canonical JSON of the fields, and the entry verifies', async () => {
    expect(signedText(unsigned)).toBe(expectedSignedText);
    expect(entry).toEqual({ ...unsigned, signature: entry.signature });
    expect(entry.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(await verifyEntry(key.publicJwk, entry)).toEqual({ ok: true });
    expect(await verifyEntry(key.publicJwk, entry, { quoteId: 'q1', revision: 2, snapshotHash: HASH })).toEqual({ ok: true });
  });

  it('signs exactly those bytes: a second implementation (node:crypto) accepts the signature over the hand-written text', () => {
    const publicKey = createPublicKey({ key: { ...key.publicJwk }, format: 'jwk' });
    const raw = Buffer.from(entry.signature, 'base64url');
    expect(nodeVerify('sha256', Buffer.from(expectedSignedText, 'utf8'), { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
  });

  it('fails when any single field is changed', async () => {
    const signedElsewhere = await signEntry(key.privateKey, { ...unsigned, comment: 'another' });
    const changes: { [K in keyof ApprovalEntry]: ApprovalEntry[K] } = {
      quoteId: 'q2',
      revision: 3,
      snapshotHash: 'f'.repeat(64),
      level: 2,
      decision: 'rejected',
      approver: 'wang.fang',
      keyId: 'key-wang-fang-1',
      at: '2026-03-01T09:30:01Z',
      comment: '同意',
      signature: signedElsewhere.signature,
    };
    for (const field of Object.keys(changes) as (keyof ApprovalEntry)[]) {
      const edited = { ...entry, [field]: changes[field] };
      const result = await verifyEntry(key.publicJwk, edited);
      expect(result.ok, field).toBe(false);
      if (!result.ok) expect(result.reason, field).toMatch(/signature does not match/);
    }
  });

  it('fails when a genuine entry is replayed onto another quote, revision or snapshot', async () => {
    const onOtherQuote = await verifyEntry(key.publicJwk, entry, { quoteId: 'q9' });
    expect(onOtherQuote).toEqual({ ok: false, reason: 'the entry is for quote q1, not q9' });
    const onOtherRevision = await verifyEntry(key.publicJwk, entry, { quoteId: 'q1', revision: 3 });
    expect(onOtherRevision).toEqual({ ok: false, reason: 'the entry is for revision 2, not 3' });
    const stale = await verifyEntry(key.publicJwk, entry, { snapshotHash: 'e'.repeat(64) });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.reason).toContain('e'.repeat(64));
    // Rewriting the ids to fit the other quote breaks the signature instead.
    const rewritten = await verifyEntry(key.publicJwk, { ...entry, quoteId: 'q9', revision: 3 }, { quoteId: 'q9', revision: 3 });
    expect(rewritten.ok).toBe(false);
  });

  it('fails under another approver’s key', async () => {
    const result = await verifyEntry(other.publicJwk, entry);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/not signed with key key-li-wei-1/);
    const forged = await signEntry(other.privateKey, unsigned);
    expect((await verifyEntry(key.publicJwk, forged)).ok).toBe(false);
  });

  it('names the bad field of a malformed entry', async () => {
    const cases: [unknown, string][] = [
      [{ ...entry, revision: 0 }, 'revision must be at least 1'],
      [{ ...entry, snapshotHash: 'ABC' }, 'snapshotHash must be 64 lower-case hex digits'],
      [{ ...entry, signature: 'abc' }, 'signature must be a P-256 signature'],
      [{ ...entry, at: 'yesterday' }, 'at must be an ISO 8601 date-time'],
      [{ ...entry, decision: 'maybe' }, 'decision'],
      [{ ...entry, extra: 1 }, 'extra'],
      [(({ keyId: _k, ...rest }) => rest)(entry), 'keyId'],
      ['not an entry', 'entry'],
    ];
    for (const [bad, text] of cases) {
      const result = await verifyEntry(key.publicJwk, bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain(text);
    }
  });

  it('refuses a second spelling of the same signature bytes', async () => {
    // 64 bytes need 512 of the 516 bits in 86 characters: the last one has 4 unused bits; set one.
    const last = entry.signature.at(-1) ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelt = entry.signature.slice(0, -1) + (alphabet[alphabet.indexOf(last) ^ 1] ?? '');
    const result = await verifyEntry(key.publicJwk, { ...entry, signature: respelt });
    expect(result).toEqual({ ok: false, reason: 'signature is not canonical base64url of 64 bytes' });
  });

  it('reports an unusable public key', async () => {
    const result = await verifyEntry({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }, entry);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^the public key is not a usable P-256 key/);
  });

  it('refuses to sign a malformed entry, naming the field', async () => {
    await expect(signEntry(key.privateKey, { ...unsigned, comment: 'x'.repeat(2001) })).rejects.toThrow(ApprovalEntryError);
    await expect(signEntry(key.privateKey, { ...unsigned, level: 1.5 })).rejects.toThrow(/level must be a whole number/);
  });
});

describe('generateApproverKey', () => {
  it('makes a non-extractable private key and a public P-256 JWK', async () => {
    expect(key.privateKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
    expect(Object.keys(key.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });
});

describe('base64url', () => {
  it('round-trips and matches a hand-encoded value', () => {
    // 0xfb 0xff 0xbf → standard base64 "+/+/" → url-safe "-_-_".
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(base64urlEncode(new Uint8Array([0x61]))).toBe('YQ');
    expect([...(base64urlDecode('-_-_') ?? [])]).toEqual([0xfb, 0xff, 0xbf]);
    expect(base64urlDecode('YR')).toBeUndefined();
    expect(base64urlDecode('Y')).toBeUndefined();
    expect(base64urlDecode('YQ==')).toBeUndefined();
  });
});
