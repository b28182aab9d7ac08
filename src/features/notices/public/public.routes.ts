import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { changesOf } from '../../../platform/db/changes.js';
import type { DatabaseHandle } from '../../../platform/db/database.js';
import type { Api } from '../../../platform/http/api.js';
import { media } from '../../../platform/http/openapi.js';
import { annualReads, PUBLIC_ANNUAL_CHANGED } from '../../annual/annual.reads.js';
import { PUBLIC_NOTICES_CHANGED } from '../notices.repository.js';
import { atomFeed, jsonFeed } from './public.feeds.js';
import { bodyPage, indexPage, missingPage, noticePage, PUBLIC_CSS } from './public.html.js';
import { type PublicNotice, publicNotice, publicNotices } from './public.model.js';

/** What the public site uses: the database, the site's origin for feed links, the time zone of its dates. */
export interface PublicRoutesDeps {
  handle: DatabaseHandle;
  /** The external origin (RENRAKU_PUBLIC_URL), without a trailing slash. */
  base: string;
  timeZone: string;
}

/**
 * What the public pages and feeds may load: their own style sheet, nothing else — no script at all, no frame, no
 * form. Stricter than the web app's policy, which the pages replace.
 */
export const PUBLIC_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CACHE_CONTROL = 'public, max-age=60';
const EPOCH = '1970-01-01T00:00:00.000Z';
const tags = ['public'];

interface Page {
  status: 200 | 404;
  type: string;
  body: string;
  etag: string;
  lastModified: string;
}

const pageHeaders = {
  etag: { type: 'string', description: 'The answer’s entity tag: send it back in If-None-Match' },
  'last-modified': { type: 'string', description: 'When what the answer shows last changed' },
  'cache-control': { type: 'string', description: `${CACHE_CONTROL}: anyone may keep it a minute` },
  'content-security-policy': { type: 'string', description: PUBLIC_CSP },
};
const html = (description: string) => media('text/html', { type: 'string' }, description, pageHeaders);
const notModified = { description: 'Not modified since the entity tag or date sent', type: 'null' };
const missing = media(
  'text/html',
  { type: 'string' },
  'Nothing published by that name (the same page for all)',
  {
    'content-security-policy': pageHeaders['content-security-policy'],
  },
);
// No session is read, and no cookie parsed into a caller: anybody, logged in or not, gets the same bytes.
const open = { anonymous: true } as const;

/**
 * Renraku's public site (公表情報): every body's published notices, each body's page, each notice with its versions,
 * and the Atom and JSON feeds — server-rendered, without logging in, cached in memory until a notice is published
 * or withdrawn (on any node: see changes.ts), with entity tags and dates for every cache on the way.
 */
export function publicRoutes(app: Api, deps: PublicRoutesDeps): void {
  const { handle } = deps;
  const changes = changesOf(handle);
  const cache = new Map<string, Page>();
  changes.on(PUBLIC_NOTICES_CHANGED, () => cache.clear());
  // The index links the annual report summaries too.
  changes.on(PUBLIC_ANNUAL_CHANGED, () => cache.clear());
  const f = { timeZone: deps.timeZone };

  const newest = (notices: readonly PublicNotice[]) => notices[0]?.updatedAt ?? EPOCH;
  const made = (type: string, body: string, updated: string, status: 200 | 404 = 200): Page => ({
    status,
    type,
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    lastModified: new Date(updated).toUTCString(),
  });

  /** The page of `key`, kept while no notice is published or withdrawn; a 404 is never kept. */
  async function cached(key: string, build: () => Promise<Page>): Promise<Page> {
    const trusted = changes.trusted();
    const kept = trusted ? cache.get(key) : undefined;
    if (kept) return kept;
    const page = await build();
    if (trusted && page.status === 200) cache.set(key, page);
    return page;
  }

  function send(request: FastifyRequest, reply: FastifyReply, page: Page) {
    reply.header('content-security-policy', PUBLIC_CSP).header('x-content-type-options', 'nosniff');
    if (page.status === 404)
      return reply.status(404).header('cache-control', 'no-store').type(page.type).send(page.body);
    reply
      .header('etag', page.etag)
      .header('last-modified', page.lastModified)
      .header('cache-control', CACHE_CONTROL);
    if (fresh(request, page)) return reply.status(304).send();
    return reply.status(200).type(page.type).send(page.body);
  }

  const notFound = made('text/html; charset=utf-8', missingPage(), EPOCH, 404);

  app.get(
    '/public',
    {
      config: open,
      schema: {
        operationId: 'getPublicIndex',
        tags,
        summary: 'Every body’s published notices, newest first (HTML, no log-in)',
        security: [],
        response: { 200: html('The list'), 304: notModified },
      },
    },
    async (request, reply) => {
      const page = await cached('index', async () => {
        const notices = await publicNotices(handle.db);
        const annual = await annualReads.publicSummaries(handle.db);
        const updated = [newest(notices), ...annual.map((a) => a.withdrawnAt ?? a.publishedAt)].sort().at(-1);
        return made('text/html; charset=utf-8', indexPage(notices, f, annual), updated ?? EPOCH);
      });
      return send(request, reply, page);
    },
  );

  app.get(
    '/public/bodies/:slug',
    {
      config: open,
      schema: {
        operationId: 'getPublicBody',
        tags,
        summary: 'One body’s published notices (HTML, no log-in); 404 for a body that has published none',
        security: [],
        params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: html('The body’s page'), 304: notModified, 404: missing },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const page = await cached(`body:${slug}`, async () => {
        const notices = (await publicNotices(handle.db)).filter((n) => n.body.slug === slug);
        const first = notices[0];
        if (!first) return notFound;
        return made('text/html; charset=utf-8', bodyPage(first.body, notices, f), newest(notices));
      });
      return send(request, reply, page);
    },
  );

  app.get(
    '/public/notices/:id',
    {
      config: open,
      schema: {
        operationId: 'getPublicNotice',
        tags,
        summary:
          'A published notice with its versions and corrections, or a withdrawn one’s dated tombstone (HTML, no log-in); 404 for anything never published',
        security: [],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: html('The notice'), 304: notModified, 404: missing },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const page = await cached(`notice:${id}`, async () => {
        const n = await publicNotice(handle.db, id);
        return n ? made('text/html; charset=utf-8', noticePage(n, f), n.updatedAt) : notFound;
      });
      return send(request, reply, page);
    },
  );

  app.get(
    '/public/feed.atom',
    {
      config: open,
      schema: {
        operationId: 'getPublicAtomFeed',
        tags,
        summary: 'The published notices as an Atom feed (RFC 4287)',
        security: [],
        response: {
          200: media('application/atom+xml', { type: 'string' }, 'The feed', pageHeaders),
          304: notModified,
        },
      },
    },
    async (request, reply) => {
      const page = await cached('atom', async () => {
        const notices = await publicNotices(handle.db);
        const updated = newest(notices);
        return made('application/atom+xml; charset=utf-8', atomFeed(notices, deps.base, updated), updated);
      });
      return send(request, reply, page);
    },
  );

  app.get(
    '/public/feed.json',
    {
      config: open,
      schema: {
        operationId: 'getPublicJsonFeed',
        tags,
        summary: 'The published notices as a JSON Feed (version 1.1)',
        security: [],
        response: {
          200: media(
            'application/feed+json',
            { type: 'object', additionalProperties: true },
            'The feed',
            pageHeaders,
          ),
          304: notModified,
        },
      },
    },
    async (request, reply) => {
      const page = await cached('json', async () => {
        const notices = await publicNotices(handle.db);
        return made('application/feed+json; charset=utf-8', jsonFeed(notices, deps.base), newest(notices));
      });
      return send(request, reply, page);
    },
  );

  const css = made('text/css; charset=utf-8', PUBLIC_CSS, EPOCH);
  app.get(
    '/public/style.css',
    {
      config: open,
      schema: {
        operationId: 'getPublicStyle',
        tags,
        summary: 'The public site’s style sheet',
        security: [],
        response: {
          200: media('text/css', { type: 'string' }, 'The style sheet', pageHeaders),
          304: notModified,
        },
      },
    },
    async (request, reply) => send(request, reply, css),
  );
}

/** Whether the client's copy is the page (If-None-Match first, else If-Modified-Since). */
export function fresh(request: FastifyRequest, page: { etag: string; lastModified: string }): boolean {
  const tags = request.headers['if-none-match'];
  if (typeof tags === 'string')
    return tags
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === page.etag || t === '*');
  const since = request.headers['if-modified-since'];
  if (typeof since !== 'string') return false;
  const at = Date.parse(since);
  return !Number.isNaN(at) && Date.parse(page.lastModified) <= at;
}
