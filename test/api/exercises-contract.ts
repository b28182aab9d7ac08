import type { LightMyRequestResponse } from 'fastify';
import type { TestOrg, TestUser } from '../support/harness.js';

// The exercises' operations as the OpenAPI contract test runs them (openapi-contract.test.ts): each success and
// its main refusals, every answer held against the document there.

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

export async function exerciseExercises(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  who: { coordinator: TestUser; ministryOfficer: TestUser; ministry: TestOrg },
): Promise<void> {
  const { coordinator, ministryOfficer, ministry } = who;
  const scenario = {
    name: '訓練',
    injects: [
      {
        at: 'T+0',
        kind: 'declare',
        name: '訓練事態',
        description: '想定',
        level: 'caution',
        tlp: 'TLP:AMBER',
        scope: { kind: 'bodies', bodies: [{ slug: ministry.slug }] },
      },
      { at: 'T+1h', kind: 'note', text: '記録' },
    ],
  };
  const ex = ok(await call(coordinator, 'POST', '/api/v1/exercises', { scenario }), 201);
  refused(
    await call(coordinator, 'POST', '/api/v1/exercises', { file: 'name: x\ninjects: [{ at: -1 }]' }),
    422,
  );
  refused(await call(ministryOfficer, 'POST', '/api/v1/exercises', { scenario }), 403);
  ok(await call(coordinator, 'GET', '/api/v1/exercises'), 200);
  refused(await call(ministryOfficer, 'GET', '/api/v1/exercises'), 403);
  ok(await call(coordinator, 'GET', `/api/v1/exercises/${ex.id}`), 200);
  refused(await call(ministryOfficer, 'GET', `/api/v1/exercises/${ex.id}`), 404);
  const path = `/api/v1/exercises/${ex.id}`;
  const edited = ok(
    await call(coordinator, 'PUT', `${path}/scenario`, { version: ex.version, scenario }),
    200,
  );
  refused(await call(coordinator, 'PUT', `${path}/scenario`, { version: ex.version, scenario }), 409);
  const started = ok(await call(coordinator, 'POST', `${path}/start`, { version: edited.version }), 200);
  refused(await call(coordinator, 'POST', `${path}/start`, { version: started.version }), 409);
  refused(await call(coordinator, 'PUT', `${path}/scenario`, { version: started.version, file: 'x' }), 409);
  const paused = ok(await call(coordinator, 'POST', `${path}/pause`, { version: started.version }), 200);
  refused(await call(coordinator, 'POST', `${path}/pause`, { version: paused.version }), 409);
  const resumed = ok(await call(coordinator, 'POST', `${path}/resume`, { version: paused.version }), 200);
  refused(await call(coordinator, 'POST', `${path}/resume`, { version: resumed.version }), 409);
  const ended = ok(await call(coordinator, 'POST', `${path}/end`, { version: resumed.version }), 200);
  refused(await call(coordinator, 'POST', `${path}/end`, { version: ended.version }), 409);
}
