import type { FastifyReply } from 'fastify';
import type { TObject, TString } from 'typebox';
import type { DatabaseHandle, Executor } from '../db/database.js';
import { inTransaction, type Unit } from '../db/transaction.js';
import { isAppError } from '../errors.js';
import type { Api } from './api.js';
import { media } from './openapi.js';

export type LinkLocale = 'ja' | 'en';

/** The words of a one-time link's page, in one language. */
export interface LinkPageText {
  title: string;
  ask: string;
  button: string;
  done: string;
  used: string;
  unknown: string;
}

/** What a feature tells about its one-time links (a notification, a communication check's test message). */
export interface OneTimeLink<T> {
  path: string;
  tag: string;
  /** The operationIds of the page (GET) and of the acknowledgment (POST). */
  operations: { page: string; acknowledge: string };
  params: TObject<{ token: TString }>;
  text: Record<LinkLocale, LinkPageText>;
  find(db: Executor, token: string): Promise<T | undefined>;
  localeOf(item: T): LinkLocale;
  isUsed(item: T): boolean;
  /** Label and value rows shown on the page, in the page's language. */
  facts(item: T, locale: LinkLocale): Promise<[string, string][]>;
  acknowledge(unit: Unit, item: T): Promise<T>;
  /** The error code `acknowledge` throws when the link was used meanwhile. */
  usedCode: string;
}

/** Text for an HTML page: every character that could start markup is escaped. */
export const htmlText = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A whole page of a one-time link. No inline script or style: the app's Content-Security-Policy allows
 * neither, and these pages need none. `body` is markup made by the caller with `htmlText` around every value.
 */
export function linkPage(lang: LinkLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${htmlText(title)} — Renraku</title>
</head>
<body>
<main>
<h1>${htmlText(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

const pageMeaning: Record<number, string> = {
  200: 'The page',
  404: 'A page saying the link is unknown',
  410: 'A page saying the link was used or has expired',
  422: 'The page again, saying what to correct',
};

/** The answers of a one-time link's routes: pages, whatever the outcome (a malformed token: problem details). */
export const linkPageResponses = (statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      media('text/html', { type: 'string' }, pageMeaning[status] ?? 'A page', {
        'cache-control': { type: 'string', const: 'no-store' },
      }),
    ]),
  );

/** Sends a one-time link's page: never cached, never indexed, never referred onward. */
export const sendLinkPage = (reply: FastifyReply, status: number, html: string) =>
  reply
    .status(status)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);

const factList = (rows: [string, string][]) =>
  `<dl>\n${rows.map(([k, v]) => `<dt>${htmlText(k)}</dt><dd>${htmlText(v)}</dd>`).join('\n')}\n</dl>`;

/**
 * The routes of a one-time link sent by e-mail. GET only shows what would be acknowledged and a button (mail
 * scanners follow links); POST acknowledges; a used link is refused (410), an unknown one 404. The routes
 * resolve no caller (`anonymous`): a logged-in browser's cookie must not turn the form into a CSRF refusal.
 */
export function oneTimeLinkRoutes<T>(app: Api, handle: DatabaseHandle, link: OneTimeLink<T>): void {
  const config = { anonymous: true, rateLimit: { max: 30, timeWindow: 60_000 } };
  const schema = { tags: [link.tag], security: [], params: link.params };
  const unknown = () =>
    linkPage(
      'ja',
      `${link.text.ja.title} / ${link.text.en.title}`,
      `<p>${link.text.ja.unknown}</p>\n<p lang="en">${link.text.en.unknown}</p>`,
    );
  const shown = async (status: number, item: T, say: keyof LinkPageText, extra = '') => {
    const locale = link.localeOf(item);
    const t = link.text[locale];
    return {
      status,
      html: linkPage(
        locale,
        t.title,
        `<p>${t[say]}</p>\n${factList(await link.facts(item, locale))}${extra}`,
      ),
    };
  };

  // A scope of its own: only this form's body (empty, urlencoded) is accepted here, nowhere else in the API.
  void app.register(async (scope: Api) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, _body, done) => done(null, {}),
    );

    scope.get(
      link.path,
      {
        config,
        schema: {
          ...schema,
          operationId: link.operations.page,
          summary: 'The page of a one-time acknowledgment link (acknowledges nothing)',
          response: linkPageResponses([200, 404, 410]),
        },
      },
      async (request, reply) => {
        const { token } = request.params;
        const item = await link.find(handle.db, token);
        if (!item) return sendLinkPage(reply, 404, unknown());
        const button = link.text[link.localeOf(item)].button;
        const form = `\n<form method="post">\n<button type="submit">${htmlText(button)}</button>\n</form>`;
        const out = link.isUsed(item) ? await shown(410, item, 'used') : await shown(200, item, 'ask', form);
        return sendLinkPage(reply, out.status, out.html);
      },
    );

    scope.post(
      link.path,
      {
        config,
        schema: {
          ...schema,
          operationId: link.operations.acknowledge,
          summary: 'Acknowledge through a one-time link (single use)',
          response: linkPageResponses([200, 404, 410]),
        },
      },
      async (request, reply) => {
        const { token } = request.params;
        const outcome = await inTransaction(handle, async (unit) => {
          const item = await link.find(unit.tx, token);
          if (!item) return null;
          try {
            return { used: false, item: await link.acknowledge(unit, item) };
          } catch (e) {
            if (isAppError(e) && e.code === link.usedCode) return { used: true, item };
            throw e;
          }
        });
        if (!outcome) return sendLinkPage(reply, 404, unknown());
        const out = await shown(outcome.used ? 410 : 200, outcome.item, outcome.used ? 'used' : 'done');
        return sendLinkPage(reply, out.status, out.html);
      },
    );
  });
}
