import { createTransport, type Transporter } from 'nodemailer';
import type { EmailSender, SendResult } from './outbox.types.js';

// Bounds on a silent or stalled server, well inside the outbox's claim on an item (see OutboxTiming.claimMs).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * E-mail over SMTP with nodemailer, through a small pool of connections. Without a URL it is not configured
 * and the outbox leaves e-mail queued. A 5xx answer to the recipient or the message is permanent; no answer,
 * a 4xx or a server-wide problem (login refused, TLS) is retried by the outbox.
 */
export function createEmailSender(options: { smtpUrl: string | undefined; from: string }): EmailSender {
  const { smtpUrl, from } = options;
  let transport: Transporter | undefined;
  // Opened at the first send: a CLI command that never sends opens nothing.
  const open = (url: string) => {
    transport ??= createTransport({
      url,
      pool: true,
      maxConnections: 5,
      // The outbox owns retries (with backoff, recorded on the item), not the pool.
      maxRequeues: 0,
      ...TIMEOUTS,
    });
    return transport;
  };
  return {
    configured: smtpUrl !== undefined,
    async send(payload, signal): Promise<SendResult> {
      if (!smtpUrl) return { ok: false, permanent: false, error: 'RENRAKU_SMTP_URL is not set' };
      try {
        await open(smtpUrl).sendMail({
          from,
          to: payload.to,
          subject: payload.subject,
          text: payload.text,
          messageId: /^<.*>$/.test(payload.messageId) ? payload.messageId : `<${payload.messageId}>`,
          headers: payload.headers ?? {},
          signal,
        });
        return { ok: true };
      } catch (e) {
        return { ok: false, permanent: isPermanent(e), error: describe(e) };
      }
    },
    async close() {
      transport?.close();
      transport = undefined;
    },
  };
}

/**
 * A 5xx refusal of this recipient or this message (RCPT TO, DATA), or nodemailer's own refusal of a recipient
 * address or an oversized message. A refusal of the sender (MAIL FROM), of the login or of TLS is the same for
 * every message, a matter of configuration: retried, so that e-mail goes out once it is fixed.
 */
function isPermanent(e: unknown): boolean {
  const err = e as {
    code?: string;
    command?: string;
    message?: string;
    responseCode?: number;
    permanent?: boolean;
  };
  const refused = typeof err.responseCode === 'number' && err.responseCode >= 500 && err.permanent !== false;
  if (err.code === 'EMESSAGE') return refused || err.responseCode === undefined;
  if (err.code !== 'EENVELOPE') return false;
  if (err.command === 'API') return /recipient/i.test(err.message ?? '');
  return (err.command === 'RCPT TO' || err.command === 'DATA') && refused;
}

function describe(e: unknown): string {
  const err = e as { message?: string; code?: string; originalCode?: string };
  const code = [err.code, err.originalCode].filter(Boolean).join('/');
  return `${code ? `${code}: ` : ''}${err.message ?? String(e)}`.slice(0, 1000);
}
