import { Type } from 'typebox';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { isAppError } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import {
  htmlText,
  type LinkLocale,
  linkPage,
  linkPageResponses,
  sendLinkPage,
} from '../../platform/http/one-time-link.js';
import { MIN_PASSWORD } from './passwords.strength.js';
import type { PasswordDeps } from './passwords.usecases.js';
import { completePasswordReset, type ResetLink, resetOfToken } from './passwords.usecases.js';

const TEXT = {
  ja: {
    title: 'パスワードの再設定',
    ask: '新しいパスワードを設定してください。設定すると、このアカウントのすべてのログインが終了します。',
    password: '新しいパスワード',
    hint: `${MIN_PASSWORD}文字以上。メールアドレス、氏名、所属機関の名前や、よく使われる語の組み合わせは使えません。`,
    confirm: '新しいパスワード（確認）',
    button: 'パスワードを設定する',
    mismatch: '確認のパスワードが一致しません。',
    weak: 'このパスワードは推測されやすいため使えません。',
    done: 'パスワードを設定しました。新しいパスワードでログインしてください。',
    login: 'ログイン画面へ',
    used: 'このリンクは使用済みです。',
    expired: 'このリンクは有効期限が切れたか、無効になりました。管理者に新しいリンクを依頼してください。',
    unknown: 'このリンクは無効です。',
  },
  en: {
    title: 'Set a new password',
    ask: 'Choose a new password. Setting it ends every session of this account.',
    password: 'New password',
    hint: `At least ${MIN_PASSWORD} characters. Not your e-mail, name or body, nor common words put together.`,
    confirm: 'New password (again)',
    button: 'Set the password',
    mismatch: 'The two passwords are not the same.',
    weak: 'This password is too easy to guess; choose another.',
    done: 'Your password is set. Log in with it.',
    login: 'Go to log-in',
    used: 'This link has been used.',
    expired: 'This link has expired or is no longer valid. Ask an administrator for a new one.',
    unknown: 'This link is not valid.',
  },
} as const;

const Params = Type.Object({
  token: Type.String({ minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }),
});

const form = (t: (typeof TEXT)[LinkLocale], problems: string[] = []) => {
  const errors = problems.map((p) => `<li>${htmlText(p)}</li>`).join('');
  return [
    `<p>${htmlText(t.ask)}</p>`,
    errors ? `<ul role="alert" id="problems">${errors}</ul>` : '',
    '<form method="post">',
    `<p><label for="password">${htmlText(t.password)}</label><br>`,
    `<input id="password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD}" maxlength="1024" aria-describedby="hint${errors ? ' problems' : ''}"></p>`,
    `<p id="hint">${htmlText(t.hint)}</p>`,
    `<p><label for="confirm">${htmlText(t.confirm)}</label><br>`,
    '<input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="1024"></p>',
    `<p><button type="submit">${htmlText(t.button)}</button></p>`,
    '</form>',
  ].join('\n');
};

/** A field of the urlencoded form ('' when absent): the form has no schema, its page answers every mistake. */
const formField = (body: unknown, name: string): string => {
  const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
  return typeof value === 'string' ? value : '';
};

const unknownPage = () =>
  linkPage(
    'ja',
    `${TEXT.ja.title} / ${TEXT.en.title}`,
    `<p>${TEXT.ja.unknown}</p>\n<p lang="en">${TEXT.en.unknown}</p>`,
  );

const closed = (reset: ResetLink) => {
  const t = TEXT[reset.locale];
  return linkPage(reset.locale, t.title, `<p>${htmlText(reset.state === 'used' ? t.used : t.expired)}</p>`);
};

/** What the password reset link uses. */
export interface PasswordLinkDeps {
  handle: DatabaseHandle;
  clock: Clock;
  passwordDeps: PasswordDeps;
}

/**
 * The password reset link's page: GET only shows the form (mail scanners follow links), POST sets the password
 * once. No caller is resolved (`anonymous`): the link is the capability; a logged-in browser's cookie plays no
 * part. The form is plain HTML, under the app's Content-Security-Policy.
 */
export function passwordResetLinkRoutes(
  app: Api,
  { handle, clock, passwordDeps: deps }: PasswordLinkDeps,
): void {
  const config = { anonymous: true, rateLimit: { max: 30, timeWindow: 60_000 } };

  void app.register(async (scope: Api) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    scope.get(
      '/api/v1/password-reset/:token',
      {
        config,
        schema: {
          operationId: 'showPasswordResetPage',
          tags: ['users'],
          security: [],
          params: Params,
          summary: 'The page of a password reset link',
          response: linkPageResponses([200, 404, 410]),
        },
      },
      async (request, reply) => {
        const { token } = request.params;
        const reset = await resetOfToken(handle.db, token, clock.now());
        if (!reset) return sendLinkPage(reply, 404, unknownPage());
        if (reset.state !== 'open') return sendLinkPage(reply, 410, closed(reset));
        const t = TEXT[reset.locale];
        return sendLinkPage(reply, 200, linkPage(reset.locale, t.title, form(t)));
      },
    );

    scope.post(
      '/api/v1/password-reset/:token',
      {
        config,
        schema: {
          operationId: 'resetPassword',
          tags: ['users'],
          security: [],
          params: Params,
          summary: 'Set the password of a reset link (once)',
          response: linkPageResponses([200, 404, 410, 422]),
        },
      },
      async (request, reply) => {
        const { token } = request.params;
        const reset = await resetOfToken(handle.db, token, clock.now());
        if (!reset) return sendLinkPage(reply, 404, unknownPage());
        if (reset.state !== 'open') return sendLinkPage(reply, 410, closed(reset));
        const t = TEXT[reset.locale];
        const password = formField(request.body, 'password');
        const again = formField(request.body, 'confirm');
        if (password.length > 1024 || password !== again)
          return sendLinkPage(reply, 422, linkPage(reset.locale, t.title, form(t, [t.mismatch])));
        try {
          if (!(await completePasswordReset({ handle, reset, newPassword: password, deps })))
            return sendLinkPage(reply, 410, closed({ ...reset, state: 'used' }));
        } catch (e) {
          if (!isAppError(e) || e.code !== 'users.weak_password') throw e;
          const feedback = e.detail?.feedback as
            | { warning: string | null; suggestions: string[] }
            | undefined;
          const first = e.detail?.reason === 'too_short' ? t.hint : t.weak;
          const problems = [
            first,
            ...(feedback?.warning ? [feedback.warning] : []),
            ...(feedback?.suggestions ?? []),
          ];
          return sendLinkPage(reply, 422, linkPage(reset.locale, t.title, form(t, problems)));
        }
        return sendLinkPage(
          reply,
          200,
          linkPage(
            reset.locale,
            t.title,
            `<p>${htmlText(t.done)}</p>\n<p><a href="/">${htmlText(t.login)}</a></p>`,
          ),
        );
      },
    );
  });
}
