/** The document access table, written out here from ARCHITECTURE.md's "who may write" column. */
import { describe, expect, it } from 'vitest';
import { documentAccess } from '../../server/access.js';
import { ROLES } from '../../server/users.js';

// role → [model, quote, directory, crm]
const EXPECTED = {
  admin: ['write', 'write', 'write', 'write'],
  engineer: ['write', 'read', 'read', 'read'],
  sales: ['read', 'write', 'read', 'write'],
  approver: ['read', 'write', 'read', 'read'],
} as const;

describe('document access', () => {
  it('follows the table for every role and document kind', () => {
    for (const role of ROLES) {
      const got = ['model:butterfly-valve', 'quote:q-abc123', 'directory', 'crm'].map((name) => documentAccess(role, name).access);
      expect(got, role).toEqual(EXPECTED[role]);
    }
  });

  it('says why in words', () => {
    expect(documentAccess('sales', 'model:butterfly-valve')).toEqual({ access: 'read', reason: 'sales may only read model documents' });
    expect(documentAccess('engineer', 'model:butterfly-valve').reason).toBe('engineer may edit model documents');
  });

  it('refuses names that are not documents of this app', () => {
    for (const name of ['', 'models:x', 'quote:', 'quote:../etc', 'model:a/b', 'directory2', `quote:${'x'.repeat(65)}`]) {
      expect(documentAccess('admin', name).access, name).toBe('none');
    }
    expect(documentAccess('admin', 'model:a/b').reason).toBe('"a/b" is not a valid model id');
  });
});
