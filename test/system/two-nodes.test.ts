import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp, type TestOrg } from '../support/harness.js';
import { type Nginx, type ServerNode, startNginx, startNode } from '../support/nodes.js';
import { type SmtpReceiver, startSmtpReceiver, waitUntil } from '../support/smtp.js';
import { openStream } from '../support/sse.js';

// Several nodes (issue 16, point 2): two `renraku serve` processes on one PostgreSQL database — the dialect for
// several nodes — behind nginx from Debian as a round-robin reverse proxy, as DESIGN §6 deploys them. Live events
// cross nodes (LISTEN/NOTIFY) and pass nginx unbuffered; the outbox sends each e-mail once; an idempotency key
// and log-in throttling hold across nodes; client addresses come from the trusted proxy only; a node killed while
// it holds outbox claims is taken over once they expire.

const PASSWORD = 'two-nodes-passphrase-2026';
const WRONG = 'not-the-password-at-all';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** An HTTP request sent from `localAddress` (a loopback address of the test's choosing). */
const send = (
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string },
) =>
  new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });

describe('two Renraku nodes on one PostgreSQL behind nginx', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  let t: TestApp;
  let smtp: SmtpReceiver;
  let a: ServerNode;
  let b: ServerNode;
  let nginx: Nginx;
  let reporter: { token: string; headers: Record<string, string> };
  let analystHeaders: Record<string, string>;
  let ministry: TestOrg;

  const nodeOptions = (smtpUrl: string) => ({
    cliPath: inject('cliPath'),
    databaseUrl: t.handle.url,
    dataDir: t.config.dataDir,
    smtpUrl,
    // nginx connects from 127.0.0.2 (its proxy_bind): that address, and no other, may name the client.
    env: { RENRAKU_TRUST_PROXY: '127.0.0.2' },
  });

  beforeAll(async () => {
    // Each clean-up runs even if the set-up fails half way (afterAll runs all that were registered).
    t = await startTestApp('postgres', { start: new Date().toISOString() });
    cleanups.push(() => t.close());
    const g = await t.government();
    reporter = g.agencyReporter;
    analystHeaders = g.analyst.headers;
    ministry = await t.org('ministry');
    // Someone told of every report by e-mail: each report gives the outbox mail to send.
    await t.contact(await t.org('center'), {
      name: '当番',
      email: 'duty@center.test',
      role: 'duty-officer',
      availability: '24/7',
    });
    smtp = await startSmtpReceiver();
    cleanups.push(() => smtp.close());
    [a, b] = await Promise.all([startNode(nodeOptions(smtp.url)), startNode(nodeOptions(smtp.url))]);
    cleanups.push(
      () => a.kill(),
      () => b.kill(),
    );
    nginx = await startNginx([a.port, b.port]);
    cleanups.push(() => nginx.stop());
  }, 120_000);
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  const report = (title: string) =>
    JSON.stringify({
      title,
      summary: '外部への不審な通信を検知した。',
      detectedAt: new Date().toISOString(),
    });
  const file = (origin: string, body: string, key?: string) =>
    send(`${origin}/api/v1/incidents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${reporter.token}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body,
    });
  const titled = async (title: string) =>
    (await t.handle.db.selectFrom('incidents').select('id').where('title', '=', title).execute()).length;

  it('a live event raised on one node reaches a stream held on the other through nginx, unbuffered', async () => {
    const stream = await openStream(`${nginx.origin}/api/v1/events`, analystHeaders);
    let ended = false;
    void stream.ended.then(() => {
      ended = true;
    });
    try {
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      // The node nginx chose for the stream; the report goes straight to the other one.
      const holder = stream.headers.get('x-renraku-upstream');
      const other = holder === `127.0.0.1:${a.port}` ? b : a;
      expect([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]).toContain(holder);
      expect(other.origin).not.toContain(holder);
      const filed = await file(other.origin, report(`越境 ${randomUUID()}`));
      expect(filed.status, filed.text).toBe(201);
      const id = (JSON.parse(filed.text) as { id: string }).id;
      await stream.waitFor((f) => f.data.incidentId === id, 10_000);
      // Still open: the event came through as it happened, not when nginx's buffer filled or the stream ended.
      expect(ended).toBe(false);
    } finally {
      await stream.close();
    }
  });

  it('an Idempotency-Key replayed against the other node creates nothing twice and answers the same', async () => {
    const title = `再送 ${randomUUID()}`;
    const body = report(title);
    const key = randomUUID();
    const first = await file(a.origin, body, key);
    expect(first.status, first.text).toBe(201);
    const again = await file(b.origin, body, key);
    expect(again.status, again.text).toBe(first.status);
    expect(JSON.parse(again.text)).toEqual(JSON.parse(first.text));
    // The same key with another body, on either node: refused, and nothing made.
    const other = await file(b.origin, report(`${title} 改`), key);
    expect(other.status, other.text).toBe(422);
    expect(await titled(title)).toBe(1);
    expect(await titled(`${title} 改`)).toBe(0);

    // Sent to both nodes at the same moment: one report, and both answers are its.
    const racedTitle = `同時 ${randomUUID()}`;
    const raced = report(racedTitle);
    const racedKey = randomUUID();
    const [one, two] = await Promise.all([file(a.origin, raced, racedKey), file(b.origin, raced, racedKey)]);
    expect([one?.status, two?.status], `${one?.text} ${two?.text}`).toEqual([201, 201]);
    expect(JSON.parse(two?.text ?? '')).toEqual(JSON.parse(one?.text ?? ''));
    expect(await titled(racedTitle)).toBe(1);
  });

  it('log-in throttling counts failures on both nodes: the limit holds when attempts alternate', async () => {
    const victim = await t.user(ministry, 'reporter', PASSWORD);
    const attempt = (node: ServerNode, password: string) =>
      send(`${node.origin}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: victim.email, password }),
      });
    const statuses: number[] = [];
    // The default: 5 failures of one account, then each attempt waits. Counted on each node alone, 10 would
    // get through. (With a real clock the failures decay a little between attempts — a 24-hour half-life — so
    // the fifth one counts 4.9999 and one more attempt may go through: the same on one node.)
    for (let i = 0; i < 8; i++) statuses.push((await attempt(i % 2 ? b : a, WRONG)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect([401, 429]).toContain(statuses[5]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    // The right password waits too, on either node.
    expect((await attempt(a, PASSWORD)).status).toBe(429);
    expect((await attempt(b, PASSWORD)).status).toBe(429);
    const failed = (
      await t.handle.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'session.login_failed')
        .execute()
    ).filter((r) => (JSON.parse(r.detail) as { email?: string }).email === victim.email);
    expect(failed).toHaveLength(statuses.filter((x) => x === 401).length);
  });

  it('the audit row names the client nginx forwarded; a forged X-Forwarded-For sent past nginx is ignored', async () => {
    const addressOf = async (email: string) => {
      const rows = (
        await t.handle.db
          .selectFrom('audit_log')
          .select('detail')
          .where('action', '=', 'session.login_failed')
          .execute()
      )
        .map((r) => JSON.parse(r.detail) as { email?: string; address?: string })
        .filter((d) => d.email === email);
      expect(rows).toHaveLength(1);
      return rows[0]?.address;
    };
    const fail = async (origin: string, localAddress: string, headers: Record<string, string> = {}) => {
      const email = `nobody-${randomUUID()}@guess.test`;
      const res = await send(`${origin}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email, password: WRONG }),
        localAddress,
      });
      expect(res.status, res.text).toBe(401);
      return addressOf(email);
    };
    // Through nginx, twice (round robin: both nodes): the client as nginx saw it, not nginx's own address.
    expect(await fail(nginx.origin, '127.0.0.5')).toBe('127.0.0.5');
    expect(await fail(nginx.origin, '127.0.0.5')).toBe('127.0.0.5');
    // A client that names another through nginx: nginx appends the address it saw, and that is the client.
    expect(await fail(nginx.origin, '127.0.0.6', { 'x-forwarded-for': '198.51.100.7' })).toBe('127.0.0.6');
    // Straight to a node, not from the trusted proxy: the header is ignored, on each node.
    for (const node of [a, b])
      expect(await fail(node.origin, '127.0.0.7', { 'x-forwarded-for': '198.51.100.7, 127.0.0.2' })).toBe(
        '127.0.0.7',
      );
  });

  it('the outbox sends each e-mail exactly once with both nodes running', async () => {
    const before = smtp.receipts.length;
    const served = new Set<string>();
    const titles = Array.from({ length: 8 }, () => `通報 ${randomUUID()}`);
    for (const title of titles) {
      const res = await file(nginx.origin, report(title));
      expect(res.status, res.text).toBe(201);
      served.add(String(res.headers['x-renraku-upstream']));
    }
    // nginx shared them out: both nodes took reports, and both run the outbox worker.
    expect(served).toEqual(new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]));
    const unsent = async () =>
      (
        await t.handle.db
          .selectFrom('outbox')
          .select('id')
          .where('sent_at', 'is', null)
          .where('failed_at', 'is', null)
          .execute()
      ).length;
    await waitUntil(async () => (await unsent()) === 0, 30_000, 'the outbox to send everything');
    const sent = await t.handle.db
      .selectFrom('outbox')
      .select('id')
      .where('channel', '=', 'email')
      .where('sent_at', 'is not', null)
      .execute();
    expect(smtp.receipts.length).toBeGreaterThan(before);
    expect(smtp.receipts.length).toBe(sent.length);
    expect(smtp.distinct().size).toBe(smtp.receipts.length);
  });

  it('a node killed with SIGKILL while it holds outbox claims: the other sends them once the claims expire', {
    timeout: 90_000,
  }, async () => {
    // A third node whose mail server takes the message and never answers: its claims stay held until it dies.
    const stuck = await startSmtpReceiver({ delayMs: 60_000 });
    cleanups.push(() => stuck.close());
    const c = await startNode(nodeOptions(stuck.url));
    cleanups.push(() => c.kill());
    const before = new Set(smtp.distinct());
    const titles = Array.from({ length: 3 }, () => `引継 ${randomUUID()}`);
    for (const title of titles) {
      const res = await file(c.origin, report(title));
      expect(res.status, res.text).toBe(201);
    }
    // The node that committed them sends at once: it has handed over at least one and waits for the answer.
    await waitUntil(() => stuck.receipts.length > 0, 20_000, 'the third node to hold a claim while sending');
    await c.kill();
    // What the dead node held: the items whose message it handed over (their Message-ID is in the payload),
    // still claimed by it — nobody else may take them before the claim runs out.
    const handed = new Set(stuck.receipts.map((r) => r.messageId?.replace(/^<|>$/g, '')));
    const held = (
      await t.handle.db
        .selectFrom('outbox')
        .select(['id', 'payload', 'locked_until', 'sent_at'])
        .where('channel', '=', 'email')
        .execute()
    ).filter((r) =>
      handed.has((JSON.parse(r.payload) as { messageId?: string }).messageId?.replace(/^<|>$/g, '')),
    );
    expect(held.length).toBe(handed.size);
    for (const h of held) expect(h.sent_at, h.id).toBeNull();
    await waitUntil(
      async () =>
        (
          await t.handle.db
            .selectFrom('outbox')
            .select('id')
            .where('sent_at', 'is', null)
            .where('failed_at', 'is', null)
            .execute()
        ).length === 0,
      45_000,
      'a surviving node to send what the killed one held',
    );
    // Taken over once the dead node's claim ran out, not before.
    const settled = await t.handle.db
      .selectFrom('outbox')
      .select(['id', 'sent_at'])
      .where(
        'id',
        'in',
        held.map((h) => h.id),
      )
      .execute();
    for (const h of held) {
      const sentAt = settled.find((s) => s.id === h.id)?.sent_at ?? '';
      expect(
        sentAt >= (h.locked_until ?? ''),
        `${h.id} sent at ${sentAt}, claimed until ${h.locked_until}`,
      ).toBe(true);
    }
    // Every message the dead node handed over came again from a live node, once.
    const arrived = smtp.distinct();
    for (const r of stuck.receipts) expect(arrived.has(r.messageId), `${r.messageId} sent again`).toBe(true);
    const fresh = smtp.receipts.filter((r) => !before.has(r.messageId));
    expect(new Set(fresh.map((r) => r.messageId)).size).toBe(fresh.length);
    expect(smtp.distinct().size).toBe(smtp.receipts.length);
  });
});
