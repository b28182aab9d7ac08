import { requireActor } from '../../platform/auth/authenticate.js';
import { fiscalYearOf } from '../../platform/calendar.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, jsonWith, location, refused } from '../../platform/http/openapi.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import type { CampaignDeps } from './campaigns.deps.js';
import {
  CheckBodyOut,
  CheckInput,
  CheckListOut,
  CheckOut,
  FiscalYearQuery,
  IdParams,
  ReceivedChecksOut,
} from './campaigns.schemas.js';
import { checkAckLinkRoutes } from './checks.link.js';
import { presentCheck, presentCheckBody } from './checks.presenter.js';
import { checksRepository } from './checks.repository.js';
import { acknowledgeInApp, listChecks, readCheck, startCheck } from './checks.usecases.js';

const tags = ['communication checks'];

/** What the communication check routes use (the acknowledgment link's included). */
export interface CheckRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  campaignDeps: CampaignDeps;
}

/** Communication checks (連絡訓練): a test message to duty contacts, timed to its acknowledgment. */
export function communicationCheckRoutes(app: Api, deps: CheckRoutesDeps): void {
  startCheckRoute(app, deps);
  listChecksRoute(app, deps);
  receivedChecksRoute(app, deps);
  readCheckRoute(app, deps);
  acknowledgeCheckRoute(app, deps);
  checkAckLinkRoutes(app, deps);
}

/** POST /api/v1/communication-checks */
function startCheckRoute(app: Api, { handle, clock, campaignDeps: deps }: CheckRoutesDeps): void {
  app.post(
    '/api/v1/communication-checks',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'sendCommunicationCheck',
        tags,
        summary:
          "Send a test message to the duty contacts of bodies (the center's coordinators; a ministry's security officer for its agencies)",
        body: CheckInput,
        response: answers({
          201: jsonWith(CheckOut, { location }, 'Sent'),
          422: refused('no body to send to'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => ({
        status: 201,
        body: presentCheck(await startCheck({ unit, actor, input, deps })),
      }));
      const body = result.body;
      reply.status(result.status).header('location', `/api/v1/communication-checks/${body.id}`);
      return body;
    },
  );
}

/** GET /api/v1/communication-checks */
function listChecksRoute(app: Api, { handle, clock, campaignDeps: deps }: CheckRoutesDeps): void {
  app.get(
    '/api/v1/communication-checks',
    {
      schema: {
        operationId: 'listCommunicationChecks',
        tags,
        summary: 'The communication checks of a fiscal year, with the bodies the caller may see',
        querystring: FiscalYearQuery,
        response: { 200: CheckListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { fiscalYear = fiscalYearOf(clock.now(), deps.timeZone) } = request.query;
      return { fiscalYear, items: (await listChecks(handle.db, actor, fiscalYear)).map(presentCheck) };
    },
  );
}

/** GET /api/v1/communication-checks/received */
function receivedChecksRoute(app: Api, { handle }: CheckRoutesDeps): void {
  app.get(
    '/api/v1/communication-checks/received',
    {
      schema: {
        operationId: 'listReceivedCommunicationChecks',
        tags,
        summary: 'The test messages that reached me in the app and wait for my acknowledgment',
        response: { 200: ReceivedChecksOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await checksRepository.awaitingAcknowledgment(handle.db, actor);
      return { items: rows.map((r) => ({ checkId: r.check_id, orgSlug: r.slug, sentAt: r.sent_at })) };
    },
  );
}

/** GET /api/v1/communication-checks/:id */
function readCheckRoute(app: Api, { handle, campaignDeps: deps }: CheckRoutesDeps): void {
  app.get(
    '/api/v1/communication-checks/:id',
    {
      schema: {
        operationId: 'getCommunicationCheck',
        tags,
        summary:
          'A check: per body sent at, acknowledged at, time to acknowledge; median, slowest, unanswered',
        params: IdParams,
        response: { 200: CheckOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return presentCheck(await inTransaction(handle, (unit) => readCheck({ unit, actor, id, deps })));
    },
  );
}

/** POST /api/v1/communication-checks/:id/acknowledge */
function acknowledgeCheckRoute(app: Api, { handle, campaignDeps: deps }: CheckRoutesDeps): void {
  app.post(
    '/api/v1/communication-checks/:id/acknowledge',
    {
      schema: {
        operationId: 'acknowledgeCommunicationCheck',
        tags,
        summary: 'Acknowledge, in the app, the test message that reached me',
        params: IdParams,
        response: {
          200: CheckBodyOut,
          409: conflict('the check has been acknowledged already'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const mine = await acknowledgeInApp({ unit, actor, id, deps });
        const contacts = await contactsReads.namesOf(
          unit.tx,
          mine.targets.flatMap((t) => (t.contact_id ? [t.contact_id] : [])),
        );
        return presentCheckBody(mine.org, mine.targets, contacts);
      });
    },
  );
}
