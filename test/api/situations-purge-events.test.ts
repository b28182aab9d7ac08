import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { purgeEventsAbout } from '../../src/platform/events/events.purge.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// The exercise purge erases the live events whose subject is one of the exercise's situations or the exercise
// (recorded with it, looked up along an index), with their readers; an event that merely mentions such an id in
// its text is another thing's and stays.
describe.each(DIALECTS)('purging the live events of situations on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('erases the events about the ids, keeps one that only mentions them', async () => {
    const situationId = crypto.randomUUID();
    const exerciseId = crypto.randomUUID();
    const other = crypto.randomUUID();
    const record = (type: string, payload: Record<string, unknown>) => ({
      type,
      incidentId: null,
      readerOrgIds: ['org-a', 'org-b'],
      payload,
    });
    const at = t.clock.now();
    await inTransaction(t.handle, async (unit) => {
      for (const e of [
        record('situation.declared', { situationId, name: '訓練の事態' }),
        record('situation.request.issued', {
          situationId,
          exercise: { id: exerciseId, number: 'EX', name: 'x' },
        }),
        record('exercise.started', { exerciseId, number: 'EX' }),
        record('situation.declared', { situationId: other, name: `前の事態 ${situationId} を参照` }),
        record('message.posted', { text: `see ${exerciseId} and ${situationId}` }),
      ])
        await t.services.events.record(unit, e, at);
    });
    const payloads = async () =>
      (await t.handle.db.selectFrom('events').select('payload').execute()).map((r) => r.payload);
    const mentioning = (await payloads()).filter((p) => p.includes(situationId) || p.includes(exerciseId));
    expect(mentioning).toHaveLength(5);

    const counts = await inTransaction(t.handle, (unit) =>
      purgeEventsAbout(unit.tx, { incidentIds: [], namedIds: [situationId, exerciseId] }),
    );
    expect(counts).toEqual({ events: 3, event_readers: 6 });
    const left = (await payloads()).filter((p) => p.includes(situationId) || p.includes(exerciseId));
    expect(left.map((p) => JSON.parse(p))).toEqual([
      { situationId: other, name: `前の事態 ${situationId} を参照` },
      { text: `see ${exerciseId} and ${situationId}` },
    ]);
  });
});
