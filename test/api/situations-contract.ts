import type { LightMyRequestResponse } from 'fastify';
import type { TestOrg, TestUser } from '../support/harness.js';

// The situations' operations as the OpenAPI contract test runs them (openapi-contract.test.ts): each success
// and its main refusals, every answer held against the document there.

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

export async function exerciseSituations(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  who: {
    coordinator: TestUser;
    ministryOfficer: TestUser;
    agencyReporter: TestUser;
    auditor: TestUser;
    stranger: TestUser;
    ministry: TestOrg;
    agency: TestOrg;
  },
): Promise<void> {
  const { coordinator, ministryOfficer, auditor, stranger, ministry } = who;
  ok(await call(ministryOfficer, 'GET', '/api/v1/situations/levels'), 200);
  const situation = ok(
    await call(coordinator, 'POST', '/api/v1/situations', {
      name: '同時多発的なサービス妨害攻撃',
      description: '複数の府省庁で応答が遅延している。',
      level: 'caution',
      tlp: 'TLP:AMBER',
      scope: { kind: 'bodies', bodies: [{ orgId: ministry.id, withAgencies: true }] },
    }),
    201,
  );
  refused(
    await call(coordinator, 'POST', '/api/v1/situations', {
      name: 'x',
      description: 'x',
      level: 'unknown',
      tlp: 'TLP:RED',
      scope: { kind: 'all' },
    }),
    422,
  );
  refused(await call(ministryOfficer, 'POST', '/api/v1/situations', { name: 'x' }), 400);
  ok(await call(ministryOfficer, 'GET', '/api/v1/situations?state=all'), 200);
  refused(await call(auditor, 'GET', '/api/v1/situations'), 403);
  ok(await call(ministryOfficer, 'GET', `/api/v1/situations/${situation.id}`), 200);
  refused(await call(stranger, 'GET', `/api/v1/situations/${situation.id}`), 404);
}
