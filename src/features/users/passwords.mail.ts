import type { EmailPayload } from '../../platform/outbox/outbox.types.js';

const TEXT = {
  ja: {
    subject: '[Renraku] パスワード再設定のご案内',
    body: (link: string, until: string) =>
      `管理者が、あなたの Renraku アカウントのパスワード再設定を依頼しました。\n\n` +
      `次のリンクを開き、新しいパスワードを設定してください（一度だけ使えます。有効期限 ${until} UTC）。\n${link}\n\n` +
      'この依頼に心当たりがない場合は、リンクを開かず、所属機関のセキュリティ担当者に連絡してください。\n' +
      '管理者がこのリンクやあなたのパスワードを見ることはありません。',
  },
  en: {
    subject: '[Renraku] Set a new password',
    body: (link: string, until: string) =>
      'An administrator asked for the password of your Renraku account to be reset.\n\n' +
      `Open this link to set a new password (it works once, until ${until} UTC):\n${link}\n\n` +
      "If you did not expect this, do not open the link, and tell your body's security officer.\n" +
      'The administrator never sees this link nor your password.',
  },
} as const;

/** The e-mail carrying a password reset link, in the user's language; the link appears nowhere else. */
export function resetMail(args: {
  to: string;
  id: string;
  link: string;
  expiresAt: string;
  locale: 'ja' | 'en';
}): EmailPayload {
  const t = TEXT[args.locale];
  return {
    to: args.to,
    subject: t.subject,
    text: t.body(args.link, args.expiresAt.slice(0, 16).replace('T', ' ')),
    messageId: `<password-reset.${args.id}@renraku>`,
  };
}
