/**
 * Who may open which document through the sync server, from the table in ARCHITECTURE.md:
 *
 *   document        writes                       reads
 *   model:<id>      engineer, admin              sales, approver (to configure and check quotes)
 *   quote:<id>      sales, admin, approver (*)   engineer
 *   directory       admin                        everyone (price policies, public keys)
 *   crm             sales, admin                 engineer, approver
 *
 * (*) approvers append to the quote's approval log; what they may write inside the document is
 * checked by the approval log's own rules (issue 7), not here. A connection that may only read
 * is opened read-only: the server drops its updates. Team membership of quotes comes later.
 */
import type { Role } from './users.js';

export type Access = 'write' | 'read' | 'none';

export interface AccessDecision {
  readonly access: Access;
  /** Why, in words the log and a refused client can show. */
  readonly reason: string;
}

type Kind = 'model' | 'quote' | 'directory' | 'crm';

const TABLE: Readonly<Record<Kind, Readonly<Record<Role, Access>>>> = {
  model: { engineer: 'write', admin: 'write', sales: 'read', approver: 'read' },
  quote: { sales: 'write', admin: 'write', approver: 'write', engineer: 'read' },
  directory: { admin: 'write', engineer: 'read', sales: 'read', approver: 'read' },
  crm: { sales: 'write', admin: 'write', engineer: 'read', approver: 'read' },
};

/** Ids in document names: what model and quote ids are made of, nothing that could smuggle a path. */
const ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** The kind of a document name, or why it is not one this server keeps. */
export function documentKind(name: string): { ok: true; kind: Kind } | { ok: false; reason: string } {
  if (name === 'directory' || name === 'crm') return { ok: true, kind: name };
  const match = /^(model|quote):(.*)$/.exec(name);
  if (!match) return { ok: false, reason: `"${name.slice(0, 80)}" is not a document name (model:<id>, quote:<id>, directory, crm)` };
  const [, kind, id] = match as unknown as [string, 'model' | 'quote', string];
  if (!ID.test(id) || id.includes('..')) return { ok: false, reason: `"${id.slice(0, 80)}" is not a valid ${kind} id` };
  return { ok: true, kind };
}

export function documentAccess(role: Role, name: string): AccessDecision {
  const kind = documentKind(name);
  if (!kind.ok) return { access: 'none', reason: kind.reason };
  const access = TABLE[kind.kind][role];
  return { access, reason: `${role} may ${access === 'write' ? 'edit' : access === 'read' ? 'only read' : 'not open'} ${kind.kind === 'model' || kind.kind === 'quote' ? `${kind.kind} documents` : `the ${kind.kind}`}` };
}
