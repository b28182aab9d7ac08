import type { FastifyInstance, FastifyReply } from 'fastify';
import { inTransaction } from '../../platform/db/transaction.js';
import { isAppError } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { orgsRepository } from '../orgs/orgs.repository.js';
import { acknowledgeByLink, notificationOfToken } from './notifications.ack.js';
import { formatTime, kindLabel } from './notifications.render.js';
import type { NotificationRow } from './notifications.repository.js';
import type { NotifiedEvent } from './notifications.rules.js';
import { TokenParams } from './notifications.schemas.js';

type Locale = 'ja' | 'en';
const htmlText = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TEXT = {
  ja: {
    title: '受領の確認',
    ask: 'この通知を受け取ったことを確認します。下のボタンを押すまで、確認は記録されません。',
    button: '受領を確認する',
    done: '受領を確認しました。この通知の連絡はここで止まります。',
    used: 'このリンクは使用済みです。この通知はすでに確認されています。',
    unknown: 'このリンクは無効です。',
    kind: '種別',
    org: '機関',
    time: '日時',
  },
  en: {
    title: 'Acknowledge',
    ask: 'Confirm that you received this alert. Nothing is recorded until you press the button below.',
    button: 'Acknowledge',
    done: 'Acknowledged. Nobody else will be alerted about this.',
    used: 'This link has been used: the alert is acknowledged already.',
    unknown: 'This link is not valid.',
    kind: 'Kind',
    org: 'Body',
    time: 'Time',
  },
} as const;

// No inline script or style: the app's Content-Security-Policy allows neither, and this page needs none.
function page(lang: Locale | 'both', title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'ja'}">
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

function send(reply: FastifyReply, status: number, html: string) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .type('text/html; charset=utf-8')
    .send(html);
}

const unknown = () =>
  page(
    'both',
    `${TEXT.ja.title} / ${TEXT.en.title}`,
    `<p>${TEXT.ja.unknown}</p>\n<p lang="en">${TEXT.en.unknown}</p>`,
  );

/**
 * The one-time acknowledgment link of an e-mail. GET only shows what is acknowledged and a button (mail
 * scanners follow links); POST acknowledges. A used link is refused.
 */
export function ackLinkRoutes(app: FastifyInstance, services: Services): void {
  const { handle, notificationDeps: deps } = services;
  const config = { anonymous: true, rateLimit: { max: 30, timeWindow: 60_000 } };
  const schema = { tags: ['notifications'], params: TokenParams };

  async function facts(n: NotificationRow, locale: Locale) {
    const [orgs, contact] = await Promise.all([
      orgsRepository.byIds(handle.db, [n.alert_org_id]),
      handle.db.selectFrom('contacts').select('time_zone').where('id', '=', n.contact_id).executeTakeFirst(),
    ]);
    const org = orgs.get(n.alert_org_id);
    const t = TEXT[locale];
    const time = formatTime(new Date(n.created_at), {
      locale,
      timeZone: contact?.time_zone || deps.timeZone,
    });
    const rows: [string, string][] = [
      [t.kind, kindLabel(n.event as NotifiedEvent | 'alert.unacknowledged', locale)],
      [t.org, org ? (locale === 'ja' ? org.name_ja : org.name_en) : ''],
      [t.time, time],
      ['TLP', (n.tlp ?? '').replace(/^TLP:/, '')],
    ];
    return `<dl>\n${rows.map(([k, v]) => `<dt>${htmlText(k)}</dt><dd>${htmlText(v)}</dd>`).join('\n')}\n</dl>`;
  }

  // A scope of its own: only this form's body (empty, urlencoded) is accepted here, nowhere else in the API.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, _body, done) => done(null, {}),
    );

    scope.get(
      '/api/v1/notifications/ack/:token',
      {
        config,
        schema: { ...schema, summary: 'The page of a one-time acknowledgment link (acknowledges nothing)' },
      },
      async (request, reply) => {
        const { token } = request.params as { token: string };
        const n = await notificationOfToken(handle.db, token);
        if (!n) return send(reply, 404, unknown());
        const locale: Locale = n.locale === 'en' ? 'en' : 'ja';
        const t = TEXT[locale];
        if (n.acknowledged_at)
          return send(reply, 410, page(locale, t.title, `<p>${t.used}</p>\n${await facts(n, locale)}`));
        const form = `<form method="post">\n<button type="submit">${t.button}</button>\n</form>`;
        return send(reply, 200, page(locale, t.title, `<p>${t.ask}</p>\n${await facts(n, locale)}\n${form}`));
      },
    );

    scope.post(
      '/api/v1/notifications/ack/:token',
      { config, schema: { ...schema, summary: 'Acknowledge through a one-time link (single use)' } },
      async (request, reply) => {
        const { token } = request.params as { token: string };
        const outcome = await inTransaction(handle, async (unit) => {
          const n = await notificationOfToken(unit.tx, token);
          if (!n) return { status: 404 as const };
          try {
            return { status: 200 as const, n: await acknowledgeByLink(unit, deps, n) };
          } catch (e) {
            if (isAppError(e) && e.code === 'notifications.already_acknowledged')
              return { status: 410 as const, n };
            throw e;
          }
        });
        if (outcome.status === 404) return send(reply, 404, unknown());
        const locale: Locale = outcome.n.locale === 'en' ? 'en' : 'ja';
        const t = TEXT[locale];
        const message = outcome.status === 200 ? t.done : t.used;
        return send(
          reply,
          outcome.status,
          page(locale, t.title, `<p>${message}</p>\n${await facts(outcome.n, locale)}`),
        );
      },
    );
  });
}
