import type { LightMyRequestResponse } from 'fastify';
import type { TestOrg, TestUser } from '../support/harness.js';
import { exerciseReports } from './situations-reports-contract.js';
import { exerciseSituationRequests } from './situations-requests-contract.js';

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
  const { coordinator, ministryOfficer, agencyReporter, auditor, stranger, ministry, agency } = who;
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

  // The roll-call: answers, their revisions, the board and its CSV.
  const path = `/api/v1/situations/${situation.id}`;
  ok(await call(agencyReporter, 'POST', `${path}/answers`, { status: 'investigating', note: '調査中' }), 201);
  ok(await call(ministryOfficer, 'POST', `${path}/answers`, { orgId: agency.id, status: 'none' }), 201);
  refused(
    await call(agencyReporter, 'POST', `${path}/answers`, { status: 'affected', incidentId: 'nope' }),
    422,
  );
  refused(await call(coordinator, 'POST', `${path}/answers`, { status: 'none' }), 403);
  refused(await call(stranger, 'POST', `${path}/answers`, { status: 'none' }), 404);
  ok(await call(ministryOfficer, 'GET', `${path}/answers/${agency.id}`), 200);
  refused(await call(stranger, 'GET', `${path}/answers/${agency.id}`), 404);
  ok(await call(coordinator, 'GET', `${path}/board?answer=unanswered`), 200);
  refused(await call(agencyReporter, 'GET', `${path}/board`), 403);
  ok(await call(ministryOfficer, 'GET', `${path}/board.csv?lang=en`), 200);
  refused(await call(agencyReporter, 'GET', `${path}/board.csv`), 403);

  // Coordination: level, notes and decisions, the timeline, the stand-down.
  ok(await call(coordinator, 'POST', `${path}/level`, { level: 'alert', note: '拡大' }), 200);
  refused(await call(coordinator, 'POST', `${path}/level`, { level: 'alert' }), 409);
  refused(await call(coordinator, 'POST', `${path}/level`, { level: 'doom' }), 422);
  refused(await call(ministryOfficer, 'POST', `${path}/level`, { level: 'caution' }), 403);
  ok(await call(coordinator, 'POST', `${path}/entries`, { kind: 'decision', text: '対策本部を設置' }), 201);
  refused(await call(ministryOfficer, 'POST', `${path}/entries`, { kind: 'note', text: 'x' }), 403);
  ok(await call(agencyReporter, 'GET', `${path}/timeline`), 200);
  refused(await call(stranger, 'GET', `${path}/timeline`), 404);
  await exerciseSituationRequests({ call, ok, refused }, who, path);
  // Situation reports (their cases in situations-reports-contract.ts).
  await exerciseReports({ call, ok, refused }, path, { coordinator, agencyReporter, stranger });
  ok(await call(coordinator, 'POST', `${path}/stand-down`, {}), 200);
  refused(await call(coordinator, 'POST', `${path}/stand-down`, {}), 409);
  refused(await call(coordinator, 'POST', `${path}/entries`, { kind: 'note', text: 'x' }), 409);
  refused(await call(agencyReporter, 'POST', `${path}/answers`, { status: 'none' }), 409);
}
