/**
 * The signed-in user of a Suanpan server, in the browser: finds out whether the app was served
 * by our server (or a static host, where the app stays local-only), logs in, keeps the access
 * token fresh with the refresh token, and remembers the session across reloads. Offline with a
 * remembered session, the user keeps working; tokens are refreshed when the server is back.
 *
 * @example
 *   const found = await Session.detect({ fetch, storage: localStorage, baseUrl: location.origin });
 *   if (found.kind === 'needs-login') await found.session.login('sales', password);
 */
import { z } from 'zod';

export const SessionUser = z.object({
  username: z.string().min(1),
  displayName: z.string(),
  role: z.enum(['admin', 'engineer', 'sales', 'approver']),
});
export type SessionUser = z.infer<typeof SessionUser>;

const TokenAnswer = z.object({ token: z.string().min(1), refreshToken: z.string().min(1), expiresIn: z.number().positive(), user: SessionUser });
const Remembered = z.object({ refreshToken: z.string().min(1), user: SessionUser });

/** What the session needs from the browser: fetch and a small key-value store (localStorage). */
export interface SessionEnvironment {
  readonly fetch: typeof fetch;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** The origin serving the app (location.origin). */
  readonly baseUrl: string;
  readonly now?: () => number;
}

const STORAGE_KEY = 'suanpan.session';
/** Refresh this long before the access token expires, so a connection never presents a stale one. */
const REFRESH_MARGIN_MS = 60_000;

export type Detected =
  /** No Suanpan server behind this origin: the app is local-only. */
  | { readonly kind: 'local' }
  /** A server, and nobody signed in on this browser. */
  | { readonly kind: 'needs-login'; readonly session: Session }
  /** A remembered (and, when the server answered, refreshed) session. */
  | { readonly kind: 'signed-in'; readonly session: Session };

/** The server refused the sign-in or the refresh (wrong password, expired session). */
export class LoginError extends Error {
  override readonly name = 'LoginError';
}

export class Session {
  private access: { token: string; expiresAt: number } | undefined;
  private refreshing: Promise<string> | undefined;
  private current: SessionUser | undefined;
  private readonly listeners = new Set<(user: SessionUser | undefined) => void>();

  private constructor(private readonly env: SessionEnvironment) {
    const remembered = Remembered.safeParse(readJson(env.storage.getItem(STORAGE_KEY)));
    if (remembered.success) this.current = remembered.data.user;
  }

  /**
   * Is this origin a Suanpan server? `GET /api/me` without a token answers 401 with JSON there;
   * a static host answers with a page or a 404. Unreachable with a remembered session counts
   * as signed in (offline); unreachable without one, as local.
   */
  static async detect(env: SessionEnvironment): Promise<Detected> {
    const session = new Session(env);
    let isServer: boolean;
    try {
      const res = await env.fetch(`${env.baseUrl}/api/me`, { headers: { accept: 'application/json' } });
      isServer = res.status === 401 && (res.headers.get('content-type') ?? '').includes('application/json');
    } catch {
      return session.user ? { kind: 'signed-in', session } : { kind: 'local' };
    }
    if (!isServer) return { kind: 'local' };
    if (!session.user) return { kind: 'needs-login', session };
    try {
      await session.accessToken();
      return { kind: 'signed-in', session };
    } catch (e) {
      // The server turned the refresh token down (expired, user removed): sign in again.
      if (e instanceof LoginError) return { kind: 'needs-login', session };
      return { kind: 'signed-in', session };
    }
  }

  get user(): SessionUser | undefined {
    return this.current;
  }

  onChange(listener: (user: SessionUser | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(username: string, password: string): Promise<SessionUser> {
    const answer = await this.post('/api/login', { username, password });
    return this.accept(answer);
  }

  logout(): void {
    this.env.storage.removeItem(STORAGE_KEY);
    this.access = undefined;
    this.current = undefined;
    for (const l of this.listeners) l(undefined);
  }

  /** An access token valid for at least another minute; refreshed through the server when needed. */
  async accessToken(): Promise<string> {
    const now = (this.env.now ?? Date.now)();
    if (this.access && this.access.expiresAt - REFRESH_MARGIN_MS > now) return this.access.token;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refresh(): Promise<string> {
    const remembered = Remembered.safeParse(readJson(this.env.storage.getItem(STORAGE_KEY)));
    if (!remembered.success) throw new LoginError('not signed in');
    const answer = await this.post('/api/refresh', { refreshToken: remembered.data.refreshToken });
    this.accept(answer);
    return answer.token;
  }

  private accept(answer: z.infer<typeof TokenAnswer>): SessionUser {
    const now = (this.env.now ?? Date.now)();
    this.access = { token: answer.token, expiresAt: now + answer.expiresIn * 1000 };
    const changed = this.current?.username !== answer.user.username;
    this.current = answer.user;
    this.env.storage.setItem(STORAGE_KEY, JSON.stringify({ refreshToken: answer.refreshToken, user: answer.user }));
    if (changed) for (const l of this.listeners) l(answer.user);
    return answer.user;
  }

  /** POST JSON; a refusal (4xx) is a LoginError with the server's reason, anything else a plain Error. */
  private async post(path: string, body: unknown): Promise<z.infer<typeof TokenAnswer>> {
    const res = await this.env.fetch(`${this.env.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data: unknown = await res.json().catch(() => undefined);
    if (res.status >= 400 && res.status < 500) {
      const reason = z.object({ error: z.string() }).safeParse(data);
      throw new LoginError(reason.success ? reason.data.error : `the server refused (${res.status})`);
    }
    const parsed = TokenAnswer.safeParse(data);
    if (!res.ok || !parsed.success) throw new Error(`the server answered ${path} with ${res.status} and no usable session`);
    return parsed.data;
  }
}

function readJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
