import type { LightMyRequestResponse } from 'fastify';
import { endExercise, insertExerciseRow } from '../support/exercise-report.js';
import { declareExerciseSituation } from '../support/exercises.js';
import type { TestApp, TestOrg, TestUser } from '../support/harness.js';

// The exercise report's and lessons' operations as the OpenAPI contract test runs them (openapi-contract.test.ts):
// each success and its main refusals, every answer held against the document there.

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

export async function exerciseExerciseReport(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  t: TestApp,
  who: { coordinator: TestUser; ministryOfficer: TestUser; agencyReporter: TestUser; ministry: TestOrg },
): Promise<void> {
  const { coordinator, ministryOfficer, agencyReporter, ministry } = who;
  const now = t.clock.now().toISOString();
  const id = await insertExerciseRow(t, {
    createdBy: coordinator,
    number: 'X-2026-901',
    createdAt: now,
    targets: { ackDeclaration: 10, answerRollCall: 30 },
  });
  await declareExerciseSituation(t, coordinator, id, [ministry]);
  const path = `/api/v1/exercises/${id}`;
  ok(await call(coordinator, 'GET', `${path}/report`), 200);
  refused(await call(agencyReporter, 'GET', `${path}/report`), 404);
  refused(await call(coordinator, 'POST', `${path}/report/final`), 409);
  refused(await call(coordinator, 'POST', `${path}/purge`), 409);
  await endExercise(t, id, now);
  ok(await call(ministryOfficer, 'GET', `${path}/report.csv?lang=en`), 200);
  refused(await call(coordinator, 'GET', `${path}/report.csv?tz=x y`), 400);
  refused(await call(ministryOfficer, 'POST', `${path}/report/final`), 403);
  ok(await call(coordinator, 'POST', `${path}/report/final`), 200);
  const lesson = ok(
    await call(coordinator, 'POST', `${path}/lessons`, { text: '連絡経路の見直し', ownerOrgId: ministry.id }),
    201,
  );
  refused(await call(coordinator, 'POST', `${path}/lessons`, { text: '教訓', ownerOrgId: 'none' }), 422);
  ok(await call(ministryOfficer, 'GET', `${path}/lessons`), 200);
  ok(
    await call(ministryOfficer, 'POST', `/api/v1/exercise-lessons/${lesson.id}/follow-up`, {
      status: 'in_progress',
      version: 1,
    }),
    200,
  );
  refused(
    await call(ministryOfficer, 'POST', `/api/v1/exercise-lessons/${lesson.id}/follow-up`, {
      status: 'done',
      version: 1,
    }),
    409,
  );
  const assignees = ok(
    await call(coordinator, 'GET', '/api/v1/exercise-lessons/assignees'),
    200,
  ) as unknown as {
    items: { id: string }[];
  };
  refused(await call(ministryOfficer, 'GET', '/api/v1/exercise-lessons/assignees'), 403);
  const lessonPath = `/api/v1/exercise-lessons/${lesson.id}`;
  ok(
    await call(coordinator, 'PATCH', lessonPath, {
      version: 2,
      text: '連絡経路を二重化する',
      ownerUserId: assignees.items[0]?.id,
    }),
    200,
  );
  refused(await call(coordinator, 'PATCH', lessonPath, { version: 2, text: '古い版' }), 409);
  refused(await call(coordinator, 'PATCH', lessonPath, { version: 3, ownerUserId: ministryOfficer.id }), 422);
  refused(await call(ministryOfficer, 'PATCH', lessonPath, { version: 3, text: '教訓' }), 403);
  ok(await call(coordinator, 'POST', `${path}/purge`), 200);
  refused(await call(coordinator, 'POST', `${path}/purge`), 409);
}
