// A cookie-keeping HTTP client over real sockets, for flows that cross servers (Renraku and an identity
// provider) as a browser would: cookies per host and path, redirects followed one by one when asked.

interface Cookie {
  name: string;
  value: string;
  host: string;
  path: string;
}

export interface Answer {
  status: number;
  url: string;
  location: string | null;
  headers: Headers;
  text: string;
}

export class Walker {
  private cookies: Cookie[] = [];

  /** The value of a cookie this client holds for a host, if any. */
  cookie(host: string, name: string): string | undefined {
    return this.cookies.find((c) => c.host === host && c.name === name)?.value;
  }

  /** Forgets the cookies whose names match (as another browser would not have them), or all of them. */
  forget(name?: RegExp): void {
    this.cookies = name === undefined ? [] : this.cookies.filter((c) => !name.test(c.name));
  }

  private cookieHeader(url: URL): string {
    return this.cookies
      .filter((c) => c.host === url.hostname && url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private keep(url: URL, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const pathAttr = attributes.find((a) => /^path=/i.test(a));
      const path = pathAttr ? pathAttr.slice(5) : '/';
      const expired =
        attributes.some((a) => /^max-age=0$/i.test(a)) ||
        attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()) ||
        value === '';
      this.cookies = this.cookies.filter(
        (c) => !(c.name === name && c.host === url.hostname && c.path === path),
      );
      if (!expired) this.cookies.push({ name, value, host: url.hostname, path });
    }
  }

  /** One request, redirects not followed. */
  async request(
    method: 'GET' | 'POST',
    url: string,
    options: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(target, {
      method,
      headers,
      redirect: 'manual',
      ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
    this.keep(target, response.headers);
    const location = response.headers.get('location');
    return {
      status: response.status,
      url: target.href,
      location: location === null ? null : new URL(location, target).href,
      headers: response.headers,
      text: await response.text(),
    };
  }

  get(url: string, headers?: Record<string, string>): Promise<Answer> {
    return this.request('GET', url, headers ? { headers } : {});
  }

  /** Follows redirects from `url` until one leads where `stop` says (not requested) or none is left. */
  async follow(
    url: string,
    stop: (next: string) => boolean = () => false,
  ): Promise<{ last: Answer; next: string | null }> {
    let answer = await this.get(url);
    for (let hops = 0; hops < 10; hops++) {
      const next = answer.location;
      if (!next || answer.status < 300 || answer.status >= 400) return { last: answer, next: null };
      if (stop(next)) return { last: answer, next };
      answer = await this.get(next);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}
