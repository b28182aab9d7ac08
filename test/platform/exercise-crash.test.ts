import { type ChildProcess, fork } from 'node:child_process';
import { dirname } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DIALECTS, type TestDialect } from '../support/databases.js';
import { startTestApp, TEST_AUDIT_KEY, type TestApp } from '../support/harness.js';
import { waitUntil } from '../support/smtp.js';

// The fault of the issue: the process playing an exercise is killed with SIGKILL between two injects, and again
// in the middle of a burst of injects due together; each time another is started on the same database. Every
// inject is played exactly once and in order, and what they create is there once: one situation, one incident
// per simulated report, one timeline entry per note and level change.

interface RunnerNode {
  child: ChildProcess;
  exited: Promise<void>;
}

async function startNode(t: TestApp): Promise<RunnerNode> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    RENRAKU_AUDIT_KEY: TEST_AUDIT_KEY.toString('utf8'),
    RUNNER_INTERVAL_MS: '40',
    LOG_LEVEL: 'silent',
  };
  const handle = t.handle as typeof t.handle & { url: string };
  if (handle.dialect === 'postgres') env.DATABASE_URL = handle.url;
  else {
    env.DATABASE_URL = '';
    env.RENRAKU_DATA_DIR = dirname(handle.url);
  }
  const child = fork(inject('exerciseNodePath'), [], {
    execArgv: ['--enable-source-maps'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then(() => reject(new Error('the exercise node exited')));
  });
  return { child, exited };
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe.each(DIALECTS)('an exercise whose runner is killed with SIGKILL on %s', (dialect: TestDialect) => {
  it('plays every inject exactly once, in order, across two kills and restarts', {
    timeout: 240_000,
  }, async () => {
    const t = await startTestApp(dialect, { start: new Date().toISOString() });
    cleanup.push(() => t.close());
    const center = await t.org('center');
    const m1 = await t.org('ministry');
    const a1 = await t.org('agency', { parent: m1 });
    const coordinator = await t.user(center, 'center-coordinator');
    const burst = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0
        ? { at: 6, kind: 'report', body: a1.slug, title: `速報 ${i}`, summary: `訓練 ${i}` }
        : { at: 6, kind: 'note', text: `記録 ${i}` },
    );
    const injects = [
      {
        at: 'T+0',
        kind: 'declare',
        name: '訓練事態',
        description: '想定',
        level: 'caution',
        tlp: 'TLP:AMBER',
        scope: { kind: 'bodies', bodies: [{ slug: m1.slug, withAgencies: true }] },
      },
      { at: 1, kind: 'note', text: '一' },
      { at: 4, kind: 'note', text: '二' },
      ...burst,
      { at: 15, kind: 'level', level: 'alert' },
      { at: 16, kind: 'note', text: '最後' },
    ];
    const created = await t.request(coordinator, {
      method: 'POST',
      url: '/api/v1/exercises',
      payload: { scenario: { name: '障害訓練', injects } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, version } = created.json() as { id: string; version: number };
    const played = async () =>
      Number(
        (
          await t.handle.db
            .selectFrom('exercise_injects')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('exercise_id', '=', id)
            .where('played_at', 'is not', null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const kill = async (node: RunnerNode) => {
      node.child.kill('SIGKILL');
      await node.exited;
    };

    // Between injects: after the first note (T+1 s), before the second (T+4 s). The node is up before the start.
    const first = await startNode(t);
    cleanup.push(() => kill(first));
    t.clock.set(new Date());
    const started = await t.request(coordinator, {
      method: 'POST',
      url: `/api/v1/exercises/${id}/start`,
      payload: { version },
    });
    expect(started.statusCode, started.body).toBe(200);
    const startedAt = Date.now();

    await waitUntil(async () => (await played()) >= 2, 20_000);
    expect(await played()).toBeLessThan(3);
    await kill(first);

    // In the middle of the burst due at T+6 s.
    await waitUntil(async () => Date.now() - startedAt > 6_000, 20_000);
    const second = await startNode(t);
    cleanup.push(() => kill(second));
    await waitUntil(async () => (await played()) >= 6, 30_000);
    await kill(second);
    const atKill = await played();

    const third = await startNode(t);
    cleanup.push(() => kill(third));
    await waitUntil(async () => (await played()) === injects.length, 60_000);
    third.child.send('stop');
    await third.exited;

    expect(atKill).toBeLessThan(injects.length);
    const rows = await t.handle.db
      .selectFrom('exercise_injects')
      .select(['seq', 'played_at', 'outcome'])
      .where('exercise_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(
      rows.every((r) => r.played_at !== null && (JSON.parse(r.outcome ?? '{}') as { ok?: boolean }).ok),
    ).toBe(true);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('detail')
      .where('subject_id', '=', id)
      .where('action', '=', 'exercise.inject_play')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => (JSON.parse(a.detail) as { seq: number }).seq)).toEqual(
      injects.map((_, i) => i + 1),
    );
    const count = async (table: 'situations' | 'incidents') =>
      Number(
        (
          await t.handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('exercise_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('situations')).toBe(1);
    expect(await count('incidents')).toBe(30);
    const entries = await t.handle.db
      .selectFrom('situation_entries')
      .innerJoin('situations', 'situations.id', 'situation_entries.situation_id')
      .select('situation_entries.kind')
      .where('situations.exercise_id', '=', id)
      .execute();
    const kinds = entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'note')).toHaveLength(33);
    expect(kinds.filter((k) => k === 'level_changed')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'declared')).toHaveLength(1);
    expect((await t.services.audit.verify(t.handle.db)).ok).toBe(true);
  });
});
