import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { retryDelay } from '../../src/platform/outbox/backoff.js';
import { createEmailSender } from '../../src/platform/outbox/email.sender.js';
import {
  createOutbox,
  type EmailPayload,
  type Outbox,
  type OutboxItem,
  type OutboxTiming,
  type Outcome,
} from '../../src/platform/outbox/outbox.js';
import { claimDue } from '../../src/platform/outbox/outbox.repository.js';
import { createWebhookSender } from '../../src/platform/outbox/webhook.sender.js';
import { buildServices } from '../../src/services.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';
import { T0, TEST_AUDIT_KEY } from '../support/harness.js';
import { startSmtpReceiver, waitUntil } from '../support/smtp.js';

const SECRET = 'whsec-of-the-body-0123456789';
const FROM = 'Renraku <renraku@renraku.test>';

const mail = (n: string, overrides: Partial<EmailPayload> = {}): OutboxItem => ({
  channel: 'email',
  dedupeKey: `notif-${n}:email:duty-${n}@agency.test`,
  notificationId: `notif-${n}`,
  payload: {
    to: `duty-${n}@agency.test`,
    subject: `[TLP:GREEN] 【Renraku】速報: 不審な通信を検知 (${n})`,
    text: `経済産業省から速報がありました。\n確認してください: https://renraku.test/incidents/${n}\n`,
    messageId: `<notif-${n}.contact-${n}@renraku>`,
    headers: { 'X-Renraku-Notification': `notif-${n}`, 'Auto-Submitted': 'auto-generated' },
    ...overrides,
  },
});

const hook = (n: string, url: string, secret = SECRET): OutboxItem => ({
  channel: 'webhook',
  dedupeKey: `notif-${n}:webhook:${url}`,
  notificationId: `notif-${n}`,
  payload: {
    url,
    body: JSON.stringify({ type: 'incident.reported', id: `notif-${n}`, title: '不審な通信' }),
    secret,
    id: `notif-${n}.contact-${n}`,
  },
});

/** A webhook receiver on loopback that checks signatures as a body's system would, with the body's secret. */
async function startHookReceiver(secret: string) {
  const calls: { path: string; delivery: string; timestamp: string; body: string; verified: boolean }[] = [];
  const failuresLeft = new Map<string, number>([['/flaky', 1]]);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-renraku-timestamp'] ?? '');
      const given = Buffer.from(String(req.headers['x-renraku-signature'] ?? ''));
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
      );
      const verified = given.length === expected.length && timingSafeEqual(given, expected);
      const path = req.url ?? '';
      calls.push({ path, delivery: String(req.headers['x-renraku-delivery']), timestamp, body, verified });
      const left = failuresLeft.get(path) ?? 0;
      let status = verified ? 204 : 401;
      if (path === '/bad') status = 400;
      else if (left > 0 && verified) {
        failuresLeft.set(path, left - 1);
        status = 500;
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    base: `http://127.0.0.1:${address.port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('retry delays', () => {
  const limits = { firstMs: 5000, maxMs: 300_000 };
  it('double from 5 s, stop growing at 5 min, and are jittered in their upper half', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, limits, () => 0.999_999))).toEqual([
      5000, 10_000, 20_000, 40_000,
    ]);
    expect(retryDelay(1, limits, () => 0)).toBe(2500);
    expect(retryDelay(7, limits, () => 0.999_999)).toBe(300_000);
    expect(retryDelay(500, limits, () => 0)).toBe(150_000);
  });
});

describe.each(DIALECTS)('outbox on %s', (dialect) => {
  let handle: DatabaseHandle & { destroy(): Promise<void> };
  const running: Outbox[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
  });
  beforeEach(async () => {
    await handle.db.deleteFrom('outbox').execute();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((o) => o.stop()));
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  afterAll(async () => handle?.destroy());

  function outboxOf(
    options: {
      smtpUrl?: string | undefined;
      allowLoopback?: boolean;
      warnings?: string[];
      timing?: Partial<OutboxTiming>;
    } = {},
  ) {
    const clock = fixedClock(T0);
    const outcomes: Outcome[] = [];
    const outbox = createOutbox({
      handle,
      clock,
      senders: {
        email: createEmailSender({ smtpUrl: options.smtpUrl, from: FROM }),
        webhook: createWebhookSender({ clock, allowLoopback: options.allowLoopback ?? true }),
      },
      log: { warn: (_o, msg) => options.warnings?.push(msg), error: () => {} },
      timing: { random: () => 0.5, ...options.timing },
    });
    outbox.onOutcome((o) => {
      outcomes.push(o);
    });
    running.push(outbox);
    return { outbox, clock, outcomes };
  }

  const enqueue = (outbox: Outbox, items: OutboxItem[], at = new Date(T0)) =>
    inTransaction(handle, async (unit) => {
      for (const item of items) await outbox.enqueue(unit, item, at);
    });

  const row = (dedupeKey: string) =>
    handle.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();

  it('sends nothing for a unit that rolls back; sends a committed e-mail once, encoded as it should be', async () => {
    const smtp = await startSmtpReceiver();
    closers.push(smtp.close);
    const { outbox, outcomes } = outboxOf({ smtpUrl: smtp.url });
    await expect(
      inTransaction(handle, async (unit) => {
        await outbox.enqueue(unit, mail('rolled-back'), new Date(T0));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const item = mail('1');
    await enqueue(outbox, [item]);
    await enqueue(outbox, [mail('1', { subject: 'a second enqueue of the same key' })]);
    expect(await handle.db.selectFrom('outbox').select('dedupe_key').execute()).toEqual([
      { dedupe_key: item.dedupeKey },
    ]);

    expect(await outbox.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.receipts).toHaveLength(1);
    const receipt = smtp.receipts[0];
    if (!receipt) throw new Error('no message');
    expect(receipt.to).toEqual(['duty-1@agency.test']);
    const raw = receipt.raw.toString('utf8');
    // RFC 2047: the Japanese subject travels as encoded words of UTF-8, the header itself stays ASCII.
    const subjectLine = /^Subject:.*(\r\n[ \t].*)*/m.exec(raw)?.[0] ?? '';
    expect(subjectLine).toMatch(/=\?UTF-8\?[BQ]\?/i);
    expect(/^[\x20-\x7e\r\n\t]*$/.test(subjectLine)).toBe(true);
    const parsed = await simpleParser(receipt.raw);
    expect(parsed.subject).toBe('[TLP:GREEN] 【Renraku】速報: 不審な通信を検知 (1)');
    expect(parsed.text).toBe(
      '経済産業省から速報がありました。\n確認してください: https://renraku.test/incidents/1\n',
    );
    expect(parsed.messageId).toBe('<notif-1.contact-1@renraku>');
    expect(parsed.from?.value).toEqual([{ address: 'renraku@renraku.test', name: 'Renraku' }]);
    expect(parsed.headers.get('x-renraku-notification')).toBe('notif-1');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/im);

    const stored = await row(item.dedupeKey);
    expect(stored).toMatchObject({ attempts: 1, sent_at: T0, failed_at: null, locked_until: null });
    expect(outcomes).toEqual([
      { notificationId: 'notif-1', channel: 'email', dedupeKey: item.dedupeKey, ok: true, permanent: false },
    ]);
  });

  it('retries with backoff while the SMTP server is down for minutes; all arrive, once, when it returns', async () => {
    const smtp = await startSmtpReceiver({ listening: false });
    closers.push(smtp.close);
    const { outbox, clock, outcomes } = outboxOf({ smtpUrl: smtp.url });
    const items = ['a', 'b', 'c', 'd'].map((n) => mail(n));
    await enqueue(outbox, items);

    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 4, failed: 0 });
    const first = await row(items[0]?.dedupeKey ?? '');
    expect(first.attempts).toBe(1);
    // 5 s, jittered in its upper half (random() = 0.5 here): 3.75 s.
    expect(Date.parse(first.available_at) - Date.parse(T0)).toBe(3750);
    expect(first.last_error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });

    // Twenty minutes down, looked at every 20 s: retries space out up to the 5-minute cap, never beyond.
    const gaps: number[] = [];
    for (let s = 20; s <= 20 * 60; s += 20) {
      clock.advance(20_000);
      const { retried } = await outbox.deliverDue();
      if (retried > 0) {
        const r = await row(items[0]?.dedupeKey ?? '');
        gaps.push(Date.parse(r.available_at) - clock.now().getTime());
      }
    }
    expect(gaps.slice(0, 6)).toEqual([7500, 15_000, 30_000, 60_000, 120_000, 225_000]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(300_000);
    expect(smtp.receipts).toHaveLength(0);

    await smtp.listen();
    clock.advance(5 * 60_000);
    expect(await outbox.deliverDue()).toEqual({ sent: 4, retried: 0, failed: 0 });
    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.receipts.map((r) => r.messageId).sort()).toEqual(
      items.map((i) => (i.payload as EmailPayload).messageId).sort(),
    );
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.permanent)).toBe(true);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(4);
  });

  it('fails an item for good after 24 hours of failures', async () => {
    const smtp = await startSmtpReceiver({ listening: false });
    closers.push(smtp.close);
    const { outbox, clock, outcomes } = outboxOf({ smtpUrl: smtp.url });
    await enqueue(outbox, [mail('late')]);
    let failed = 0;
    for (let hours = 0; hours < 25 && failed === 0; hours += 0.25) {
      ({ failed } = await outbox.deliverDue());
      clock.advance(15 * 60_000);
    }
    expect(failed).toBe(1);
    const stored = await row(mail('late').dedupeKey);
    expect(stored.failed_at).not.toBeNull();
    expect(Date.parse(stored.failed_at ?? '') - Date.parse(T0)).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(outcomes.at(-1)).toMatchObject({ ok: false, permanent: true });
    expect(outcomes.at(-1)?.error).toMatch(/retried for too long/);
  });

  it('reports a recipient refused with 550 as a permanent failure and delivers the others; a 452 is retried', async () => {
    const smtp = await startSmtpReceiver({
      refuse: (address) =>
        address.startsWith('duty-gone') ? 550 : address.startsWith('duty-full') ? 452 : undefined,
    });
    closers.push(smtp.close);
    const { outbox, clock, outcomes } = outboxOf({ smtpUrl: smtp.url });
    const [ok, gone, full, ok2] = [mail('ok'), mail('gone'), mail('full'), mail('ok2')];
    await enqueue(outbox, [ok, gone, full, ok2] as OutboxItem[]);
    expect(await outbox.deliverDue()).toEqual({ sent: 2, retried: 1, failed: 1 });
    expect(smtp.receipts.flatMap((r) => r.to).sort()).toEqual([
      'duty-ok2@agency.test',
      'duty-ok@agency.test',
    ]);
    const failure = outcomes.find((o) => o.dedupeKey === gone?.dedupeKey);
    expect(failure).toMatchObject({
      notificationId: 'notif-gone',
      channel: 'email',
      ok: false,
      permanent: true,
    });
    expect(failure?.error).toMatch(/550/);
    expect((await row(gone?.dedupeKey ?? '')).failed_at).toBe(T0);
    expect(outcomes.find((o) => o.dedupeKey === full?.dedupeKey)).toMatchObject({
      ok: false,
      permanent: false,
    });

    clock.advance(3_600_000);
    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(smtp.receipts).toHaveLength(2);
  });

  it('sends again, under the same Message-ID, an item whose claim expired with the node that held it', async () => {
    const smtp = await startSmtpReceiver();
    closers.push(smtp.close);
    const { outbox, clock } = outboxOf({ smtpUrl: smtp.url });
    await enqueue(outbox, [mail('orphan')]);
    // A node claims the item and dies before sending it or recording anything.
    const now = clock.now();
    const claimed = await claimDue(handle, {
      now: now.toISOString(),
      until: new Date(now.getTime() + 60_000).toISOString(),
      limit: 20,
      channels: ['email'],
    });
    expect(claimed).toHaveLength(1);
    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(59_999);
    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(1);
    expect(await outbox.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.receipts.map((r) => r.messageId)).toEqual(['<notif-orphan.contact-orphan@renraku>']);
    expect((await row(mail('orphan').dedupeKey)).attempts).toBe(2);
  });

  it('signs webhook calls the receiver verifies; retries a 500 under the same delivery id, fails a 400 for good', async () => {
    const hooks = await startHookReceiver(SECRET);
    closers.push(hooks.close);
    const { outbox, clock, outcomes } = outboxOf();
    const flaky = hook('flaky', `${hooks.base}/flaky`);
    const bad = hook('bad', `${hooks.base}/bad`);
    const forged = hook('forged', `${hooks.base}/ok`, 'not-the-secret');
    await enqueue(outbox, [flaky, bad, forged]);

    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 2 });
    expect(outcomes.find((o) => o.dedupeKey === bad.dedupeKey)).toMatchObject({ ok: false, permanent: true });
    expect(outcomes.find((o) => o.dedupeKey === bad.dedupeKey)?.error).toBe('HTTP 400');
    // Signed with another key: the receiver refuses it (401), and that is final.
    expect(outcomes.find((o) => o.dedupeKey === forged.dedupeKey)).toMatchObject({
      permanent: true,
      error: 'HTTP 401',
    });
    expect(outcomes.find((o) => o.dedupeKey === flaky.dedupeKey)).toMatchObject({
      ok: false,
      permanent: false,
      error: 'HTTP 500',
    });

    clock.advance(10_000);
    expect(await outbox.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const flakyCalls = hooks.calls.filter((c) => c.path === '/flaky');
    expect(flakyCalls).toHaveLength(2);
    expect(flakyCalls.every((c) => c.verified)).toBe(true);
    expect(flakyCalls.map((c) => c.delivery)).toEqual([
      'notif-flaky.contact-flaky',
      'notif-flaky.contact-flaky',
    ]);
    expect(flakyCalls.map((c) => c.body)).toEqual([
      (flaky.payload as { body: string }).body,
      (flaky.payload as { body: string }).body,
    ]);
    // Each attempt is signed with its own time, so a receiver can refuse stale replays.
    expect(flakyCalls.map((c) => Number(c.timestamp))).toEqual([
      Date.parse(T0) / 1000,
      Date.parse(T0) / 1000 + 10,
    ]);
    expect(hooks.calls.find((c) => c.path === '/bad')?.verified).toBe(true);
    expect(hooks.calls.find((c) => c.path === '/ok')?.verified).toBe(false);
  });

  it('does not call a webhook on a private address (the name resolved anew at each send)', async () => {
    const hooks = await startHookReceiver(SECRET);
    closers.push(hooks.close);
    const { outbox, outcomes } = outboxOf({ allowLoopback: false });
    await enqueue(outbox, [hook('literal', `${hooks.base}/ok`), hook('named', 'https://localhost/ok')]);
    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 2 });
    expect(hooks.calls).toHaveLength(0);
    expect(outcomes.map((o) => o.error).sort()).toEqual([
      '127.0.0.1 is not a public address',
      'localhost resolves to no public address',
    ]);
  });

  it('keeps e-mail queued, with one warning, while no SMTP server is configured; webhooks still go', async () => {
    const hooks = await startHookReceiver(SECRET);
    closers.push(hooks.close);
    const warnings: string[] = [];
    const { outbox } = outboxOf({ smtpUrl: undefined, warnings });
    await enqueue(outbox, [mail('queued'), hook('ok', `${hooks.base}/ok`)]);
    expect(await outbox.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(warnings).toEqual(['RENRAKU_SMTP_URL is not set: notification e-mail stays queued until it is']);
    expect(await row(mail('queued').dedupeKey)).toMatchObject({
      attempts: 0,
      sent_at: null,
      locked_until: null,
    });
  });

  it('two outbox instances on two connection pools, claiming at the same moments, send each item once', async () => {
    const smtp = await startSmtpReceiver();
    closers.push(smtp.close);
    const other = openDatabase(
      dialect === 'postgres'
        ? { databaseUrl: handle.url, dataDir: tmpdir() }
        : { dataDir: dirname(handle.url) },
    );
    closers.push(() => other.destroy());
    const a = outboxOf({ smtpUrl: smtp.url });
    const clock = fixedClock(T0);
    const b = createOutbox({
      handle: other,
      clock,
      senders: {
        email: createEmailSender({ smtpUrl: smtp.url, from: FROM }),
        webhook: createWebhookSender({ clock, allowLoopback: true }),
      },
    });
    running.push(b);
    const items = Array.from({ length: 500 }, (_, i) => mail(`pair-${i}`));
    await enqueue(a.outbox, items);
    // Each sends a batch alone first, so that both are known to work; then they claim at the same moments. (In
    // lock-step rounds alone, a loaded CI machine once let one instance win all 50 races on PostgreSQL.)
    let byA = (await a.outbox.deliverDue(10)).sent;
    let byB = (await b.deliverDue(10)).sent;
    expect([byA, byB]).toEqual([10, 10]);
    for (let round = 0; round < 100; round++) {
      const [x, y] = await Promise.all([a.outbox.deliverDue(10), b.deliverDue(10)]);
      byA += x.sent;
      byB += y.sent;
      if (x.sent + y.sent === 0) break;
    }
    expect(byA + byB).toBe(500);
    expect(smtp.receipts).toHaveLength(500);
    expect(smtp.distinct().size).toBe(500);
  });

  it('once started by the services, delivers a commit within a second (kick), not at the next poll', async () => {
    const smtp = await startSmtpReceiver();
    closers.push(smtp.close);
    const clock = fixedClock(T0);
    const config = loadConfig(
      {},
      { dataDir: mkdtempSync(join(tmpdir(), 'renraku-data-')), smtpUrl: smtp.url, logLevel: 'silent' },
    );
    // The services' own handle is this test's database; closing them must leave it open for the next test.
    const services = buildServices(config, {
      clock,
      handle: { ...handle, destroy: async () => {} },
      auditKey: TEST_AUDIT_KEY,
      outboxTiming: { pollMs: 60_000 },
    });
    closers.push(() => services.close());
    services.outbox.start();
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await inTransaction(handle, (unit) => services.outbox.enqueue(unit, mail('kicked'), clock.now()));
    await waitUntil(() => smtp.receipts.length === 1, 5000, 'the kicked e-mail');
    const latency = Date.now() - started;
    expect(latency).toBeLessThan(1000);
    await waitUntil(async () => (await row(mail('kicked').dedupeKey)).sent_at !== null, 5000, 'sent_at');
  });
});
