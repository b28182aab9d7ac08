import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { parseCsv } from '../support/csv.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp.js';
import { openStream } from '../support/sse.js';

// Random governments, random scopes, random answers (own and on behalf, allowed or not), requests (要請: to all,
// the ministries or named bodies; amended, withdrawn, moved by the body or its ministry, allowed or not), situation
// reports (状況報告: drafts, issues, corrections) and a stand-down at a random moment: every step is taken or
// refused exactly as an independent model of the situations contract says, and after every step every user sees
// exactly what the model allows through by id (a hidden request or report answers as a missing one), the lists, the
// board and its CSV, each body's answers, the timeline (see PARTS), and after the last step also the live stream
// replayed from before the declaration (Last-Event-ID) and the e-mail its duty contact received (the declaration
// for a body in scope, each request it is addressed, nothing it may not see); every other body's duty contact is
// also its tool (a webhook on a loopback receiver), told exactly the notices its e-mail was, naming nothing more.

interface Body {
  org: TestOrg;
  parent: Body | null;
  reporter: TestUser;
  officer: TestUser;
  /** Whether its duty contact is its tool too (a webhook). */
  hooked: boolean;
}
type Status = 'none' | 'investigating' | 'affected';
const STATES = ['issued', 'acknowledged', 'in_progress', 'done'] as const;
type Move = Exclude<(typeof STATES)[number], 'issued'>;
interface RequestModel {
  id: string;
  title: string;
  addressed: Body[];
  state: Map<Body, number>;
  version: number;
  withdrawn: boolean;
}
interface ReportModel {
  /** The row ids of its versions, oldest first (one while a draft). */
  rows: { id: string; title: string }[];
  issued: boolean;
  rowVersion: number;
}
const STATUS_LABEL: Record<string, string> = {
  none: '被害なし',
  investigating: '調査中',
  affected: '被害あり',
  unanswered: '未回答',
};

const scenario = fc.record({
  // Two ministries at least, so that every run has bodies that see the situation but not every request.
  ministries: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 3 }),
  scope: fc.oneof(
    fc.record({ kind: fc.constant('all' as const) }),
    fc.record({ kind: fc.constant('ministries' as const) }),
    fc.record({
      kind: fc.constant('bodies' as const),
      bodies: fc.array(fc.record({ index: fc.nat(), withAgencies: fc.boolean() }), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  ),
  actions: fc.array(
    fc.oneof(
      {
        weight: 10,
        arbitrary: fc.record({
          kind: fc.constant('answer' as const),
          by: fc.nat(),
          officer: fc.boolean(),
          // Half the attempts are for the answerer's own body, the rest for any body of the run.
          own: fc.boolean(),
          target: fc.nat(),
          status: fc.constantFrom<Status>('none', 'investigating', 'affected'),
        }),
      },
      // Rare, so that most runs do most of their steps on an open situation.
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('standDown' as const) }) },
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant('issueRequest' as const),
          to: fc.constantFrom('all' as const, 'ministries' as const, 'bodies' as const),
          bodies: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('amendRequest' as const),
          which: fc.nat(),
          stale: fc.boolean(),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdrawRequest' as const), which: fc.nat() }) },
      {
        weight: 12,
        arbitrary: fc.record({
          kind: fc.constant('moveRequest' as const),
          which: fc.nat(),
          // An addressee moving its own state, a ministry moving its agency's, or any body any body's.
          who: fc.constantFrom('addressee' as const, 'ministry' as const, 'any' as const),
          by: fc.nat(),
          officer: fc.boolean(),
          target: fc.nat(),
          state: fc.constantFrom<Move>('acknowledged', 'in_progress', 'done'),
        }),
      },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('draftReport' as const) }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('issueReport' as const), which: fc.nat() }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('correctReport' as const), which: fc.nat() }) },
    ),
    // Long sequences (fast-check's default size keeps most arrays short): more interleavings per run.
    { minLength: 8, maxLength: 24, size: 'max' },
  ),
});

/**
 * The read paths looked at after a step of each kind: the situation, its board and CSV always; each body's answers
 * after an answer; the requests, reports and timeline after a request's or a report's step and the stand-down.
 * Everything, with the live stream replayed from before the declaration, e-mail and webhooks, after the last step
 * (what the stream, the mail and the tools received only grows: nothing a step sent can be taken back).
 */
type Part = 'answers' | 'requests' | 'stream';
type StepKind = (typeof scenario extends fc.Arbitrary<infer S> ? S : never)['actions'][number]['kind'];
const PARTS: Record<StepKind, ReadonlySet<Part>> = {
  answer: new Set(['answers']),
  standDown: new Set(['requests']),
  issueRequest: new Set(['requests']),
  amendRequest: new Set(['requests']),
  withdrawRequest: new Set(['requests']),
  moveRequest: new Set(['requests']),
  draftReport: new Set(['requests']),
  issueReport: new Set(['requests']),
  correctReport: new Set(['requests']),
};

describe.each(DIALECTS)('situations against a reference model on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let hook: Server;
  let hookBase = '';
  // Each webhook delivery, by the slug of the body whose tool it reached (its address's last segment).
  const hooks: { slug: string; payload: Record<string, unknown> }[] = [];
  let hooked = 0;
  let webhooksSeen = 0;
  let base: string;
  let coordinator: TestUser;
  let analyst: TestUser;
  let run = 0;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        hooks.push({ slug: (req.url ?? '').split('/').pop() ?? '', payload });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookBase = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/h`;
    t = await startTestApp(dialect, { config: { smtpUrl: smtp.url, webhookAllowLoopback: true } });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const center = await t.org('center');
    coordinator = await t.user(center, 'center-coordinator');
    analyst = await t.user(center, 'center-analyst');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    hook?.close();
  });

  it('answers, requests, reports, situations, boards, timelines, streams and e-mail follow the model', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        run++;
        const bodies: Body[] = [];
        const staffed = async (org: TestOrg, parent: Body | null): Promise<Body> => {
          const body = {
            org,
            parent,
            reporter: await t.user(org, 'reporter'),
            officer: await t.user(org, 'security-officer'),
            hooked: hooked++ % 2 === 0,
          };
          // The officer is the body's duty contact: what the product e-mails the body reaches the officer. Every
          // other body's duty contact is its tool too: the same contact, so told by both channels at once.
          const tool = body.hooked ? { webhookUrl: `${hookBase}/${org.slug}` } : {};
          await t.contact(org, { name: '当番', role: 'duty-officer', email: body.officer.email, ...tool });
          return body;
        };
        for (const agencies of s.ministries) {
          const ministry = await staffed(await t.org('ministry'), null);
          bodies.push(ministry);
          for (let a = 0; a < agencies; a++)
            bodies.push(await staffed(await t.org('agency', { parent: ministry.org }), ministry));
        }
        // The model of the scope (bodies of earlier runs may be in scope too; they are not looked at).
        const named =
          s.scope.kind === 'bodies'
            ? [
                ...new Map(
                  s.scope.bodies.map((b) => [bodies[b.index % bodies.length] as Body, b.withAgencies]),
                ),
              ]
            : [];
        const inScope = (b: Body) =>
          s.scope.kind === 'all' ||
          (s.scope.kind === 'ministries' && b.parent === null) ||
          named.some(([n, withAgencies]) => n === b || (withAgencies && b.parent === n));
        const sees = (v: Body | null) =>
          v === null || bodies.some((b) => inScope(b) && (b === v || b.parent === v));
        const reads = (v: Body | null, b: Body) => v === null || v === b || b.parent === v;
        const mayAnswer = (by: Body, b: Body) => inScope(b) && (b === by || b.parent === by);
        const seesRequest = (v: Body | null, r: RequestModel) =>
          sees(v) && r.addressed.some((b) => reads(v, b));

        const scope =
          s.scope.kind === 'bodies'
            ? {
                kind: 'bodies',
                bodies: named.map(([b, withAgencies]) => ({ orgId: b.org.id, withAgencies })),
              }
            : { kind: s.scope.kind };
        const head = (await t.services.events.bounds()).head;
        const mailFrom = smtp.receipts.length;
        const hookFrom = hooks.length;
        // Markers in brackets, so that no title is a part of another.
        const situationName = `事態〔${run}〕`;
        const declared = await t.request(coordinator, {
          method: 'POST',
          url: '/api/v1/situations',
          // TLP:GREEN lets names and titles travel by e-mail, so that what a mail names can be looked at.
          payload: { name: situationName, description: '説明', level: 'caution', tlp: 'TLP:GREEN', scope },
        });
        expect(declared.statusCode, declared.body).toBe(201);
        const id = (declared.json() as { id: string }).id;
        const path = `/api/v1/situations/${id}`;
        const answers = new Map<Body, Status[]>();
        const requests: RequestModel[] = [];
        const reports: ReportModel[] = [];
        let open = true;
        // A report issued or corrected after the stand-down is the final one: nothing is issued after it.
        let finalIssued = false;
        const post = (user: TestUser, url: string, payload: object) =>
          t.request(user, { method: 'POST', url: `${path}${url}`, payload });

        const current = (b: Body) => answers.get(b)?.at(-1) ?? null;
        const issuedRows = () => reports.flatMap((r) => (r.issued ? r.rows : []));
        const draftRows = () => reports.flatMap((r) => (r.issued ? [] : r.rows));

        const viewers: [Body | null, TestUser][] = [
          ...bodies.map((b): [Body, TestUser] => [b, b.officer]),
          [null, analyst],
        ];
        const missingRequest = async (user: TestUser) =>
          (
            await t.request(user, {
              method: 'GET',
              url: `${path}/requests/01900000-0000-7000-8000-000000000000`,
            })
          ).body;
        /**
         * Every user through every read path the parts name: the situation, board and CSV always; each body's
         * answers; the requests, reports and timeline; the live stream replayed from before the declaration.
         */
        async function checkReads(step: string, parts: ReadonlySet<Part>) {
          for (const [v, user] of viewers) {
            const who = `${step}: ${v ? v.org.slug : 'center'}`;
            const get = (url: string) => t.request(user, { method: 'GET', url: `${path}${url}` });
            const situation = await get('');
            expect(situation.statusCode, who).toBe(sees(v) ? 200 : 404);
            if (v && sees(v)) {
              const my = (
                situation.json() as { myBody: { inScope: boolean; answer: { status: string } | null } }
              ).myBody;
              expect(my.inScope, who).toBe(inScope(v));
              expect(my.answer?.status ?? null, who).toBe(current(v));
            }
            const board = await get('/board');
            const csv = await get('/board.csv');
            expect(csv.statusCode, `${who} board.csv`).toBe(board.statusCode);
            if (!sees(v)) expect(board.statusCode, `${who} board`).toBe(404);
            else if (v?.parent) expect(board.statusCode, `${who} board`).toBe(403);
            else {
              const rows = (
                board.json() as { bodies: { orgId: string; answer: { status: string } | null }[] }
              ).bodies;
              const ofRun = new Map(bodies.map((b) => [b.org.id, b]));
              const got = rows
                .filter((r) => ofRun.has(r.orgId))
                .map((r): [string, string | null] => [r.orgId, r.answer?.status ?? null]);
              const want = bodies
                .filter((b) => inScope(b) && reads(v, b))
                .map((b): [string, string | null] => [b.org.id, current(b)]);
              expect(new Map(got), `${who} board`).toEqual(new Map(want));
              if (v) expect(rows.length, `${who} board holds nothing else`).toBe(want.length);
              // The CSV holds the board's rows, as the board shows them to this reader.
              const sheet = parseCsv(csv.body.slice(1)).slice(2);
              expect(sheet.map((r) => r[3]).sort(), `${who} board.csv`).toEqual(
                rows.map((r) => STATUS_LABEL[r.answer?.status ?? 'unanswered']).sort(),
              );
            }
            if (parts.has('answers')) {
              for (const b of bodies) {
                const res = await get(`/answers/${b.org.id}`);
                const allowed = sees(v) && inScope(b) && reads(v, b);
                expect(res.statusCode, `${who} answers of ${b.org.slug}`).toBe(allowed ? 200 : 404);
                if (allowed) {
                  const items = (res.json() as { items: { status: string }[] }).items.map((x) => x.status);
                  expect(items, `${who} answers of ${b.org.slug}`).toEqual(
                    [...(answers.get(b) ?? [])].reverse(),
                  );
                }
              }
            }
            if (parts.has('requests')) {
              // Requests: the list and each one by id show exactly the requests, and the states, the model gives.
              const listed = await get('/requests');
              const reportList = await get('/reports');
              const timeline = await get('/timeline');
              if (!sees(v)) {
                for (const res of [listed, reportList, timeline]) expect(res.statusCode, who).toBe(404);
                for (const r of requests) expect((await get(`/requests/${r.id}`)).statusCode, who).toBe(404);
                for (const r of [...issuedRows(), ...draftRows()])
                  expect((await get(`/reports/${r.id}`)).statusCode, who).toBe(404);
              } else {
                const statesOf = (r: RequestModel) =>
                  new Map(
                    r.addressed
                      .filter((b) => reads(v, b))
                      .map((b) => [b.org.id, STATES[r.state.get(b) ?? 0]]),
                  );
                type Seen = {
                  id: string;
                  withdrawnAt: string | null;
                  bodies: { orgId: string; state: string }[];
                };
                const ofRun = new Set(bodies.map((b) => b.org.id));
                const shown = (r: Seen) =>
                  new Map(r.bodies.filter((b) => ofRun.has(b.orgId)).map((b) => [b.orgId, b.state]));
                const items = (listed.json() as { items: Seen[] }).items;
                const visible = requests.filter((r) => seesRequest(v, r));
                expect(items.map((r) => r.id).sort(), `${who} requests`).toEqual(
                  visible.map((r) => r.id).sort(),
                );
                const missing = await missingRequest(user);
                for (const r of requests) {
                  const res = await get(`/requests/${r.id}`);
                  if (!seesRequest(v, r)) {
                    expect(res.body, `${who} hidden request`).toBe(missing);
                    continue;
                  }
                  const one = res.json() as Seen;
                  const inList = items.find((x) => x.id === r.id) as Seen;
                  for (const seen of [one, inList]) {
                    expect(shown(seen), `${who} states of ${r.title}`).toEqual(statesOf(r));
                    expect(seen.withdrawnAt !== null, `${who} ${r.title} withdrawn`).toBe(r.withdrawn);
                    // A body sees no other body's state than its own and its agencies'.
                    if (v)
                      expect(
                        seen.bodies.every((b) => ofRun.has(b.orgId)),
                        who,
                      ).toBe(true);
                  }
                }

                // Reports: issued ones (every version) to whoever sees the situation, drafts to the center only.
                const got = reportList.json() as { items: { id: string }[]; drafts: { id: string }[] };
                expect(got.items.map((r) => r.id).sort(), `${who} reports`).toEqual(
                  issuedRows()
                    .map((r) => r.id)
                    .sort(),
                );
                expect(got.drafts.map((r) => r.id).sort(), `${who} drafts`).toEqual(
                  v
                    ? []
                    : draftRows()
                        .map((r) => r.id)
                        .sort(),
                );
                const missingReport = (await get('/reports/01900000-0000-7000-8000-000000000000')).body;
                for (const r of issuedRows())
                  expect((await get(`/reports/${r.id}`)).statusCode, who).toBe(200);
                for (const r of draftRows()) {
                  const res = await get(`/reports/${r.id}`);
                  if (v) expect(res.body, `${who} draft`).toBe(missingReport);
                  else expect(res.statusCode, who).toBe(200);
                }

                // The timeline: entries of requests it sees, of moves of bodies it reads, of issued reports.
                const entries = (
                  timeline.json() as {
                    items: { kind: string; orgId: string | null; data: Record<string, unknown> }[];
                  }
                ).items;
                const requestIds = new Set(visible.map((r) => r.id));
                const issuedIds = new Set(issuedRows().map((r) => r.id));
                for (const e of entries) {
                  if (e.kind.startsWith('request_'))
                    expect(requestIds.has(String(e.data.requestId)), `${who} timeline ${e.kind}`).toBe(true);
                  if (e.kind.startsWith('report_'))
                    expect(issuedIds.has(String(e.data.reportId)) || v === null, `${who} ${e.kind}`).toBe(
                      true,
                    );
                  const about = bodies.find((b) => b.org.id === e.orgId);
                  if (about) expect(reads(v, about), `${who} timeline about ${about.org.slug}`).toBe(true);
                }
                const issuedEntries = entries
                  .filter((e) => e.kind === 'request_issued')
                  .map((e) => e.data.requestId);
                expect(new Set(issuedEntries), `${who} timeline requests`).toEqual(requestIds);
              }
            }
            if (parts.has('stream')) {
              // The live stream, resumed from before the declaration: what it replays is what the model allows.
              const stream = await openStream(`${base}/api/v1/events`, {
                ...user.headers,
                'last-event-id': String(head),
              });
              try {
                const sentinel = `sentinel-${run}-${user.id}`;
                await inTransaction(t.handle, (unit) =>
                  t.services.events.record(
                    unit,
                    {
                      type: 'situation.entry_added',
                      incidentId: null,
                      readerOrgIds: [user.org.id],
                      readerUserIds: [user.id],
                      payload: { situationId: sentinel },
                    },
                    t.clock.now(),
                  ),
                );
                await stream.waitFor((f) => f.data.situationId === sentinel);
                const frames = stream.frames.filter((f) => f.data.situationId === id);
                if (!sees(v))
                  expect(
                    frames.map((f) => f.event),
                    `${who} stream`,
                  ).toEqual([]);
                const requestIds = new Set(requests.filter((r) => seesRequest(v, r)).map((r) => r.id));
                const issuedIds = new Set(issuedRows().map((r) => r.id));
                for (const f of frames) {
                  if (typeof f.data.requestId === 'string')
                    expect(requestIds.has(f.data.requestId), `${who} stream ${f.event}`).toBe(true);
                  if (typeof f.data.reportId === 'string' && v)
                    expect(issuedIds.has(f.data.reportId), `${who} stream ${f.event}`).toBe(true);
                  const about = bodies.find((b) => b.org.id === f.data.orgId);
                  if (about)
                    expect(reads(v, about), `${who} stream ${f.event} of ${about.org.slug}`).toBe(true);
                }
                const got = (type: string, key: string) =>
                  new Set(frames.filter((f) => f.event === type).map((f) => f.data[key]));
                expect(got('situation.request.issued', 'requestId'), `${who} stream requests`).toEqual(
                  requestIds,
                );
                if (sees(v))
                  expect(got('situation.report_issued', 'reportId'), `${who} stream reports`).toEqual(
                    issuedIds,
                  );
              } finally {
                await stream.close();
              }
            }
          }
        }
        for (const [n, a] of s.actions.entries()) {
          // Time moves between steps (due times and the stand-down's instant are compared with it).
          t.clock.advance(1000);
          if (a.kind === 'standDown') {
            const res = await post(coordinator, '/stand-down', {});
            expect(res.statusCode).toBe(open ? 200 : 409);
            open = false;
          } else if (a.kind === 'answer') {
            const by = bodies[a.by % bodies.length] as Body;
            const target = a.own ? by : (bodies[a.target % bodies.length] as Body);
            const user = a.officer ? by.officer : by.reporter;
            const expected = !sees(by) ? 404 : !mayAnswer(by, target) ? 403 : !open ? 409 : 201;
            const res = await post(user, '/answers', { orgId: target.org.id, status: a.status });
            expect(res.statusCode, `${by.org.slug} for ${target.org.slug}: ${res.body}`).toBe(expected);
            if (expected === 201) answers.set(target, [...(answers.get(target) ?? []), a.status]);
          } else if (a.kind === 'issueRequest') {
            const picked = [...new Set(a.bodies.map((i) => bodies[i % bodies.length] as Body))];
            const addressed =
              a.to === 'all'
                ? bodies.filter(inScope)
                : a.to === 'ministries'
                  ? bodies.filter((b) => inScope(b) && b.parent === null)
                  : picked;
            // 'all' and 'ministries' hold bodies of earlier runs when the scope is not named bodies.
            const none =
              a.to === 'bodies' ? false : s.scope.kind === 'bodies' ? addressed.length === 0 : false;
            const expected = !open
              ? 409
              : a.to === 'bodies' && picked.some((b) => !inScope(b))
                ? 422
                : none
                  ? 422
                  : 201;
            const title = `要請〔${run}-${requests.length}〕`;
            const res = await post(coordinator, '/requests', {
              title,
              body: '対応してください',
              dueAt: new Date(t.clock.now().getTime() + 36_000_000).toISOString(),
              addressees:
                a.to === 'bodies'
                  ? { kind: 'bodies', bodies: picked.map((b) => ({ orgId: b.org.id })) }
                  : { kind: a.to },
            });
            expect(res.statusCode, `request to ${a.to}: ${res.body}`).toBe(expected);
            if (expected === 201) {
              const r = res.json() as { id: string; version: number };
              requests.push({
                id: r.id,
                title,
                addressed,
                state: new Map(addressed.map((b) => [b, 0])),
                version: r.version,
                withdrawn: false,
              });
            }
          } else if (a.kind === 'amendRequest' || a.kind === 'withdrawRequest') {
            const r = requests[a.which % Math.max(requests.length, 1)];
            if (!r) continue;
            const stale = a.kind === 'amendRequest' && a.stale;
            const expected = !open ? 409 : r.withdrawn ? 409 : stale ? 409 : 200;
            const res =
              a.kind === 'amendRequest'
                ? await post(coordinator, `/requests/${r.id}/due`, {
                    dueAt: new Date(t.clock.now().getTime() + 72_000_000).toISOString(),
                    version: stale ? r.version + 1 : r.version,
                  })
                : await post(coordinator, `/requests/${r.id}/withdraw`, { version: r.version });
            expect(res.statusCode, `${a.kind}: ${res.body}`).toBe(expected);
            if (expected === 200) {
              r.version = (res.json() as { version: number }).version;
              if (a.kind === 'withdrawRequest') r.withdrawn = true;
            }
          } else if (a.kind === 'moveRequest') {
            const r = requests[a.which % Math.max(requests.length, 1)];
            if (!r) continue;
            const addressee = r.addressed[a.target % r.addressed.length] as Body;
            const by =
              a.who === 'addressee'
                ? addressee
                : a.who === 'ministry'
                  ? (addressee.parent ?? addressee)
                  : (bodies[a.by % bodies.length] as Body);
            const target = a.who === 'any' ? (bodies[a.target % bodies.length] as Body) : addressee;
            const to = STATES.indexOf(a.state);
            const now = r.state.get(target);
            const expected = !sees(by)
              ? 'situations.not_found'
              : !seesRequest(by, r)
                ? 'situations.request_not_found'
                : now === undefined || !reads(by, target)
                  ? 'situations.request_body_not_found'
                  : !open
                    ? 'situations.stood_down'
                    : r.withdrawn
                      ? 'situations.request_withdrawn'
                      : to <= now
                        ? 'situations.request_state_passed'
                        : 'moved';
            const res = await post(a.officer ? by.officer : by.reporter, `/requests/${r.id}/moves`, {
              state: a.state,
              orgId: target.org.id,
            });
            const got = res.statusCode === 200 ? 'moved' : (res.json() as { code: string }).code;
            expect(got, `${by.org.slug} moves ${target.org.slug}: ${res.body}`).toBe(expected);
            if (expected === 'moved') r.state.set(target, to);
          } else if (a.kind === 'draftReport') {
            const title = `報告〔${run}-${reports.length}〕`;
            const res = await post(coordinator, '/reports', { title, body: '本文' });
            expect(res.statusCode, res.body).toBe(201);
            const d = res.json() as { id: string; rowVersion: number };
            reports.push({ rows: [{ id: d.id, title }], issued: false, rowVersion: d.rowVersion });
          } else if (a.kind === 'issueReport') {
            const r = reports[a.which % Math.max(reports.length, 1)];
            if (!r) continue;
            const first = r.rows[0] as { id: string };
            const expected = r.issued || (!open && finalIssued) ? 409 : 200;
            const res = await post(coordinator, `/reports/${first.id}/issue`, { version: r.rowVersion });
            expect(res.statusCode, `issue: ${res.body}`).toBe(expected);
            if (expected === 200) {
              r.issued = true;
              if (!open) finalIssued = true;
            }
          } else if (a.kind === 'correctReport') {
            const r = reports[a.which % Math.max(reports.length, 1)];
            if (!r) continue;
            const first = r.rows[0] as { id: string };
            const title = `訂正〔${run}-${reports.indexOf(r)}-${r.rows.length}〕`;
            const res = await post(coordinator, `/reports/${first.id}/corrections`, {
              title,
              body: '訂正後の本文',
              changeNote: '数の訂正',
              version: r.rows.length,
            });
            expect(res.statusCode, `correct: ${res.body}`).toBe(r.issued ? 201 : 409);
            if (r.issued) {
              r.rows.push({ id: (res.json() as { id: string }).id, title });
              if (!open) finalIssued = true;
            }
          }
          await checkReads(`step ${n} ${a.kind}`, PARTS[a.kind]);
        }
        await checkReads('end', new Set<Part>(['answers', 'requests', 'stream']));

        // E-mail: whatever reached a body's duty contact names only what the body may see.
        for (let sent = 1; sent > 0; ) sent = (await t.services.outbox.deliverDue(500)).sent;
        const titles = [
          ...requests.map((r) => ({ title: r.title, seen: (b: Body) => seesRequest(b, r) })),
          ...issuedRows().map((r) => ({ title: r.title, seen: (b: Body) => sees(b) })),
          ...draftRows().map((r) => ({ title: r.title, seen: () => false })),
        ];
        const mailed = new Map<Body, Set<string>>();
        /** The situation's name and the titles each body's mail named. */
        const mailNamed = new Map<Body, Set<string>>();
        for (const receipt of smtp.receipts.slice(mailFrom)) {
          const b = bodies.find((x) => receipt.to.includes(x.officer.email.toLowerCase()));
          if (!b) continue;
          const mail = await simpleParser(receipt.raw);
          mailed.set(b, (mailed.get(b) ?? new Set()).add(String(mail.headers.get('x-renraku-notification'))));
          const text = `${mail.subject ?? ''}\n${mail.text ?? ''}`;
          if (text.includes(situationName)) expect(sees(b), `mail to ${b.org.slug}`).toBe(true);
          for (const x of titles)
            if (text.includes(x.title)) {
              expect(x.seen(b), `mail to ${b.org.slug} names ${x.title}`).toBe(true);
              mailNamed.set(b, (mailNamed.get(b) ?? new Set()).add(x.title));
            }
          if (text.includes(situationName))
            mailNamed.set(b, (mailNamed.get(b) ?? new Set()).add(situationName));
        }
        // And every body entitled was told: of the declaration, each body in scope; of a request, each body it
        // addresses (under TLP:GREEN both name what they are about).
        for (const b of bodies) {
          const want = [
            ...(inScope(b) ? [situationName] : []),
            ...requests.filter((r) => r.addressed.includes(b)).map((r) => r.title),
          ];
          for (const title of want)
            expect(mailNamed.get(b)?.has(title), `mail to ${b.org.slug} tells of ${title}`).toBe(true);
        }
        // Webhooks: a body's tool is told exactly the notices its duty contact was e-mailed (the same contact),
        // and names only what the body may see; a body without a tool is told nothing by webhook.
        const told = new Map<Body, Set<string>>();
        for (const { slug, payload } of hooks.slice(hookFrom)) {
          const b = bodies.find((x) => x.org.slug === slug);
          if (!b) continue;
          told.set(b, (told.get(b) ?? new Set()).add(String(payload.notificationId)));
          const text = JSON.stringify(payload);
          if (text.includes(situationName)) expect(sees(b), `webhook to ${b.org.slug}`).toBe(true);
          for (const x of titles)
            if (text.includes(x.title))
              expect(x.seen(b), `webhook to ${b.org.slug} names ${x.title}`).toBe(true);
        }
        for (const b of bodies)
          expect(told.get(b) ?? new Set(), `webhooks to ${b.org.slug}`).toEqual(
            b.hooked ? (mailed.get(b) ?? new Set()) : new Set(),
          );
        webhooksSeen += hooks.length - hookFrom;
      }),
      // Six runs of 8–24 steps take about as long as the twelve runs of 0–12 answers before requests and reports
      // joined (most of those were a handful of steps), and take many times more steps.
      { numRuns: 6, endOnFailure: true },
    );
    // The webhook check looked at deliveries, not at a receiver nobody reached.
    expect(webhooksSeen).toBeGreaterThan(0);
  }, 300_000);
});
