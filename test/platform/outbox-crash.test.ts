import { type ChildProcess, fork } from 'node:child_process';
import { dirname } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { createEmailSender } from '../../src/platform/outbox/email.sender.js';
import { createOutbox, type OutboxItem } from '../../src/platform/outbox/outbox.js';
import { createWebhookSender } from '../../src/platform/outbox/webhook.sender.js';
import { createTestDatabase, DIALECTS, type TestDialect } from '../support/databases.js';
import { TEST_AUDIT_KEY } from '../support/harness.js';
import type { NodeMessage } from '../support/outbox-node.js';
import { type SmtpReceiver, startSmtpReceiver, waitUntil } from '../support/smtp.js';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

interface OutboxNode {
  child: ChildProcess;
  exited: Promise<void>;
  stats(): Promise<{ sent: number; failed: number }>;
  stop(): Promise<{ sent: number; failed: number }>;
}

/** Starts test/support/outbox-node.ts in its own Node process on the database, and waits until it runs. */
async function startNode(db: Db, smtp: SmtpReceiver, timing: Record<string, number>): Promise<OutboxNode> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    RENRAKU_SMTP_URL: smtp.url,
    RENRAKU_MAIL_FROM: 'renraku@renraku.test',
    RENRAKU_AUDIT_KEY: TEST_AUDIT_KEY.toString('utf8'),
    OUTBOX_TIMING: JSON.stringify(timing),
  };
  if (db.dialect === 'postgres') env.DATABASE_URL = db.url;
  else {
    env.DATABASE_URL = '';
    env.RENRAKU_DATA_DIR = dirname(db.url);
  }
  const child = fork(inject('outboxNodePath'), [], {
    execArgv: ['--enable-source-maps'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = (type: NodeMessage['type']) =>
    new Promise<NodeMessage>((resolve, reject) => {
      const onMessage = (m: NodeMessage) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      void exited.then(() => reject(new Error('the outbox node exited')));
    });
  await next('ready');
  const stats = async () => {
    const reply = next('stats');
    child.send('stats');
    return (await reply) as { sent: number; failed: number };
  };
  return {
    child,
    exited,
    stats,
    async stop() {
      const reply = next('stats');
      child.send('stop');
      const last = (await reply) as { sent: number; failed: number };
      await exited;
      return last;
    },
  };
}

const mails = (prefix: string, count: number): OutboxItem[] =>
  Array.from({ length: count }, (_, i) => ({
    channel: 'email',
    dedupeKey: `${prefix}-${i}:email:duty-${i}@agency.test`,
    notificationId: `${prefix}-${i}`,
    payload: {
      to: `duty-${i}@agency.test`,
      subject: `【Renraku】速報 ${i}`,
      text: `通知 ${i}`,
      messageId: `<${prefix}-${i}.contact@renraku>`,
    },
  }));

/** Writes the items as an application would: in units, after which they are due. */
async function enqueueAll(db: Db, items: OutboxItem[]) {
  const writer = createOutbox({
    handle: db,
    clock: systemClock,
    senders: {
      email: createEmailSender({ smtpUrl: undefined, from: 'unused' }),
      webhook: createWebhookSender({ clock: systemClock, allowLoopback: false }),
    },
  });
  for (let i = 0; i < items.length; i += 100)
    await inTransaction(db, async (unit) => {
      for (const item of items.slice(i, i + 100)) await writer.enqueue(unit, item, new Date());
    });
}

const sentCount = async (db: Db) =>
  Number(
    (
      await db.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('sent_at', 'is not', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

const BATCH = 20;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe.each(DIALECTS)('outbox delivery killed with SIGKILL on %s', (dialect: TestDialect) => {
  it('loses nothing, and each message reaches the receiver once by Message-ID', async () => {
    const db = await createTestDatabase(dialect);
    cleanup.push(() => db.destroy());
    const smtp = await startSmtpReceiver({ delayMs: 40 });
    cleanup.push(smtp.close);
    const total = 300;
    await enqueueAll(db, mails('crash', total));
    const timing = { batch: BATCH, claimMs: 2000, pollMs: 100 };

    const started = Date.now();
    const first = await startNode(db, smtp, timing);
    cleanup.push(async () => first.child.kill('SIGKILL'));
    await waitUntil(() => smtp.receipts.length >= 100, 30_000, '100 messages');
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = smtp.receipts.length;
    const recordedAtKill = await sentCount(db);

    const second = await startNode(db, smtp, timing);
    cleanup.push(async () => second.child.kill('SIGKILL'));
    await waitUntil(async () => (await sentCount(db)) === total, 60_000, 'every item sent');
    const { sent: sentBySecond } = await second.stop();

    const ids = smtp.receipts.map((r) => r.messageId);
    const distinct = new Set(ids);
    const duplicates = ids.length - distinct.size;
    console.log(
      `[${dialect}] killed after ${atKill} receipts (${recordedAtKill} recorded as sent); the second node sent ` +
        `${sentBySecond}; ${ids.length} raw receipts, ${distinct.size} distinct, ${duplicates} duplicate(s); ` +
        `${Date.now() - started} ms`,
    );
    expect(distinct).toEqual(
      new Set(mails('crash', total).map((m) => (m.payload as { messageId: string }).messageId)),
    );
    expect(duplicates).toBeLessThanOrEqual(BATCH);
    expect(atKill).toBeLessThan(total);
    const rows = await db.db.selectFrom('outbox').select(['sent_at', 'failed_at', 'locked_until']).execute();
    expect(rows.every((r) => r.sent_at !== null && r.failed_at === null && r.locked_until === null)).toBe(
      true,
    );
  });
});

describe('two nodes on one PostgreSQL', () => {
  it('share the work and send each item exactly once', async () => {
    const db = await createTestDatabase('postgres');
    cleanup.push(() => db.destroy());
    const smtp = await startSmtpReceiver({ delayMs: 5 });
    cleanup.push(smtp.close);
    const timing = { batch: BATCH, pollMs: 50 };
    const nodes = await Promise.all([startNode(db, smtp, timing), startNode(db, smtp, timing)]);
    for (const n of nodes) cleanup.push(async () => n.child.kill('SIGKILL'));
    const total = 500;
    const started = Date.now();
    await enqueueAll(db, mails('shared', total));
    await waitUntil(async () => (await sentCount(db)) === total, 60_000, 'every item sent');
    const elapsed = Date.now() - started;
    const stats = await Promise.all(nodes.map((n) => n.stop()));

    const ids = smtp.receipts.map((r) => r.messageId);
    console.log(
      `[postgres, 2 nodes] ${total} items in ${elapsed} ms; sent by node: ${stats.map((s) => s.sent).join(' + ')}; ` +
        `${ids.length} raw receipts, ${new Set(ids).size} distinct`,
    );
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(stats.reduce((n, s) => n + s.sent, 0)).toBe(total);
    for (const s of stats) expect(s.sent).toBeGreaterThan(0);
  });
});
