import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * A browser as the API sees it, for API tests: keeps its cookies (the session's, the device's) as Set-Cookie
 * leaves them, sends the CSRF token it was last given on every change, and comes from one client address.
 */
export class BrowserClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    readonly address = '127.0.0.1',
    readonly userAgent = 'Mozilla/5.0 (test browser)',
  ) {}

  async request(opts: InjectOptions & { csrf?: string | null }): Promise<LightMyRequestResponse> {
    const { csrf, ...rest } = opts;
    const method = (rest.method ?? 'GET').toUpperCase();
    const token = csrf === undefined ? this.csrfToken : csrf;
    const res = await this.app.inject({
      ...rest,
      remoteAddress: this.address,
      headers: {
        'user-agent': this.userAgent,
        ...(this.cookies.size > 0
          ? { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
          : {}),
        ...(method !== 'GET' && method !== 'HEAD' && token ? { 'x-csrf-token': token } : {}),
        ...(rest.headers ?? {}),
      },
    } as InjectOptions);
    for (const c of res.cookies) {
      // Cleared cookies expire in 1970; others by the server's (fixed) clock, which is not this machine's.
      const gone = c.value === '' || (c.expires instanceof Date && c.expires.getTime() < 86_400_000);
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const body = safeJson(res);
    if (body && typeof body.csrfToken === 'string') this.csrfToken = body.csrfToken;
    if (body?.session && typeof body.session === 'object') {
      const renewed = body.session as { csrfToken?: unknown };
      if (typeof renewed.csrfToken === 'string') this.csrfToken = renewed.csrfToken;
    }
    return res;
  }

  get session(): string | undefined {
    return this.cookies.get('renraku_session');
  }

  logIn(email: string, password: string) {
    return this.request({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  }
}

function safeJson(res: LightMyRequestResponse): Record<string, unknown> | null {
  if (!/json/.test(String(res.headers['content-type'] ?? ''))) return null;
  try {
    return res.json() as Record<string, unknown>;
  } catch {
    return null;
  }
}
