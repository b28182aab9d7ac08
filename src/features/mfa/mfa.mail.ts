import type { EmailPayload } from '../../platform/outbox/outbox.types.js';

const TEXT = {
  ja: {
    subject: '[Renraku] 二要素認証がリセットされました',
    body: (url: string) =>
      '所属機関の確認を経て、あなたの Renraku アカウントの二要素認証（認証アプリ、回復コード、パスキー）がリセットされ、' +
      'すべてのログインが終了しました。\n\n' +
      `次回ログインすると、パスワードの後に新しい二要素認証を設定できます。\n${url}\n\n` +
      'この操作に心当たりがない場合は、すぐに所属機関のセキュリティ担当者に連絡してください。',
  },
  en: {
    subject: '[Renraku] Your second factors were reset',
    body: (url: string) =>
      "With your body's confirmation, the second factors of your Renraku account (authenticator app, recovery " +
      'codes, passkeys) were reset, and every session of it ended.\n\n' +
      `When you next log in, you set up a new second factor after your password.\n${url}\n\n` +
      "If you did not expect this, tell your body's security officer at once.",
  },
} as const;

/** Tells a user that its second factors were reset; it carries no link that acts, only where to log in. */
export function mfaResetMail(args: {
  to: string;
  id: string;
  loginUrl: string;
  locale: 'ja' | 'en';
}): EmailPayload {
  const t = TEXT[args.locale];
  return {
    to: args.to,
    subject: t.subject,
    text: t.body(args.loginUrl),
    messageId: `<mfa-reset.${args.id}@renraku>`,
  };
}
