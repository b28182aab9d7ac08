/** An e-mail, already rendered. */
export interface EmailPayload {
  to: string;
  subject: string;
  text: string;
  /** Stable across attempts (`<notificationId.contactId@renraku>`): the receiver's duplicate check. */
  messageId: string;
  headers?: Record<string, string>;
}

/** A webhook call: `body` is JSON text, signed and sent as is. */
export interface WebhookPayload {
  url: string;
  body: string;
  secret: string;
  /** Stable across attempts (X-Renraku-Delivery): the receiver's duplicate check. */
  id: string;
}

export type Channel = 'email' | 'webhook';

export interface OutboxItem {
  channel: Channel;
  /** notification id + ':' + channel + ':' + target; a second item with the same key is ignored. */
  dedupeKey: string;
  notificationId: string | null;
  payload: EmailPayload | WebhookPayload;
}

/** What became of one item: sent, failed for now (retried later), or failed for good. */
export interface Outcome {
  notificationId: string | null;
  channel: string;
  dedupeKey: string;
  ok: boolean;
  permanent: boolean;
  error?: string;
}

/** A sender's answer: a permanent failure is not retried (a 5xx for the recipient, a 4xx webhook answer). */
export type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export interface Sender<P> {
  /** False when the channel has no server configured: its items stay queued. */
  readonly configured: boolean;
  /** Sends once; `signal` aborts a send that outlives the claim on the item. Never throws. */
  send(payload: P, signal: AbortSignal): Promise<SendResult>;
  close(): Promise<void>;
}

export type EmailSender = Sender<EmailPayload>;
export type WebhookSender = Sender<WebhookPayload>;

/** Where the outbox writes what it must tell an operator (pino and Fastify's logger fit). */
export interface OutboxLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxTiming {
  /** Items one node claims at once: also the most that a node killed mid-send can leave to be sent twice. */
  batch: number;
  /** How long a claim lasts; a send is aborted at three quarters of it, so it ends before another node may take over. */
  claimMs: number;
  /** How often due items (retries, items of other nodes) are looked for, besides kick(). */
  pollMs: number;
  /** First retry after about this long, doubling up to maxRetryMs… */
  firstRetryMs: number;
  maxRetryMs: number;
  /** …and failures for this long since the item was written make it a permanent failure. */
  retryForMs: number;
  /** Source of the retry jitter, in [0, 1). */
  random: () => number;
}
