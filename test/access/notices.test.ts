import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/helpers.js';
import { DIALECTS } from '../support/databases.js';
import { fileSimulatedReport, insertExercise } from '../support/exercises.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { draftNotice, noticeContent, readNotice } from '../support/notices.js';

// An incident's accountability track and its notices, before publication, are the business of the incident's
// body, its supervising ministry and the center: anyone else is answered as for a missing one. A notice is
// published only once approved by the body's approver, who wrote none of it (four eyes), as approved, after the
// body decided to publish; a withdrawn notice stays withdrawn. Every refusal changes nothing.

const MISSING = '01900000-0000-7000-8000-000000000000';

describe.each(DIALECTS)('who may see, approve and publish notices on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let secondOfficer: TestUser;
  let outsiders: [string, TestUser][];
  let readers: [string, TestUser][];
  let incidentId: string;
  let noticeId: string;

  const post = (u: TestUser, url: string, payload: Record<string, unknown>) =>
    t.request(u, { method: 'POST', url, payload });
  const version = async (seq = 1) =>
    (await readNotice(t, g.agencyOfficer, noticeId)).versions.find((v) => v.seq === seq) as {
      seq: number;
      status: string;
      revision: number;
    };
  const unchanged = async (fn: () => Promise<void>) => {
    const before = {
      audit: await t.count('audit_log'),
      versions: JSON.stringify((await readNotice(t, g.agencyOfficer, noticeId)).versions),
      notices: await t.count('notices'),
      comments: await t.count('notice_comments'),
    };
    await fn();
    expect({
      audit: await t.count('audit_log'),
      versions: JSON.stringify((await readNotice(t, g.agencyOfficer, noticeId)).versions),
      notices: await t.count('notices'),
      comments: await t.count('notice_comments'),
    }).toEqual(before);
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
    secondOfficer = await t.user(g.agency, 'security-officer');
    const otherMinistry = await t.org('ministry');
    const otherAgency = await t.org('agency', { parent: otherMinistry });
    outsiders = [
      ['another ministry’s security officer', await t.user(otherMinistry, 'security-officer')],
      ['another agency’s security officer', await t.user(otherAgency, 'security-officer')],
      ['another agency’s reporter', await t.user(otherAgency, 'reporter')],
      ['the center’s administrator', await t.user(g.center, 'admin')],
      ['the center’s auditor', await t.user(g.center, 'auditor')],
    ];
    readers = [
      ['the agency’s reporter', g.agencyReporter],
      ['the supervising ministry’s security officer', g.ministryOfficer],
      ['the center’s analyst', g.analyst],
    ];
    incidentId = (await t.fileIncident(g.agencyReporter, { title: '内部の件名（非公開）' })).id;
    const opened = await post(g.agencyReporter, `/api/v1/incidents/${incidentId}/accountability`, {
      reason: '個人情報の漏えいのおそれ',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json().dueAt).toBe(new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString());
    noticeId = await draftNotice(t, g.agencyReporter, incidentId, noticeContent('下書き'));
  });
  afterAll(async () => t?.close());

  it('shows the track, the draft and its comments to the body, its ministry and the center; others get 404 as for a missing one', async () => {
    for (const [who, u] of readers) {
      const track = await t.request(u, {
        method: 'GET',
        url: `/api/v1/incidents/${incidentId}/accountability`,
      });
      expect(track.statusCode, who).toBe(200);
      expect(track.json().notices.map((n: { id: string }) => n.id)).toEqual([noticeId]);
      expect(
        (await t.request(u, { method: 'GET', url: `/api/v1/notices/${noticeId}` })).statusCode,
        who,
      ).toBe(200);
    }
    const comment = await post(g.ministryOfficer, `/api/v1/notices/${noticeId}/comments`, {
      seq: 1,
      body: '影響の範囲を具体的に',
    });
    expect(comment.statusCode, comment.body).toBe(201);
    expect(
      (await post(g.analyst, `/api/v1/notices/${noticeId}/comments`, { seq: 1, body: '了解' })).statusCode,
    ).toBe(201);

    const missingTrack = await t.request(g.ministryOfficer, {
      method: 'GET',
      url: `/api/v1/incidents/${MISSING}/accountability`,
    });
    const missingNotice = await t.request(g.ministryOfficer, {
      method: 'GET',
      url: `/api/v1/notices/${MISSING}`,
    });
    await unchanged(async () => {
      for (const [who, u] of outsiders) {
        const track = await t.request(u, {
          method: 'GET',
          url: `/api/v1/incidents/${incidentId}/accountability`,
        });
        expectProblem(track, 404, 'notices.track_not_found');
        expect(track.body, who).toBe(missingTrack.body);
        const answers = [
          await t.request(u, { method: 'GET', url: `/api/v1/notices/${noticeId}` }),
          await post(u, `/api/v1/notices/${noticeId}/comments`, { seq: 1, body: '横から' }),
          await post(u, `/api/v1/notices/${noticeId}/versions/1/approve`, { revision: 1 }),
          await post(u, `/api/v1/notices/${noticeId}/versions/1/publish`, { revision: 1 }),
          await post(u, `/api/v1/notices/${noticeId}/withdraw`, {}),
          await t.request(u, {
            method: 'PATCH',
            url: `/api/v1/notices/${noticeId}/versions/1`,
            payload: { revision: 1, content: noticeContent('乗っ取り') },
          }),
        ];
        for (const res of answers) {
          expectProblem(res, 404, 'notices.not_found');
          expect(res.body, who).toBe(missingNotice.body);
        }
        expectProblem(
          await post(u, `/api/v1/incidents/${incidentId}/notices`, { kind: 'notice' }),
          404,
          'notices.track_not_found',
        );
      }
    });
  });

  it('refuses approval to the drafter, to a reporter and to the supervising ministry’s officer; an edit is the editor’s too', async () => {
    const v = await version();
    await unchanged(async () => {
      expectProblem(
        await post(g.agencyReporter, `/api/v1/notices/${noticeId}/versions/1/approve`, {
          revision: v.revision,
        }),
        403,
        'auth.forbidden',
      );
      expectProblem(
        await post(g.ministryOfficer, `/api/v1/notices/${noticeId}/versions/1/approve`, {
          revision: v.revision,
        }),
        403,
        'auth.forbidden',
      );
      expectProblem(
        await post(g.agencyOfficer, `/api/v1/notices/${noticeId}/versions/1/publish`, {
          revision: v.revision,
        }),
        409,
        'notices.not_approved',
      );
    });
    // The approver changes the draft: it is now partly the approver's own text, and someone else approves it.
    const edited = await t.request(g.agencyOfficer, {
      method: 'PATCH',
      url: `/api/v1/notices/${noticeId}/versions/1`,
      payload: { revision: v.revision, content: noticeContent('修正版') },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = await version();
    await unchanged(async () => {
      expectProblem(
        await post(g.agencyOfficer, `/api/v1/notices/${noticeId}/versions/1/approve`, {
          revision: after.revision,
        }),
        403,
        'notices.own_draft',
      );
      expectProblem(
        await post(secondOfficer, `/api/v1/notices/${noticeId}/versions/1/approve`, { revision: v.revision }),
        409,
        'notices.stale',
      );
    });
  });

  it('refuses invisible and misleading characters in a notice, and an edit after approval needs approval again', async () => {
    const v = await version();
    const hostile = [
      ['zero-width space', '下書き\u200B版'],
      ['zero-width joiner', '下\u200D書き'],
      ['byte order mark', '\uFEFF下書き'],
      ['right-to-left override', '下書き\u202Etxt.exe'],
      ['nothing visible', '\u3000 '],
    ];
    await unchanged(async () => {
      for (const [what, title] of hostile) {
        const c = noticeContent('x');
        const res = await t.request(g.agencyReporter, {
          method: 'PATCH',
          url: `/api/v1/notices/${noticeId}/versions/1`,
          payload: { revision: v.revision, content: { ...c, ja: { ...c.ja, title } } },
        });
        expect(res.statusCode, what).toBe(400);
      }
    });
    const approved = await post(secondOfficer, `/api/v1/notices/${noticeId}/versions/1/approve`, {
      revision: v.revision,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    // A look-alike of the approved text (full-width letters, NFKC-equal) is a change: the approval is gone.
    const a = await version();
    const c = noticeContent('修正版');
    const lookalike = await t.request(g.agencyReporter, {
      method: 'PATCH',
      url: `/api/v1/notices/${noticeId}/versions/1`,
      payload: {
        revision: a.revision,
        content: { ...c, en: { ...c.en, title: 'Ｎｏｔｉｃｅ about 修正版' } },
      },
    });
    expect(lookalike.statusCode, lookalike.body).toBe(200);
    expect(await version()).toMatchObject({ status: 'draft' });
    expectProblem(
      await post(g.agencyOfficer, `/api/v1/notices/${noticeId}/versions/1/publish`, {
        revision: a.revision + 1,
      }),
      409,
      'notices.not_approved',
    );
  });

  it('publishes only after the decision, as approved; a replayed approval and a withdrawn notice change nothing', async () => {
    const v = await version();
    const approve = () =>
      post(secondOfficer, `/api/v1/notices/${noticeId}/versions/1/approve`, { revision: v.revision });
    expect((await approve()).statusCode).toBe(200);
    await unchanged(async () => expectProblem(await approve(), 409, 'notices.not_draft'));
    const approved = await version();
    const publish = () =>
      post(g.agencyOfficer, `/api/v1/notices/${noticeId}/versions/1/publish`, {
        revision: approved.revision,
      });
    await unchanged(async () => expectProblem(await publish(), 409, 'notices.not_decided'));

    const track = (
      await t.request(g.agencyOfficer, {
        method: 'GET',
        url: `/api/v1/incidents/${incidentId}/accountability`,
      })
    ).json().track;
    expectProblem(
      await post(g.agencyReporter, `/api/v1/incidents/${incidentId}/accountability/decision`, {
        revision: track.revision,
        decision: 'publish',
        reason: '記者から',
      }),
      403,
      'auth.forbidden',
    );
    expectProblem(
      await post(g.agencyOfficer, `/api/v1/incidents/${incidentId}/accountability/decision`, {
        revision: track.revision + 1,
        decision: 'publish',
        reason: '古い版',
      }),
      409,
      'notices.stale',
    );
    const decided = await post(g.agencyOfficer, `/api/v1/incidents/${incidentId}/accountability/decision`, {
      revision: track.revision,
      decision: 'publish',
      reason: '権利利益の侵害のおそれ',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await publish()).statusCode).toBe(200);
    await unchanged(async () => expectProblem(await publish(), 409, 'notices.not_draft'));
    expect((await t.request(null, { method: 'GET', url: `/public/notices/${noticeId}` })).statusCode).toBe(
      200,
    );

    expect((await post(g.agencyOfficer, `/api/v1/notices/${noticeId}/withdraw`, {})).statusCode).toBe(200);
    await unchanged(async () => {
      expectProblem(
        await post(g.agencyOfficer, `/api/v1/notices/${noticeId}/withdraw`, {}),
        409,
        'notices.withdrawn',
      );
      expectProblem(
        await post(g.agencyOfficer, `/api/v1/notices/${noticeId}/versions/1/publish`, {
          revision: approved.revision + 1,
        }),
        409,
        'notices.withdrawn',
      );
      expectProblem(
        await post(g.agencyReporter, `/api/v1/notices/${noticeId}/versions`, { kind: 'correction' }),
        409,
        'notices.withdrawn',
      );
    });
    const tombstone = await t.request(null, { method: 'GET', url: `/public/notices/${noticeId}` });
    expect(tombstone.body).toContain('取り下げ');
    expect(tombstone.body).not.toContain('修正版 概要');
  });

  it('refuses a second track and a track on what the caller may not read, as missing', async () => {
    expectProblem(
      await post(g.agencyReporter, `/api/v1/incidents/${incidentId}/accountability`, { reason: 'もう一度' }),
      409,
      'notices.track_exists',
    );
    const [, outsider] = outsiders[0] as [string, TestUser];
    const theirs = await post(outsider, `/api/v1/incidents/${incidentId}/accountability`, {
      reason: '横から',
    });
    const missing = await post(outsider, `/api/v1/incidents/${MISSING}/accountability`, { reason: '横から' });
    expectProblem(theirs, 404, 'incidents.not_found');
    expect(theirs.body).toBe(missing.body);
    // The ministry reads its agency's incident, but only the agency opens its track.
    const other = (await t.fileIncident(g.agencyReporter)).id;
    expectProblem(
      await post(g.ministryOfficer, `/api/v1/incidents/${other}/accountability`, { reason: '代わりに' }),
      403,
      'auth.forbidden',
    );
  });

  it('never opens a track on an exercise incident: its data stays in the exercise', async () => {
    const control = await t.user(g.center, 'center-coordinator');
    const exercise = await insertExercise(t, control);
    const simulated = await fileSimulatedReport(t, control, exercise.id, g.agency);
    const tracks = await t.count('accountability_tracks');
    expectProblem(
      await post(g.agencyReporter, `/api/v1/incidents/${simulated.incident.id}/accountability`, {
        reason: '訓練',
      }),
      422,
      'notices.exercise',
    );
    expect(await t.count('accountability_tracks')).toBe(tracks);
  });
  it('tells the incident readers live that the track or a notice changed — what and which notice, never its text', async () => {
    const incident = await t.fileIncident(g.agencyReporter);
    const { head } = await t.services.events.bounds();
    const opened = await post(g.agencyReporter, `/api/v1/incidents/${incident.id}/accountability`, {
      reason: '個人情報の漏えいのおそれ',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const decided = await post(g.agencyOfficer, `/api/v1/incidents/${incident.id}/accountability/decision`, {
      revision: (opened.json() as { revision: number }).revision,
      decision: 'publish',
      reason: '国民の権利利益の侵害のおそれ',
    });
    expect(decided.statusCode, decided.body).toBeLessThan(300);
    const drafted = await draftNotice(t, g.agencyReporter, incident.id, noticeContent('LIVE-MARKER'));
    const events = (await t.services.events.since(head, 50)).filter(
      (e) => e.type === 'accountability.changed',
    );
    expect(events.map((e) => e.payload)).toEqual([
      { change: 'opened', noticeId: null },
      { change: 'decided', noticeId: null },
      { change: 'drafted', noticeId: drafted },
    ]);
    for (const e of events) {
      expect(e.incidentId).toBe(incident.id);
      expect(JSON.stringify(e)).not.toContain('LIVE-MARKER');
      // The body, its ministry and the center it was delivered to: no other body.
      expect(new Set(e.readerOrgIds)).toEqual(new Set([g.agency.id, g.ministry.id, g.center.id]));
      for (const [, u] of outsiders)
        if (u.org.id !== g.center.id) expect(e.readerOrgIds).not.toContain(u.org.id);
    }
  });
});
