import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DIALECTS, type TestDialect } from '../support/databases.js';
import { startTestApp, TEST_AUDIT_KEY, TEST_PASSWORD_HASH_ENV, type TestApp } from '../support/harness.js';
import { startSmtpReceiver, waitUntil } from '../support/smtp.js';
import { freePort } from '../support/throwaway-postgres.js';

// Nothing acknowledged is lost (issue 16): clients file quick reports at RATE a second, each with its own
// Idempotency-Key, while the server — the real one, src/server.ts with its workers and outbox, in a process of its
// own — is killed with SIGKILL at a random moment, KILLS times in a row on the same database. After each restart,
// every report answered 201 is there with its deliveries, readers, audit rows and live events; the requests that
// got no answer are sent again with their keys and each creates its report at most once; at the end the audit
// chain verifies and the outbox has sent everything it held. RENRAKU_CRASH_KILLS sets KILLS (README's figures
// come from 20); the figures are printed.

const KILLS = Number(process.env.RENRAKU_CRASH_KILLS ?? 2);
const RATE = 200;

interface ServerNode {
  child: ChildProcess;
  origin: string;
  exited: Promise<void>;
}

async function startNode(t: TestApp, smtpUrl: string): Promise<ServerNode> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    ...TEST_PASSWORD_HASH_ENV,
    RENRAKU_AUDIT_KEY: TEST_AUDIT_KEY.toString('utf8'),
    RENRAKU_SMTP_URL: smtpUrl,
    // A killed node's claims on outbox items expire after this, not the default minute: the test waits for them.
    RENRAKU_OUTBOX_CLAIM_SECONDS: '10',
    RENRAKU_AUDIT_ANCHOR_DIR: 'off',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'silent',
  };
  if (t.handle.dialect === 'postgres') {
    env.DATABASE_URL = t.handle.url;
    env.RENRAKU_DATA_DIR = t.config.dataDir;
  } else env.RENRAKU_DATA_DIR = dirname(t.handle.url);
  // The built command line's `renraku serve`, as an operator starts it (compiled once for the run).
  const child = spawn(process.execPath, ['--enable-source-maps', inject('cliPath'), 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('Renraku is ready at')) resolve();
    });
    void exited.then(() => reject(new Error(`the server exited before it was ready: ${out}`)));
  });
  return { child, origin: `http://127.0.0.1:${port}`, exited };
}

interface Sent {
  key: string;
  title: string;
  /** The request body, sent again byte for byte (a key with another body is refused, 422). */
  body: string;
  /** The incident id, once answered 201. */
  id?: string;
}

describe.each(DIALECTS)(
  'quick reports while the server is killed with SIGKILL on %s',
  (dialect: TestDialect) => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it(`keeps every acknowledged report whole and creates a retried one once, across ${KILLS} kills`, {
      timeout: 120_000 + KILLS * 30_000,
    }, async () => {
      const t = await startTestApp(dialect, { start: new Date().toISOString() });
      cleanups.push(() => t.close());
      const smtp = await startSmtpReceiver();
      cleanups.push(() => smtp.close());
      const { agencyReporter } = await t.government();
      const center = await t.org('center');
      // Someone who is told of every report by e-mail: the outbox has mail to send when the server dies.
      await t.contact(center, {
        name: '当番',
        email: 'duty@center.test',
        role: 'duty-officer',
        availability: '24/7',
      });
      const sending = (title: string): Sent => ({
        key: randomUUID(),
        title,
        body: JSON.stringify({
          title,
          summary: '外部への不審な通信を検知した。',
          detectedAt: new Date().toISOString(),
        }),
      });
      const post = (origin: string, s: Sent, signal?: AbortSignal) =>
        fetch(`${origin}/api/v1/incidents`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${agencyReporter.token}`,
            'content-type': 'application/json',
            'idempotency-key': s.key,
          },
          body: s.body,
          signal,
        });

      const sent: Sent[] = [];
      const figures = { kills: 0, sent: 0, acknowledged: 0, found: 0, retried: 0, duplicates: 0 };
      for (let round = 0; round < KILLS; round++) {
        const node = await startNode(t, smtp.url);
        // A first report answered before the clock starts: a new process compiles its code paths on it.
        const first = sending(`速報 ${round}-${sent.length}`);
        sent.push(first);
        const answer = await post(node.origin, first);
        expect(answer.status, await answer.clone().text()).toBe(201);
        first.id = ((await answer.json()) as { id: string }).id;
        const inFlight: Promise<void>[] = [];
        const killAt = Date.now() + 300 + Math.random() * 1700;
        // Open loop: a request every 1/RATE s, whatever the answers do, until the kill.
        while (Date.now() < killAt) {
          const s = sending(`速報 ${round}-${sent.length}`);
          sent.push(s);
          inFlight.push(
            post(node.origin, s)
              .then(async (res) => {
                if (res.status === 201) s.id = ((await res.json()) as { id: string }).id;
                else await res.body?.cancel();
              })
              .catch(() => undefined),
          );
          await new Promise((r) => setTimeout(r, 1000 / RATE));
        }
        node.child.kill('SIGKILL');
        await node.exited;
        figures.kills++;
        await Promise.all(inFlight);
      }
      figures.sent = sent.length;
      figures.acknowledged = sent.filter((s) => s.id).length;
      expect(figures.acknowledged).toBeGreaterThan(0);

      // Restarted: what was answered is there, whole; what was not is sent again with its key.
      const node = await startNode(t, smtp.url);
      cleanups.push(async () => {
        node.child.kill('SIGTERM');
        await node.exited;
      });
      const db = t.handle.db;
      const ids = new Set((await db.selectFrom('incidents').select('id').execute()).map((r) => r.id));
      for (const s of sent) if (s.id) expect(ids.has(s.id), `${s.title} was answered 201`).toBe(true);
      figures.found = sent.filter((s) => s.id && ids.has(s.id)).length;
      // Sent again ten at a time, as clients retrying would.
      const unanswered = sent.filter((x) => !x.id);
      for (let i = 0; i < unanswered.length; i += 10)
        await Promise.all(
          unanswered.slice(i, i + 10).map(async (s) => {
            const res = await post(node.origin, s);
            expect([200, 201], `${s.title} sent again`).toContain(res.status);
            s.id = ((await res.json()) as { id: string }).id;
            figures.retried++;
          }),
        );
      const rows = await db.selectFrom('incidents').select(['id', 'title']).execute();
      const byTitle = new Map<string, number>();
      for (const r of rows) byTitle.set(r.title, (byTitle.get(r.title) ?? 0) + 1);
      figures.duplicates = [...byTitle.values()].filter((n) => n > 1).length;
      expect(figures.duplicates).toBe(0);
      for (const s of sent) expect(byTitle.get(s.title), s.title).toBe(1);

      // Each whole: delivered, readable, audited, announced.
      const all = sent.map((s) => s.id as string);
      const having = async (table: 'deliveries' | 'incident_readers' | 'events', column: 'incident_id') =>
        new Set(
          (await db.selectFrom(table).select(column).where(column, 'in', all).execute()).map(
            (r) => r[column],
          ),
        );
      const audited = new Set(
        (await db.selectFrom('audit_log').select('subject_id').where('subject_id', 'in', all).execute()).map(
          (r) => r.subject_id,
        ),
      );
      const delivered = await having('deliveries', 'incident_id');
      const readable = await having('incident_readers', 'incident_id');
      const announced = await having('events', 'incident_id');
      for (const id of all) {
        expect(delivered.has(id), `${id} delivered`).toBe(true);
        expect(readable.has(id), `${id} readable`).toBe(true);
        expect(audited.has(id), `${id} audited`).toBe(true);
        expect(announced.has(id), `${id} announced`).toBe(true);
      }
      expect(await t.services.audit.verify(db)).toMatchObject({ ok: true });

      // The outbox resumes: every e-mail queued before a kill is sent by the node that came back.
      expect(await t.count('outbox')).toBeGreaterThan(0);
      await waitUntil(
        async () =>
          (
            await db
              .selectFrom('outbox')
              .select('id')
              .where('sent_at', 'is', null)
              .where('failed_at', 'is', null)
              .execute()
          ).length === 0,
        60_000,
        'the outbox to send what it held',
      );
      console.log(`crash ${dialect}: ${JSON.stringify(figures)}`);
    });
  },
);
