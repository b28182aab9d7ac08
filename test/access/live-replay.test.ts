import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/access/roles.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import type { NewEvent } from '../../src/platform/events/events.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { openStream } from '../support/sse.js';

// What a stream resumed with Last-Event-ID replays, for every role at every kind of body, against an
// independent reading of DESIGN §4: a body's events to its content roles, events for named people to them
// alone (not to colleagues, not to people of another body the event also names), nothing to administrators
// and auditors — whatever the caller sends as its position.

const ORGS = ['C', 'M1', 'A1', 'M2'] as const;
type OrgKey = (typeof ORGS)[number];
const ROLES_AT = (o: OrgKey): Role[] =>
  o === 'C'
    ? ['reporter', 'security-officer', 'center-analyst', 'center-coordinator', 'admin', 'auditor']
    : ['reporter', 'security-officer'];
const CONTENT: readonly Role[] = ['reporter', 'security-officer', 'center-analyst', 'center-coordinator'];

describe.each(DIALECTS)('replay of the live stream for every role on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  const orgs = {} as Record<OrgKey, TestOrg>;
  const people: { org: OrgKey; user: TestUser }[] = [];
  beforeAll(async () => {
    t = await startTestApp(dialect);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    orgs.C = await t.org('center');
    orgs.M1 = await t.org('ministry');
    orgs.A1 = await t.org('agency', { parent: orgs.M1 });
    orgs.M2 = await t.org('ministry');
    for (const o of ORGS)
      for (const role of ROLES_AT(o)) people.push({ org: o, user: await t.user(orgs[o], role) });
  });
  afterAll(async () => t?.close());

  const who = (org: OrgKey, role: Role) => {
    const p = people.find((x) => x.org === org && x.user.role === role);
    if (!p) throw new Error(`no ${role} at ${org}`);
    return p.user;
  };
  const record = (event: NewEvent) =>
    inTransaction(t.handle, (unit) => t.services.events.record(unit, event, t.clock.now()));

  it('replays to each caller exactly the events the model says it may receive', async () => {
    const start = (await t.services.events.bounds()).head;
    const events: { key: string; readers: OrgKey[]; named?: TestUser[] }[] = [
      { key: 'agency-report', readers: ['A1', 'M1', 'C'] },
      { key: 'other-ministry', readers: ['M2'] },
      { key: 'named-m1-officer', readers: ['M1'], named: [who('M1', 'security-officer')] },
      { key: 'named-across-bodies', readers: ['M1', 'M2'], named: [who('M2', 'reporter')] },
      { key: 'center-only', readers: ['C'] },
      { key: 'named-center-admin', readers: ['C'], named: [who('C', 'admin')] },
    ];
    for (const e of events)
      await record({
        type: 'report.added',
        incidentId: e.key,
        readerOrgIds: e.readers.map((o) => orgs[o].id),
        ...(e.named ? { readerUserIds: e.named.map((u) => u.id) } : {}),
        payload: {},
      });
    const model = (p: { org: OrgKey; user: TestUser }) =>
      events
        .filter(
          (e) =>
            CONTENT.includes(p.user.role) &&
            e.readers.includes(p.org) &&
            (!e.named || e.named.some((u) => u.id === p.user.id)),
        )
        .map((e) => e.key);

    const seen: string[] = [];
    const want: string[] = [];
    for (const p of people) {
      // Leading zeros are still the same position; a position is a number and nothing else.
      for (const position of [String(start), `000${start}`]) {
        const stream = await openStream(`${base}/api/v1/events`, {
          ...p.user.headers,
          'last-event-id': position,
        });
        try {
          // A live event for this caller alone, after the replay: once it is here, the replay is complete.
          const sentinel = `sentinel-${p.user.id}`;
          await record({
            type: 'report.added',
            incidentId: sentinel,
            readerOrgIds: [p.user.org.id],
            readerUserIds: [p.user.id],
            payload: {},
          });
          if (CONTENT.includes(p.user.role)) await stream.waitFor((f) => f.data.incidentId === sentinel);
          const got = stream.frames
            .map((f) => String(f.data.incidentId))
            .filter((id) => !id.startsWith('sentinel-'));
          seen.push(`${p.user.role}@${p.org} from ${position}: ${got.join(', ')}`);
          want.push(`${p.user.role}@${p.org} from ${position}: ${model(p).join(', ')}`);
          expect(stream.frames.some((f) => f.event === 'reload')).toBe(false);
        } finally {
          await stream.close();
        }
      }
    }
    expect(seen).toEqual(want);
  });
});
