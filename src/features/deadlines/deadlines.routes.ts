import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { answers, conflict, refused } from '../../platform/http/openapi.js';
import { AssessmentParams } from '../assessments/assessments.schemas.js';
import { presentApplied, presentProfile } from './deadlines.presenter.js';
import {
  IncidentDeadlinesOut,
  ProfileInput,
  ProfileOut,
  ProfileParams,
  ProfilesOut,
} from './deadlines.schemas.js';
import { type DeadlineDeps, incidentDeadlines, profilesInForce, setProfile } from './deadlines.usecases.js';

const tags = ['deadlines'];

/** What the deadline routes use. */
export interface DeadlineRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  deadlineDeps: DeadlineDeps;
}

/** Deadline profiles (read by everyone, set by the administrator) and the clocks on an incident. */
export function deadlineRoutes(app: Api, deps: DeadlineRoutesDeps): void {
  listRoute(app, deps);
  setRoute(app, deps);
  incidentRoute(app, deps);
}

/** GET /api/v1/deadline-profiles */
function listRoute(app: Api, { handle, deadlineDeps: deps }: DeadlineRoutesDeps): void {
  app.get(
    '/api/v1/deadline-profiles',
    {
      schema: {
        operationId: 'listDeadlineProfiles',
        tags,
        summary: 'Every deadline profile in force: its trigger, clocks and the bodies it covers',
        response: { 200: ProfilesOut },
      },
    },
    async (request) => {
      requireActor(request);
      return { profiles: (await profilesInForce(handle.db, deps)).map(presentProfile) };
    },
  );
}

/** PUT /api/v1/deadline-profiles/:id */
function setRoute(app: Api, { handle, deadlineDeps: deps }: DeadlineRoutesDeps): void {
  app.put(
    '/api/v1/deadline-profiles/:id',
    {
      schema: {
        operationId: 'setDeadlineProfile',
        tags,
        summary:
          'Change a shipped deadline profile (its clocks, the bodies it covers) or add one (the administrator; audited)',
        params: ProfileParams,
        body: ProfileInput,
        response: answers({
          200: ProfileOut,
          409: conflict('the profile has changed since the revision given (deadlines.stale)'),
          422: refused(
            'an unknown trigger (deadlines.unknown_trigger), no clock (deadlines.no_clocks), a clock of zero or negative length, an unknown unit, start or report (deadlines.invalid_clock), an unknown body (deadlines.unknown_body) or time zone (deadlines.unknown_time_zone), a name of invisible text',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) =>
        presentProfile(await setProfile({ unit, actor, id: request.params.id, input: request.body, deps })),
      );
    },
  );
}

/** GET /api/v1/incidents/:id/deadlines */
function incidentRoute(app: Api, { handle, deadlineDeps: deps }: DeadlineRoutesDeps): void {
  app.get(
    '/api/v1/incidents/:id/deadlines',
    {
      schema: {
        operationId: 'getIncidentDeadlines',
        tags,
        summary:
          "The reporting clocks on an incident: each applying profile's clocks with their due times and outcomes (the incident's readers; audited)",
        params: AssessmentParams,
        response: answers({ 200: IncidentDeadlinesOut }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const r = await incidentDeadlines({ unit, actor, incidentId: request.params.id, deps });
        return {
          incidentId: r.incidentId,
          publicExplanationCalledFor: r.publicExplanationCalledFor,
          profiles: r.applied.map(presentApplied),
        };
      });
    },
  );
}
