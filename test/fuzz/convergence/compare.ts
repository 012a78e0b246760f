/**
 * Comparing replicas: a canonical JSON text (object keys sorted, since a Y.Map's key order is
 * the order its keys arrived in, which differs between replicas), and a structural diff that
 * names where two values part and lets floats differ in the last bits only.
 */

export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Uint8Array) return Array.from(value);
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, sortKeys(obj[k])]),
    );
  }
  return value;
}

/** Relative tolerance for numbers computed along two paths (an engine written to vs one built afresh). */
const RELATIVE = 1e-12;

function closeEnough(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b));
}

/** Where `a` and `b` differ, as `path: a ≠ b` lines (at most `limit`); empty when they agree. */
export function differences(a: unknown, b: unknown, limit = 8, path = '$'): string[] {
  const out: string[] = [];
  walk(a, b, path, out, limit);
  return out;
}

function show(v: unknown): string {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function walk(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit) return;
  if (typeof a === 'number' && typeof b === 'number') {
    if (!closeEnough(a, b)) out.push(`${path}: ${show(a)} ≠ ${show(b)}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length) && out.length < limit; i++) {
      if (i >= a.length) out.push(`${path}[${i}]: missing ≠ ${show(b[i])}`);
      else if (i >= b.length) out.push(`${path}[${i}]: ${show(a[i])} ≠ missing`);
      else walk(a[i], b[i], `${path}[${i}]`, out, limit);
    }
    return;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(k in a)) out.push(`${path}.${k}: missing ≠ ${show(b[k])}`);
      else if (!(k in b)) out.push(`${path}.${k}: ${show(a[k])} ≠ missing`);
      else walk(a[k], b[k], `${path}.${k}`, out, limit);
      if (out.length >= limit) return;
    }
    return;
  }
  if (a !== b) out.push(`${path}: ${show(a)} ≠ ${show(b)}`);
}
