import type { LightMyRequestResponse } from 'fastify';
import type { TestUser } from '../support/harness.js';

// The situation reports' operations as the OpenAPI contract test runs them (through situations-contract.ts).

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

export async function exerciseReports(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  path: string,
  who: { coordinator: TestUser; agencyReporter: TestUser; stranger: TestUser },
): Promise<void> {
  const { coordinator, agencyReporter, stranger } = who;
  ok(await call(coordinator, 'PUT', `${path}/report-interval`, { minutes: 60 }), 204);
  refused(await call(agencyReporter, 'PUT', `${path}/report-interval`, { minutes: 60 }), 403);
  const draft = ok(
    await call(coordinator, 'POST', `${path}/reports`, { title: '第1報', body: '概要', counts: 'totals' }),
    201,
  );
  refused(await call(coordinator, 'POST', `${path}/reports`, { title: '\u200b', body: '概要' }), 400);
  refused(await call(agencyReporter, 'POST', `${path}/reports`, { title: '題', body: '概要' }), 403);
  const edited = ok(
    await call(coordinator, 'PUT', `${path}/reports/${draft.id}`, {
      title: '第1報',
      body: '概要（更新）',
      counts: 'by-ministry',
      version: 1,
    }),
    200,
  );
  refused(
    await call(coordinator, 'PUT', `${path}/reports/${draft.id}`, {
      title: '題',
      body: '概要',
      counts: 'none',
      version: 1,
    }),
    409,
  );
  refused(await call(agencyReporter, 'GET', `${path}/reports/${draft.id}`), 404);
  const issued = ok(
    await call(coordinator, 'POST', `${path}/reports/${draft.id}/issue`, { version: edited.rowVersion }),
    200,
  );
  refused(await call(coordinator, 'POST', `${path}/reports/${draft.id}/issue`, { version: 2 }), 409);
  ok(
    await call(coordinator, 'POST', `${path}/reports/${issued.id}/corrections`, {
      title: '第1報',
      body: '概要（訂正）',
      changeNote: '誤記訂正',
      version: 1,
    }),
    201,
  );
  refused(
    await call(coordinator, 'POST', `${path}/reports/${issued.id}/corrections`, {
      title: '第1報',
      body: '概要',
      changeNote: '誤記訂正',
      version: 1,
    }),
    409,
  );
  ok(await call(agencyReporter, 'GET', `${path}/reports`), 200);
  ok(await call(agencyReporter, 'GET', `${path}/reports/${issued.id}`), 200);
  refused(await call(stranger, 'GET', `${path}/reports`), 404);
  refused(await call(stranger, 'GET', `${path}/reports/${issued.id}`), 404);
}
