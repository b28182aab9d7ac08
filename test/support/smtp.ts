import { SMTPServer } from 'smtp-server';
import { freePort } from './throwaway-postgres.js';

export interface Receipt {
  /** The Message-ID header, as a receiver deduplicating by it reads it. */
  messageId: string | undefined;
  /** RCPT TO of the transaction. */
  to: string[];
  raw: Buffer;
}

/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it accepts, raw: `receipts` counts
 * repeats too. It can answer slowly, refuse recipients with a code, stop listening and come back on the same
 * port. A message counts as received once its data is in, before the (possibly slow) answer: a sender killed
 * while waiting for that answer has still handed it over, as with a real MTA.
 */
export async function startSmtpReceiver(
  options: { delayMs?: number; refuse?: (address: string) => number | undefined; listening?: boolean } = {},
) {
  const port = await freePort();
  const receipts: Receipt[] = [];
  let server: SMTPServer | undefined;

  async function listen() {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onRcptTo(address, _session, callback) {
        const code = options.refuse?.(address.address);
        if (!code) return callback();
        const error = Object.assign(new Error(code >= 500 ? 'No such mailbox' : 'Mailbox busy'), {
          responseCode: code,
        });
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const head = raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
          receipts.push({
            messageId: /^Message-ID:\s*(<[^>\r\n]*>)/im.exec(head)?.[1],
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          });
          setTimeout(() => callback(), options.delayMs ?? 0);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    s.on('error', () => {});
    server = s;
  }

  async function close() {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  if (options.listening !== false) await listen();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    receipts,
    listen,
    close,
    /** Message-IDs received, each once. */
    distinct: () => new Set(receipts.map((r) => r.messageId)),
  };
}

export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;

/** Waits until `check` holds, polling; fails after `ms`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
