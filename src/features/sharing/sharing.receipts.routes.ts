import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isAppError } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import { answers, conflict, refused, throttled } from '../../platform/http/openapi.js';
import { presentOrg } from '../incidents/incidents.presenter.js';
import { acknowledgmentOf } from './sharing.presenter.js';
import { acknowledgmentBoard } from './sharing.reads.js';
import { REMIND_INTERVAL_MINUTES, remindUnread } from './sharing.reminders.js';
import { sharesRepository } from './sharing.repository.js';
import type { SharingRoutesDeps } from './sharing.routes.js';
import { AckBoardOut, AcknowledgeInput, AckStateOut, ReminderOut, ShareParams } from './sharing.schemas.js';
import { acknowledgeShare } from './sharing.usecases.js';

const tags = ['sharing'];

/** What recipients do with a share and what the center sees of it: acknowledge, the board, reminders. */
export function shareReceiptRoutes(app: Api, deps: SharingRoutesDeps): void {
  acknowledgeShareRoute(app, deps);
  acknowledgmentsRoute(app, deps);
  remindRecipientsRoute(app, deps);
}

/** POST /api/v1/shares/:id/acknowledge */
function acknowledgeShareRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.post(
    '/api/v1/shares/:id/acknowledge',
    {
      schema: {
        operationId: 'acknowledgeShare',
        tags,
        summary:
          'Acknowledge a received share: read, or (an advisory) mitigation applied; per body, idempotent',
        params: ShareParams,
        body: AcknowledgeInput,
        response: {
          200: AckStateOut,
          422: refused('only an advisory asks whether its mitigation was applied'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const { kind } = request.body;
      return inTransaction(handle, async (unit) => {
        const share = await acknowledgeShare({ unit, actor, id, kind, deps });
        // Not from the share's view: a consenting body that also receives the share sees it as a manager.
        return acknowledgmentOf(await sharesRepository.acksOfOrg(unit.tx, [share.id], actor.orgId), share.id);
      });
    },
  );
}

/** GET /api/v1/shares/:id/acknowledgments */
function acknowledgmentsRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/:id/acknowledgments',
    {
      schema: {
        operationId: 'listShareAcknowledgments',
        tags,
        summary: 'Acknowledgment per recipient body (center)',
        params: ShareParams,
        response: { 200: AckBoardOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, (unit) => acknowledgmentBoard({ unit, actor, id, deps }));
    },
  );
}

/** POST /api/v1/shares/:id/remind */
function remindRecipientsRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.post(
    '/api/v1/shares/:id/remind',
    {
      schema: {
        operationId: 'remindShareRecipients',
        tags,
        summary: `Remind the recipient bodies that have not read a published share (center; once in ${REMIND_INTERVAL_MINUTES} minutes)`,
        params: ShareParams,
        response: answers({
          200: ReminderOut,
          409: conflict('the share is not published, or every recipient has read it'),
          ...throttled,
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      try {
        return await inTransaction(handle, async (unit) => {
          const { remindedAt, nextAt, orgs } = await remindUnread({ unit, actor, id, deps });
          return { remindedAt, nextAt, orgs: orgs.map(presentOrg) };
        });
      } catch (e) {
        const wait = isAppError(e) ? e.detail?.retryAfterSeconds : undefined;
        if (typeof wait === 'number') reply.header('retry-after', String(wait));
        throw e;
      }
    },
  );
}
