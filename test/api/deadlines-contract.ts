import type { LightMyRequestResponse } from 'fastify';
import type { TestUser } from '../support/harness.js';

// Deadline profiles', impact assessments' and clocks' operations as the OpenAPI contract test runs them
// (openapi-contract.test.ts): each success and its main refusals, every answer held against the document there.

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

export async function exerciseDeadlines(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  who: { admin: TestUser; agencyReporter: TestUser; stranger: TestUser; incidentId: string },
): Promise<void> {
  const { admin, agencyReporter, stranger, incidentId } = who;
  ok(await call(agencyReporter, 'GET', '/api/v1/deadline-profiles'), 200);
  const profile = {
    revision: 0,
    nameJa: '契約テスト',
    nameEn: 'Contract',
    trigger: 'personal-data',
    clocks: [
      {
        key: 'notify',
        nameJa: '通知',
        nameEn: 'Notify',
        from: 'awareness',
        amount: 3,
        unit: 'business-days',
        satisfiedBy: 'update',
      },
    ],
    bodies: { kinds: [], slugs: [] },
  };
  ok(await call(admin, 'PUT', '/api/v1/deadline-profiles/contract', profile), 200);
  refused(await call(admin, 'PUT', '/api/v1/deadline-profiles/contract', profile), 409);
  refused(
    await call(admin, 'PUT', '/api/v1/deadline-profiles/contract', {
      ...profile,
      revision: 1,
      trigger: 'never',
    }),
    422,
  );
  refused(await call(agencyReporter, 'PUT', '/api/v1/deadline-profiles/contract', profile), 403);
  refused(await call(admin, 'PUT', '/api/v1/deadline-profiles/Contract!', profile), 400);
  const assessment = {
    version: 0,
    persons: 12,
    categories: ['氏名'],
    sensitive: false,
    rightsInfringed: false,
    seriousImpediment: false,
    publicServicesAffected: false,
    malicious: false,
    note: '契約テスト',
  };
  const path = `/api/v1/incidents/${incidentId}`;
  ok(await call(agencyReporter, 'POST', `${path}/assessment`, assessment), 201);
  refused(await call(agencyReporter, 'POST', `${path}/assessment`, assessment), 409);
  refused(
    await call(agencyReporter, 'POST', `${path}/assessment`, { ...assessment, version: 1, persons: 0 }),
    422,
  );
  refused(await call(agencyReporter, 'POST', `${path}/assessment`, { ...assessment, extra: 1 }), 400);
  refused(await call(stranger, 'POST', `${path}/assessment`, assessment), 404);
  ok(await call(agencyReporter, 'GET', `${path}/assessment`), 200);
  refused(await call(stranger, 'GET', `${path}/assessment`), 404);
  ok(await call(agencyReporter, 'GET', `${path}/deadlines`), 200);
  refused(await call(stranger, 'GET', `${path}/deadlines`), 404);
}
