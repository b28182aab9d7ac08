// Nothing acknowledged is lost (issue 16): the kill loop and its checks, shared by the crash test
// (test/platform/report-crash.test.ts, a few kills on CI's database) and the bench's phase k (20 kills, PostgreSQL
// with fsync on). Clients file quick reports at `rate` a second, each with its own Idempotency-Key, while the
// server — the real one, `renraku serve` with its workers and outbox, in a process of its own — is killed with
// SIGKILL at a random moment, `kills` times in a row on the same database. After the last restart: every report
// answered 201 is there with its deliveries, readers, audit rows and live events; the requests that got no
// answer are sent again with their keys and each creates its report once; the audit chain verifies; the outbox
// sends everything it held. Every check that fails is a line of `problems` (empty when all hold).
import { randomUUID } from 'node:crypto';
import type { TestApp } from './harness.js';
import type { ServerNode } from './nodes.js';
import { waitUntil } from './smtp.js';

export interface CrashFigures {
  kills: number;
  sent: number;
  acknowledged: number;
  found: number;
  retried: number;
  duplicates: number;
}

interface Sent {
  key: string;
  title: string;
  /** The request body, sent again byte for byte (a key with another body is refused, 422). */
  body: string;
  /** The incident id, once answered 201. */
  id?: string;
}

/**
 * Runs the loop on `t`'s database (which must hold a government and a duty contact of the center: see the
 * crash test) with nodes from `startNode`; the last node is left running and returned, for its caller to stop.
 */
export async function crashLoop(options: {
  t: TestApp;
  reporterToken: string;
  kills: number;
  rate: number;
  startNode: () => Promise<ServerNode>;
  /** The kill comes this long after the first answer of a round, at random between the two (ms). */
  killWindowMs?: [number, number];
  log?: (line: string) => void;
}): Promise<{ figures: CrashFigures; problems: string[]; node: ServerNode }> {
  const { t, kills, rate } = options;
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const sending = (title: string): Sent => ({
    key: randomUUID(),
    title,
    body: JSON.stringify({
      title,
      summary: '外部への不審な通信を検知した。',
      detectedAt: new Date().toISOString(),
    }),
  });
  const post = (origin: string, s: Sent) =>
    fetch(`${origin}/api/v1/incidents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.reporterToken}`,
        'content-type': 'application/json',
        'idempotency-key': s.key,
      },
      body: s.body,
    });

  // Titles differ from run to run: a database may hold another run's reports.
  const run = randomUUID().slice(0, 8);
  const sent: Sent[] = [];
  const figures: CrashFigures = { kills: 0, sent: 0, acknowledged: 0, found: 0, retried: 0, duplicates: 0 };
  for (let round = 0; round < kills; round++) {
    const node = await options.startNode();
    // A first report answered before the clock starts: a new process compiles its code paths on it.
    const first = sending(`速報 ${run} ${round}-${sent.length}`);
    sent.push(first);
    const answer = await post(node.origin, first);
    if (answer.status !== 201) {
      await node.kill();
      throw new Error(
        `the first report of round ${round} was answered ${answer.status}: ${await answer.text()}`,
      );
    }
    first.id = ((await answer.json()) as { id: string }).id;
    const inFlight: Promise<void>[] = [];
    const [earliest, latest] = options.killWindowMs ?? [300, 2000];
    const killAt = Date.now() + earliest + Math.random() * (latest - earliest);
    // Open loop: a request every 1/rate s, whatever the answers do, until the kill.
    while (Date.now() < killAt) {
      const s = sending(`速報 ${run} ${round}-${sent.length}`);
      sent.push(s);
      inFlight.push(
        post(node.origin, s)
          .then(async (res) => {
            if (res.status === 201) s.id = ((await res.json()) as { id: string }).id;
            else await res.body?.cancel();
          })
          .catch(() => undefined),
      );
      await new Promise((r) => setTimeout(r, 1000 / rate));
    }
    await node.kill();
    figures.kills++;
    await Promise.all(inFlight);
    options.log?.(
      `kill ${figures.kills}: ${sent.length} sent, ${sent.filter((s) => s.id).length} acknowledged`,
    );
  }
  figures.sent = sent.length;
  figures.acknowledged = sent.filter((s) => s.id).length;
  check(figures.acknowledged > 0, 'no report was acknowledged');

  // Restarted: what was answered is there, whole; what was not is sent again with its key.
  const node = await options.startNode();
  try {
    const db = t.handle.db;
    const ids = new Set((await db.selectFrom('incidents').select('id').execute()).map((r) => r.id));
    for (const s of sent) if (s.id) check(ids.has(s.id), `${s.title} was answered 201 and is missing`);
    figures.found = sent.filter((s) => s.id && ids.has(s.id)).length;
    // Sent again ten at a time, as clients retrying would.
    const unanswered = sent.filter((x) => !x.id);
    for (let i = 0; i < unanswered.length; i += 10)
      await Promise.all(
        unanswered.slice(i, i + 10).map(async (s) => {
          const res = await post(node.origin, s);
          check([200, 201].includes(res.status), `${s.title} sent again was answered ${res.status}`);
          s.id = ((await res.json()) as { id: string }).id;
          figures.retried++;
        }),
      );
    const rows = await db.selectFrom('incidents').select(['id', 'title']).execute();
    const byTitle = new Map<string, number>();
    for (const r of rows) byTitle.set(r.title, (byTitle.get(r.title) ?? 0) + 1);
    figures.duplicates = [...byTitle.values()].filter((n) => n > 1).length;
    for (const s of sent)
      check(byTitle.get(s.title) === 1, `${s.title} is there ${byTitle.get(s.title) ?? 0} times`);

    // Each whole: delivered, readable, audited, announced.
    const all = sent.map((s) => s.id as string);
    const having = async (table: 'deliveries' | 'incident_readers' | 'events', column: 'incident_id') => {
      const found = new Set<string | null>();
      for (let i = 0; i < all.length; i += 500)
        for (const r of await db
          .selectFrom(table)
          .select(column)
          .where(column, 'in', all.slice(i, i + 500))
          .execute())
          found.add(r[column]);
      return found;
    };
    const audited = new Set<string | null>();
    for (let i = 0; i < all.length; i += 500)
      for (const r of await db
        .selectFrom('audit_log')
        .select('subject_id')
        .where('subject_id', 'in', all.slice(i, i + 500))
        .execute())
        audited.add(r.subject_id);
    const delivered = await having('deliveries', 'incident_id');
    const readable = await having('incident_readers', 'incident_id');
    const announced = await having('events', 'incident_id');
    for (const id of all) {
      check(delivered.has(id), `${id} not delivered`);
      check(readable.has(id), `${id} has no readers`);
      check(audited.has(id), `${id} not audited`);
      check(announced.has(id), `${id} not announced`);
    }
    const verified = await t.services.audit.verify(db);
    check(verified.ok, `audit verify: ${JSON.stringify(verified)}`);

    // The outbox resumes: every e-mail queued before a kill is sent by the node that came back.
    check((await t.count('outbox')) > 0, 'the outbox held nothing');
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
  } catch (e) {
    await node.kill();
    throw e;
  }
  return { figures, problems, node };
}
