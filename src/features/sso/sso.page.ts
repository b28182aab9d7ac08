import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../platform/errors.js';
import { problem } from '../../platform/http/problem.js';

// A browser that comes back from its identity provider lands on an API route, not in the app: a refusal is
// shown to it as a page of its own (Japanese, then English), with its code and a way back to the log-in. No
// script and no style (the Content-Security-Policy allows no inline ones, and this page needs none).

const SAY: Record<string, { ja: string; en: string }> = {
  'sso.unknown_provider': {
    ja: 'このIDプロバイダーは使われていません。',
    en: 'This identity provider is not in use.',
  },
  'sso.invalid_return_to': {
    ja: 'ログイン後の戻り先が、このアプリケーションの中ではありません。',
    en: 'The page to return to after logging in is not part of this application.',
  },
  'sso.invalid_state': {
    ja: 'このログインは、このブラウザーで始めたものではないか、すでに使われたか、時間がかかりすぎました。もう一度ログインしてください。',
    en: 'This log-in was not started in this browser, was already used, or took too long. Please log in again.',
  },
  'sso.provider_error': {
    ja: 'IDプロバイダーでログインできませんでした。',
    en: 'The identity provider did not log you in.',
  },
  'sso.code_rejected': {
    ja: 'IDプロバイダーが認可コードを受け付けませんでした。もう一度ログインしてください。',
    en: 'The identity provider refused the authorization code. Please log in again.',
  },
  'sso.id_token_invalid': {
    ja: 'IDプロバイダーからの身元情報（IDトークン）が、このログインのものとして正しくありません。',
    en: 'The identity token from the provider is not valid for this log-in.',
  },
  'sso.provider_failed': {
    ja: 'IDプロバイダーに接続できないか、正しい応答がありませんでした。しばらくしてから、もう一度お試しください。',
    en: 'The identity provider could not be reached or answered wrongly. Please try again later.',
  },
  'sso.claims_invalid': {
    ja: 'IDプロバイダーから必要な情報（メールアドレスなど）が届きませんでした。',
    en: 'The identity provider did not send what is needed (such as an e-mail address).',
  },
  'sso.no_mapping': {
    ja: 'IDプロバイダーでのグループが、Renraku のどのロールにも割り当てられていません。所属機関のセキュリティ担当者にお問い合わせください。',
    en: 'Your groups at the identity provider give no role in Renraku. Please ask your security officer.',
  },
  'sso.ambiguous_mapping': {
    ja: 'IDプロバイダーでのグループが、複数の機関、または両立しない複数のロールに割り当てられています。所属機関のセキュリティ担当者にお問い合わせください。',
    en: 'Your groups give roles in several bodies, or roles that do not include one another. Please ask your security officer.',
  },
  'sso.not_provisioned': {
    ja: 'この身元に結び付いた Renraku のアカウントがありません。所属機関のセキュリティ担当者にお問い合わせください。',
    en: 'No Renraku account is linked to this identity. Please ask your security officer.',
  },
  'sso.email_in_use': {
    ja: 'このメールアドレスの Renraku アカウントがありますが、この身元とは結び付いていません。そのアカウントでログインしてから連携するか、セキュリティ担当者にお問い合わせください。',
    en: 'A Renraku account with this e-mail exists but is not linked to this identity. Log in with it and link the provider, or ask your security officer.',
  },
  'sso.user_disabled': {
    ja: 'この Renraku アカウントは無効にされています。',
    en: 'This Renraku account is disabled.',
  },
  'sso.body_mismatch': {
    ja: 'このIDプロバイダーでは、このアカウントの所属機関の人はログインできません。',
    en: 'This identity provider does not log in people of the body this account belongs to.',
  },
  'sso.identity_taken': {
    ja: 'この身元は、すでに別の Renraku アカウントに結び付いています。',
    en: 'This identity is already linked to another Renraku account.',
  },
};

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The refusal page: what happened in both languages, the stable code, and the way back to the log-in. */
export function refusalPage(code: string): string {
  const say = SAY[code] ?? { ja: 'ログインできませんでした。', en: 'You could not be logged in.' };
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>ログインできませんでした / Not logged in — Renraku</title>
</head>
<body>
<main>
<h1>ログインできませんでした <span lang="en">/ Not logged in</span></h1>
<p>${html(say.ja)}</p>
<p lang="en">${html(say.en)}</p>
<p>コード <span lang="en">/ Code</span>: <code id="problem-code">${html(code)}</code></p>
<p><a href="/">ログイン画面に戻る <span lang="en">/ Back to the log-in</span></a></p>
</main>
</body>
</html>
`;
}

/**
 * Answers a refusal: a page for a browser that navigated here, problem details (the same status and code) for
 * an API client.
 */
export function sendRefusal(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  reply.status(error.status).header('cache-control', 'no-store');
  const accept = request.headers.accept ?? '';
  if (/\btext\/html\b/.test(accept))
    return reply
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(refusalPage(error.code));
  return reply
    .type('application/problem+json')
    .send({ ...problem(error.status, error.code, error.message), ...error.detail });
}
