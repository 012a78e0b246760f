/**
 * Finding what exists on the server: a device lists the server's documents (GET
 * /api/documents) and adopts the models and quotes it has not seen, or whose server copy
 * changed since it last looked, so they appear in its lists. Models first: quotes are priced
 * on their releases. Documents already open here follow the server live and need nothing.
 */
import { z } from 'zod';

const Listing = z.object({
  documents: z.array(z.object({ name: z.string(), updatedAt: z.string(), access: z.enum(['read', 'write']) })),
});

export interface CatchUpTargets {
  /** Make the model listed on this device; true when the document holds a model. */
  adoptModel(id: string): Promise<boolean>;
  /** Make the quote listed on this device; true when the document holds a quote. */
  adoptQuote(id: string): Promise<boolean>;
}

export interface CatchUpOptions {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly token: () => Promise<string>;
  /** Remembers which server version of each document this device has adopted. */
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export interface CatchUpReport {
  readonly adopted: readonly string[];
  readonly problems: readonly string[];
}

const SEEN_KEY = 'suanpan.seen';

export async function catchUp(options: CatchUpOptions, targets: CatchUpTargets): Promise<CatchUpReport> {
  const res = await options.fetch(`${options.baseUrl}/api/documents`, { headers: { authorization: `Bearer ${await options.token()}` } });
  const listing = Listing.safeParse(await res.json().catch(() => undefined));
  if (!res.ok || !listing.success) return { adopted: [], problems: [`the server's document list could not be read (${res.status})`] };
  const seen = readSeen(options.storage.getItem(SEEN_KEY));
  const order = (name: string) => (name.startsWith('model:') ? 0 : 1);
  const fresh = listing.data.documents.filter((d) => seen[d.name] !== d.updatedAt && (d.name.startsWith('model:') || d.name.startsWith('quote:'))).sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
  const adopted: string[] = [];
  const problems: string[] = [];
  for (const d of fresh) {
    const id = d.name.slice(d.name.indexOf(':') + 1);
    try {
      const ok = d.name.startsWith('model:') ? await targets.adoptModel(id) : await targets.adoptQuote(id);
      if (ok) adopted.push(d.name);
      else problems.push(`${d.name} holds no readable ${d.name.startsWith('model:') ? 'model' : 'quote'}`);
      // Remembered either way: a broken document is reported once per server version, not at every start.
      seen[d.name] = d.updatedAt;
      options.storage.setItem(SEEN_KEY, JSON.stringify(seen));
    } catch (e) {
      problems.push(`${d.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { adopted, problems };
}

function readSeen(text: string | null): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    const parsed = z.record(z.string(), z.string()).safeParse(value);
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
