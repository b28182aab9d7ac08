import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, refused } from '../../platform/http/openapi.js';
import { presentAssessments } from './assessments.presenter.js';
import {
  AssessmentHistoryOut,
  AssessmentInput,
  AssessmentOut,
  AssessmentParams,
} from './assessments.schemas.js';
import { type AssessmentDeps, readAssessments, recordAssessment } from './assessments.usecases.js';

const tags = ['deadlines'];

/** What the assessment routes use. */
export interface AssessmentRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  assessmentDeps: AssessmentDeps;
}

/** The impact assessment of an incident: read its versions, record a new one. */
export function assessmentRoutes(app: Api, deps: AssessmentRoutesDeps): void {
  readRoute(app, deps);
  recordRoute(app, deps);
}

/** GET /api/v1/incidents/:id/assessment */
function readRoute(app: Api, { handle, assessmentDeps: deps }: AssessmentRoutesDeps): void {
  app.get(
    '/api/v1/incidents/:id/assessment',
    {
      schema: {
        operationId: 'getIncidentAssessment',
        tags,
        summary: "The impact assessment of an incident, every version (the incident's readers; audited)",
        params: AssessmentParams,
        response: answers({ 200: AssessmentHistoryOut }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const rows = await readAssessments({ unit, actor, incidentId: request.params.id, deps });
        const versions = await presentAssessments(unit.tx, rows);
        return { current: versions.at(-1) ?? null, versions };
      });
    },
  );
}

/** POST /api/v1/incidents/:id/assessment */
function recordRoute(app: Api, { handle, clock, assessmentDeps: deps }: AssessmentRoutesDeps): void {
  app.post(
    '/api/v1/incidents/:id/assessment',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'recordIncidentAssessment',
        tags,
        summary:
          "Record a new version of an incident's impact assessment: personal data, rights, impediment, public services, malice (the reporting body's reporters and security officers; audited)",
        params: AssessmentParams,
        body: AssessmentInput,
        response: answers({
          201: AssessmentOut,
          409: conflict('another version was recorded since the one given (assessments.stale)'),
          422: refused(
            'personal data without persons (assessments.inconsistent), an unknown report number (assessments.unknown_report), a category that is not one line of visible text (assessments.invalid_category)',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const row = await recordAssessment({ unit, actor, incidentId: id, input, deps });
        const [body] = await presentAssessments(unit.tx, [row]);
        return { status: 201, body: body as NonNullable<typeof body> };
      });
      reply.status(result.status);
      return result.body;
    },
  );
}
