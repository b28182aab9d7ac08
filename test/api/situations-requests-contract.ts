import type { LightMyRequestResponse } from 'fastify';
import type { TestOrg, TestUser } from '../support/harness.js';

// A situation's requests (要請) as the OpenAPI contract test runs them (via situations-contract.ts): each
// operation's success and its main refusals, on an open situation at `path`.

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

export async function exerciseSituationRequests(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  who: {
    coordinator: TestUser;
    ministryOfficer: TestUser;
    agencyReporter: TestUser;
    stranger: TestUser;
    agency: TestOrg;
  },
  path: string,
): Promise<void> {
  const { coordinator, ministryOfficer, agencyReporter, stranger, agency } = who;
  const due = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const request = ok(
    await call(coordinator, 'POST', `${path}/requests`, {
      title: 'ログの保全',
      body: '該当期間の通信ログを保全してください。',
      dueAt: due,
      addressees: { kind: 'all' },
    }),
    201,
  );
  refused(
    await call(coordinator, 'POST', `${path}/requests`, {
      title: 'x',
      body: 'x',
      dueAt: '2000-01-01T00:00:00Z',
      addressees: { kind: 'all' },
    }),
    422,
  );
  refused(await call(ministryOfficer, 'POST', `${path}/requests`, { title: 'x' }), 400);
  const r = `${path}/requests/${request.id}`;
  ok(await call(agencyReporter, 'GET', `${path}/requests`), 200);
  ok(await call(ministryOfficer, 'GET', r), 200);
  refused(await call(stranger, 'GET', r), 404);
  ok(await call(agencyReporter, 'POST', `${r}/moves`, { state: 'acknowledged' }), 200);
  refused(await call(agencyReporter, 'POST', `${r}/moves`, { state: 'acknowledged' }), 409);
  ok(await call(ministryOfficer, 'POST', `${r}/moves`, { state: 'done', orgId: agency.id }), 200);
  refused(await call(coordinator, 'POST', `${r}/moves`, { state: 'done', orgId: agency.id }), 403);
  ok(
    await call(coordinator, 'POST', `${r}/due`, {
      dueAt: new Date(Date.parse(due) + 3_600_000).toISOString(),
      version: 1,
    }),
    200,
  );
  refused(await call(coordinator, 'POST', `${r}/due`, { dueAt: due, version: 1 }), 409);
  ok(await call(coordinator, 'POST', `${r}/withdraw`, { version: 2 }), 200);
  refused(await call(coordinator, 'POST', `${r}/withdraw`, { version: 3 }), 409);
}
