// Phase n's SMTP server: a real smtp-server on loopback in the bench process, which notes the moment each
// message is accepted (its data in, the 250 answer about to go) on the same clock as the HTTP client's.
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One accepted message: when, to whom, and its raw text (parsed only when asked, off the clock). */
export interface Accepted {
  at: number;
  to: string[];
  raw: Buffer;
}

/** Starts the receiver on a free loopback port; `onAccepted` sees each message as it is accepted. */
export async function startMailbox(onAccepted: (m: Accepted) => void = () => {}) {
  const accepted: Accepted[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 50,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const m = {
          at: performance.now(),
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        };
        accepted.push(m);
        callback();
        onAccepted(m);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {});
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('the SMTP server has no TCP address');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Mailbox = Awaited<ReturnType<typeof startMailbox>>;

/**
 * The path of the web app's link in a notification (`Details: …/incidents/ID`, or a share's or a situation's),
 * decoded from the message.
 */
export async function linkOf(m: Accepted): Promise<string | undefined> {
  const mail = await simpleParser(m.raw);
  return /https?:\/\/[^/\s]+(\/(?:incidents|shares|situations)\/[^\s]+)/.exec(mail.text ?? '')?.[1];
}
