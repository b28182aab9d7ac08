import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/ids.js';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// An incident's impact assessment and its reporting clocks are read exactly by the incident's readers (its body,
// the supervising ministry, the center once delivered) and recorded only by its own body's reporters and
// security officers. Every other caller gets the answer of an incident that does not exist, by any id it tries,
// writes nothing, and hears nothing of it live.

const assessment = (over: Record<string, unknown> = {}) => ({
  version: 0,
  persons: 120,
  categories: ['氏名'],
  sensitive: false,
  rightsInfringed: false,
  seriousImpediment: false,
  publicServicesAffected: false,
  malicious: false,
  ...over,
});

describe.each(DIALECTS)('who may read and record assessments and clocks on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  const u = {} as Record<
    'siblingReporter' | 'otherOfficer' | 'otherAgencyReporter' | 'admin' | 'auditor' | 'coordinator',
    TestUser
  >;
  let absentBody: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government({ reviewMode: true });
    const sibling = await t.org('agency', { parent: g.ministry });
    const otherMinistry = await t.org('ministry');
    const otherAgency = await t.org('agency', { parent: otherMinistry });
    u.siblingReporter = await t.user(sibling, 'reporter');
    u.otherOfficer = await t.user(otherMinistry, 'security-officer');
    u.otherAgencyReporter = await t.user(otherAgency, 'reporter');
    u.admin = await t.user(g.center, 'admin');
    u.auditor = await t.user(g.center, 'auditor');
    u.coordinator = await t.user(g.center, 'center-coordinator');
    const absent = await t.request(g.analyst, {
      method: 'GET',
      url: `/api/v1/incidents/${newId()}/assessment`,
    });
    expect(absent.statusCode).toBe(404);
    absentBody = absent.body;
  });
  afterAll(async () => t?.close());

  const url = (id: string, what: 'assessment' | 'deadlines') =>
    `/api/v1/incidents/${encodeURIComponent(id)}/${what}`;
  const read = (user: TestUser, id: string, what: 'assessment' | 'deadlines' = 'assessment') =>
    t.request(user, { method: 'GET', url: url(id, what) });
  const record = (user: TestUser, id: string, payload: object, headers: Record<string, string> = {}) =>
    t.request(user, { method: 'POST', url: url(id, 'assessment'), payload, headers });
  const expectAbsent = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe(absentBody);
  };
  const written = async () => ({
    assessments: await t.count('incident_assessments'),
    audit: await t.count('audit_log'),
    events: await t.count('events'),
  });

  it('no caller outside the reader set reads or records, and its attempt writes nothing', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    expect((await record(g.agencyReporter, incident.id, assessment())).statusCode).toBe(201);
    const before = await written();
    // The center cannot read it while the ministry reviews it.
    for (const outsider of [...Object.values(u), g.analyst]) {
      expectAbsent(await read(outsider, incident.id));
      expectAbsent(await read(outsider, incident.id, 'deadlines'));
      expectAbsent(await record(outsider, incident.id, assessment({ version: 1 })));
    }
    expect(await written()).toEqual(before);
  });

  it('the ministry reads its agency’s; the center reads once delivered; neither records (403)', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    expect((await record(g.agencyOfficer, incident.id, assessment())).statusCode).toBe(201);
    expect((await read(g.ministryOfficer, incident.id)).json().current).toMatchObject({
      version: 1,
      persons: 120,
    });
    expect((await read(g.ministryReporter, incident.id, 'deadlines')).statusCode).toBe(200);
    expectProblem(
      await record(g.ministryOfficer, incident.id, assessment({ version: 1 })),
      403,
      'auth.forbidden',
    );
    const forwarded = await t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/forward`,
      payload: {},
    });
    expect(forwarded.statusCode).toBe(200);
    const seen = await read(g.analyst, incident.id, 'deadlines');
    expect(seen.statusCode).toBe(200);
    expect(seen.json().profiles.map((p: { id: string }) => p.id)).toEqual(['quick-report', 'appi']);
    expectProblem(
      await record(u.coordinator, incident.id, assessment({ version: 1 })),
      403,
      'auth.forbidden',
    );
    for (const outsider of [u.siblingReporter, u.otherOfficer, u.admin, u.auditor])
      expectAbsent(await read(outsider, incident.id, 'deadlines'));
  });

  it('guessed and disguised ids find nothing: unknown, zero-width, full-width, case, padding, path tricks', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const id = incident.id;
    const fullWidth = [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const before = await written();
    for (const guess of [
      newId(),
      `${id}\u200B`,
      `\u200D${id}`,
      fullWidth,
      id.toUpperCase(),
      ` ${id}`,
      `${id}%00`,
    ]) {
      for (const caller of [g.agencyReporter, u.otherOfficer]) {
        expect([400, 404], guess).toContain((await read(caller, guess)).statusCode);
        expect([400, 404], guess).toContain((await read(caller, guess, 'deadlines')).statusCode);
        expect([400, 404], guess).toContain((await record(caller, guess, assessment())).statusCode);
      }
    }
    expect((await written()).assessments).toBe(before.assessments);
  });

  it('a stale version is refused (409); of two changes made on the same version, one wins', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    expect((await record(g.agencyReporter, incident.id, assessment())).statusCode).toBe(201);
    expectProblem(await record(g.agencyOfficer, incident.id, assessment()), 409, 'assessments.stale');
    expectProblem(
      await record(g.agencyOfficer, incident.id, assessment({ version: 7 })),
      409,
      'assessments.stale',
    );
    const raced = await Promise.all([
      record(g.agencyReporter, incident.id, assessment({ version: 1, persons: 10 })),
      record(g.agencyOfficer, incident.id, assessment({ version: 1, persons: 20 })),
    ]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const versions = (await read(g.agencyOfficer, incident.id)).json().versions as { version: number }[];
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('hostile text: invisible and look-alike categories are one, bidi controls and invisible notes are refused', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const before = await written();
    expectProblem(
      await record(g.agencyReporter, incident.id, assessment({ note: '理由\u202Eなし' })),
      400,
      'text.invisible_characters',
    );
    expectProblem(
      await record(g.agencyReporter, incident.id, assessment({ categories: ['\u200B\u200C'] })),
      400,
      'text.empty',
    );
    expectProblem(
      await record(g.agencyReporter, incident.id, assessment({ note: '\u200B\u2060 ' })),
      400,
      'text.empty',
    );
    expectProblem(
      await record(g.agencyReporter, incident.id, assessment({ persons: 0, categories: ['氏名'] })),
      422,
      'assessments.inconsistent',
    );
    expectProblem(
      await record(g.agencyReporter, incident.id, assessment({ reportSeq: 9 })),
      422,
      'assessments.unknown_report',
    );
    expect(await written()).toEqual(before);
    const ok = await record(
      g.agencyReporter,
      incident.id,
      assessment({ categories: ['氏名', '氏\u200B名', 'ﾒｰﾙｱﾄﾞﾚｽ', 'メールアドレス'], note: ' \n ' }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ categories: ['氏名', 'メールアドレス'], note: '' });
  });

  it("replaying another caller's Idempotency-Key gives an outsider nothing of the first answer", async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const headers = { 'idempotency-key': `assessment-replay-${dialect}` };
    const first = await record(
      g.agencyReporter,
      incident.id,
      assessment({ note: '内部の評価メモ' }),
      headers,
    );
    expect(first.statusCode).toBe(201);
    const replayed = await record(
      u.otherOfficer,
      incident.id,
      assessment({ note: '内部の評価メモ' }),
      headers,
    );
    expectAbsent(replayed);
    expect(replayed.body).not.toContain('内部の評価メモ');
  });

  it('profiles are set by the administrator only, whatever id is forged', async () => {
    const before = await written();
    const profile = {
      revision: 0,
      nameJa: '独自',
      nameEn: 'Own',
      trigger: 'always',
      clocks: [
        {
          key: 'a',
          nameJa: 'a',
          nameEn: 'a',
          from: 'detection',
          amount: 1,
          unit: 'hours',
          satisfiedBy: 'quick',
        },
      ],
      bodies: { kinds: [], slugs: [g.agency.slug] },
    };
    for (const caller of [g.agencyOfficer, g.ministryOfficer, u.coordinator, u.auditor])
      for (const id of ['appi', 'quick-report', 'forged-profile'])
        expectProblem(
          await t.request(caller, {
            method: 'PUT',
            url: `/api/v1/deadline-profiles/${id}`,
            payload: profile,
          }),
          403,
          'auth.forbidden',
        );
    expect(await written()).toEqual(before);
  });

  it('the live event of an assessment reaches the incident readers only, with the public-explanation flag', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const { head } = await t.services.events.bounds();
    expect(
      (await record(g.agencyReporter, incident.id, assessment({ rightsInfringed: true }))).statusCode,
    ).toBe(201);
    const events = (await t.services.events.since(head, 10)).filter((e) => e.type === 'assessment.recorded');
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toEqual({ version: 1, publicExplanationCalledFor: true });
    expect(new Set(events[0]?.readerOrgIds)).toEqual(new Set([g.agency.id, g.ministry.id]));
  });
});
