import { setMaxListeners } from 'node:events';
import type { Clock } from '../clock.js';
import type { DatabaseHandle } from '../db/database.js';
import { inTransaction, type Unit } from '../db/transaction.js';
import { newId } from '../ids.js';
import { retryDelay } from './backoff.js';
import { claimDue, emailWaiting, insertItems, type Mark, settle } from './outbox.repository.js';
import type { OutboxTable } from './outbox.table.js';
import type {
  Channel,
  EmailPayload,
  EmailSender,
  OutboxItem,
  OutboxLog,
  OutboxTiming,
  Outcome,
  SendResult,
  WebhookPayload,
  WebhookSender,
} from './outbox.types.js';

export type * from './outbox.types.js';

export interface DeliveryCounts {
  sent: number;
  retried: number;
  failed: number;
}

export interface Outbox {
  /** Writes the item in the caller's unit; it is sent after commit (and never if the unit rolls back). A second item with the same dedupeKey is ignored. */
  enqueue(unit: Unit, item: OutboxItem, at: Date): Promise<void>;
  /** `enqueue` for several items, written in one statement. */
  enqueueAll(unit: Unit, items: readonly { item: OutboxItem; at: Date }[]): Promise<void>;
  /** Delivers what is due, once; returns counts. Safe on several nodes (PostgreSQL: FOR UPDATE SKIP LOCKED to claim, claims expire). */
  deliverDue(limit?: number): Promise<DeliveryCounts>;
  /** Runs deliverDue soon (enqueue calls it after the commit): latency well under a second. No-op unless started. */
  kick(): void;
  /** Starts delivering in the background: at once, after every kick, and every pollMs for retries and claims that expired. */
  start(options?: { log?: OutboxLog }): void;
  /** Stops the background delivery, waits for the batch in flight, and closes the senders' connections. */
  stop(): Promise<void>;
  /** Tells the outcome of each item to whoever cares (notifications record failures and escalate on permanent failure). */
  onOutcome(fn: (o: Outcome) => Promise<void> | void): void;
}

export const DEFAULT_TIMING: OutboxTiming = {
  batch: 20,
  claimMs: 60_000,
  pollMs: 1000,
  firstRetryMs: 5000,
  maxRetryMs: 5 * 60_000,
  retryForMs: 24 * 3_600_000,
  random: Math.random,
};

const CHANNELS: Channel[] = ['email', 'webhook'];
const COUNTED = { sent: 'sent', retry: 'retried', failed: 'failed' } as const;
const silent: OutboxLog = { warn() {}, error() {} };

/**
 * The transactional outbox: items written in the unit of the change that causes them, sent after commit by
 * whichever node claims them first. A node claims a batch (a short write that commits before anything is
 * sent), sends outside any transaction, then records each result; a node killed mid-send leaves its claim to
 * expire, and the item is sent again, under the same Message-ID or delivery id, for the receiver to drop.
 * Retries back off by the clock, so tests move time rather than wait for it.
 */
export function createOutbox(deps: {
  handle: DatabaseHandle;
  clock: Clock;
  senders: { email: EmailSender; webhook: WebhookSender };
  log?: OutboxLog;
  timing?: Partial<OutboxTiming>;
}): Outbox {
  const { handle, clock, senders } = deps;
  const timing: OutboxTiming = { ...DEFAULT_TIMING, ...deps.timing };
  const listeners: ((o: Outcome) => Promise<void> | void)[] = [];
  let log = deps.log ?? silent;
  let warnedNoEmail = false;

  async function send(row: OutboxTable, signal: AbortSignal): Promise<SendResult> {
    try {
      const payload: unknown = JSON.parse(row.payload);
      if (row.channel === 'email') return await senders.email.send(payload as EmailPayload, signal);
      if (row.channel === 'webhook') return await senders.webhook.send(payload as WebhookPayload, signal);
      return { ok: false, permanent: true, error: `unknown channel ${row.channel}` };
    } catch (e) {
      return { ok: false, permanent: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  async function tell(outcome: Outcome) {
    for (const fn of listeners) {
      try {
        await fn(outcome);
      } catch (e) {
        log.error({ err: e, dedupeKey: outcome.dedupeKey }, 'an outbox outcome listener failed');
      }
    }
  }

  /** What to record of a send: sent, a retry after the backoff, or a failure for good. */
  function markOf(row: OutboxTable, result: SendResult, now: Date): Mark {
    const at = now.toISOString();
    if (result.ok) return { kind: 'sent', at };
    if (result.permanent) return { kind: 'failed', at, error: result.error };
    if (now.getTime() - Date.parse(row.created_at) >= timing.retryForMs)
      return { kind: 'failed', at, error: `${result.error} (retried for too long)` };
    const limits = { firstMs: timing.firstRetryMs, maxMs: timing.maxRetryMs };
    const next = new Date(now.getTime() + retryDelay(row.attempts, limits, timing.random));
    return { kind: 'retry', at, error: result.error, next: next.toISOString() };
  }

  /** Sends one claimed item and records the result; null when another node had settled it already. */
  async function deliverOne(row: OutboxTable, signal: AbortSignal): Promise<Mark | null> {
    const mark = markOf(row, await send(row, signal), clock.now());
    // In a unit of its own, so that the results of sends that end together share one disk sync (group commit).
    const settled = await inTransaction(handle, (unit) =>
      settle(unit.tx, row.id, row.locked_until ?? '', mark),
    );
    if (!settled) return null;
    if (mark.kind === 'failed')
      log.warn({ outboxId: row.id, channel: row.channel, error: mark.error }, 'delivery failed for good');
    await tell({
      notificationId: row.notification_id,
      channel: row.channel,
      dedupeKey: row.dedupe_key,
      ok: mark.kind === 'sent',
      permanent: mark.kind === 'failed',
      ...(mark.kind === 'sent' ? {} : { error: mark.error }),
    });
    return mark;
  }

  async function warnIfEmailWaits() {
    if (warnedNoEmail || senders.email.configured) return;
    if (!(await emailWaiting(handle))) return;
    warnedNoEmail = true;
    log.warn({}, 'RENRAKU_SMTP_URL is not set: notification e-mail stays queued until it is');
  }

  async function deliverBatch(limit: number): Promise<DeliveryCounts & { claimed: number }> {
    const counts = { sent: 0, retried: 0, failed: 0, claimed: 0 };
    await warnIfEmailWaits();
    const channels = CHANNELS.filter((c) => senders[c].configured);
    if (channels.length === 0) return counts;
    const now = clock.now();
    const rows = await claimDue(handle, {
      now: now.toISOString(),
      until: new Date(now.getTime() + timing.claimMs).toISOString(),
      limit,
      channels,
    });
    counts.claimed = rows.length;
    if (rows.length === 0) return counts;
    // Every send ends well before the claim does, so that no other node takes an item still being sent.
    const signal = AbortSignal.timeout(Math.floor(timing.claimMs * 0.75));
    setMaxListeners(0, signal); // one listener per send of the batch
    const marks = await Promise.all(
      rows.map((row) =>
        deliverOne(row, signal).catch((e: unknown) => {
          // The result could not be recorded: the claim expires and the item is sent again.
          log.error({ err: e, outboxId: row.id }, 'recording a delivery failed');
          return null;
        }),
      ),
    );
    for (const mark of marks) if (mark) counts[COUNTED[mark.kind]]++;
    const retry = marks.find((m) => m?.kind === 'retry');
    // One line per batch, not per item: an SMTP server down for minutes must not flood the log.
    if (retry?.kind === 'retry')
      log.warn({ retried: counts.retried, error: retry.error }, 'deliveries failed, to be retried');
    return counts;
  }

  // The background loop: one batch at a time per node, again at once while batches come back full or a kick
  // arrived meanwhile, then every pollMs.
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  function schedule(ms: number) {
    if (!started || running) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  }

  function run() {
    timer = undefined;
    running = (async () => {
      do {
        again = false;
        try {
          const { claimed } = await deliverBatch(timing.batch);
          if (claimed >= timing.batch) again = true;
        } catch (e) {
          log.error({ err: e }, 'outbox delivery failed');
        }
      } while (again && started);
    })().finally(() => {
      running = undefined;
      schedule(timing.pollMs);
    });
  }

  async function enqueueAll(unit: Unit, items: readonly { item: OutboxItem; at: Date }[]) {
    if (items.length === 0) return;
    for (const { item } of items) checkItem(item);
    await insertItems(
      unit.tx,
      items.map(({ item, at }) => ({ id: newId(), item, at: at.toISOString() })),
    );
    unit.afterCommit(kick);
  }

  function kick() {
    if (!started) return;
    if (running) again = true;
    else schedule(0);
  }

  return {
    enqueue: (unit, item, at) => enqueueAll(unit, [{ item, at }]),
    enqueueAll,
    async deliverDue(limit = timing.batch) {
      const { sent, retried, failed } = await deliverBatch(limit);
      return { sent, retried, failed };
    },
    kick,
    start(options = {}) {
      if (options.log) log = options.log;
      if (started) return;
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      clearTimeout(timer);
      timer = undefined;
      await running;
      await Promise.all([senders.email.close(), senders.webhook.close()]);
    },
    onOutcome(fn) {
      listeners.push(fn);
    },
  };
}

/** A payload of the other channel is a programming error: refused at once, in the caller's unit. */
function checkItem(item: OutboxItem) {
  const p = item.payload as Partial<EmailPayload & WebhookPayload>;
  const fits =
    item.channel === 'email'
      ? [p.to, p.subject, p.text, p.messageId].every((v) => typeof v === 'string')
      : item.channel === 'webhook' && [p.url, p.body, p.secret, p.id].every((v) => typeof v === 'string');
  if (!fits || item.dedupeKey === '') throw new Error(`outbox: not a ${item.channel} item`);
}
