import { Type } from 'typebox';
import type { Actor } from '../../platform/access/roles.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isAppError } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import {
  answers,
  conflict,
  jsonWith,
  location,
  media,
  problemOf,
  refused,
  throttled,
} from '../../platform/http/openapi.js';
import { presentOrg } from '../incidents/incidents.presenter.js';
import { shareAttachmentRoute } from './sharing.attachments.routes.js';
import { shareContext } from './sharing.context.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { exportOne, exportPublished } from './sharing.export.js';
import { listShares } from './sharing.list.js';
import { acknowledgmentOf, presentShare } from './sharing.presenter.js';
import { acknowledgmentBoard, readShare } from './sharing.reads.js';
import { REMIND_INTERVAL_MINUTES, remindUnread } from './sharing.reminders.js';
import { type ShareRow, sharesRepository } from './sharing.repository.js';
import {
  AckBoardOut,
  AcknowledgeInput,
  AckStateOut,
  CreateShareInput,
  EditShareInput,
  ListSharesQuery,
  PublishInput,
  ReminderOut,
  ShareListOut,
  ShareOut,
  ShareParams,
  ShareProblemOut,
  StixBundleOut,
  WithdrawInput,
} from './sharing.schemas.js';
import { acknowledgeShare, createShare, editShare, publishShare, withdrawShare } from './sharing.usecases.js';
import { viewsOf } from './sharing.visibility.js';

const tags = ['sharing'];
const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
const stixResponse = (description: string) =>
  media(STIX_MEDIA_TYPE, StixBundleOut, description, {
    'content-disposition': { type: 'string', description: 'attachment, with a file name' },
  });

/** One share as this actor sees it (views are decided by viewsOf alone). */
async function present(unit: Unit, actor: Actor, share: ShareRow, deps: SharingDeps) {
  const views = await viewsOf(unit.tx, actor, [share]);
  if (!views.has(share.id)) throw shareErrors.notFound();
  const ctx = await shareContext(unit.tx, actor, [share], views, deps.clock.now(), deps.incidentNumberPrefix);
  return presentShare(share, ctx);
}

/** What the sharing routes use. */
export interface SharingRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  sharingDeps: SharingDeps;
}

export function sharingRoutes(app: Api, deps: SharingRoutesDeps): void {
  createShareRoute(app, deps);
  listSharesRoute(app, deps);
  readShareRoute(app, deps);
  editShareRoute(app, deps);
  publishShareRoute(app, deps);
  acknowledgeShareRoute(app, deps);
  acknowledgmentsRoute(app, deps);
  remindRecipientsRoute(app, deps);
  withdrawShareRoute(app, deps);
  exportPublishedRoute(app, deps);
  exportOneRoute(app, deps);
  shareAttachmentRoute(app, deps);
}

/** POST /api/v1/shares */
function createShareRoute(app: Api, { handle, clock, sharingDeps: deps }: SharingRoutesDeps): void {
  app.post(
    '/api/v1/shares',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'draftShare',
        tags,
        summary: 'Draft a share or an advisory; one derived from reports goes out once its sources consent',
        body: CreateShareInput,
        response: answers({
          201: jsonWith(ShareOut, { location }, 'Drafted'),
          422: problemOf(
            ShareProblemOut,
            'Refused by a rule of the product: the audience does not fit the TLP or names no one who may read it, a source is unknown or needs consent apart, redaction left nothing, a due date is out of range, an attachment is not of its sources (`attachmentIds`); `incidentIds` names the reports it carries undeclared',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const share = await createShare({ unit, actor, input: request.body, deps });
        return { status: 201, body: await present(unit, actor, share, deps) };
      });
      reply.status(result.status).header('location', `/api/v1/shares/${result.body.id}`);
      return result.body;
    },
  );
}

/** GET /api/v1/shares */
function listSharesRoute(app: Api, { handle, clock, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares',
    {
      schema: {
        operationId: 'listShares',
        tags,
        summary: 'Shares the caller may see: received (inbox, with retraction notices) and managed',
        querystring: ListSharesQuery,
        response: { 200: ShareListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const page = await listShares({ unit, actor, query: request.query, deps });
        const ctx = await shareContext(
          unit.tx,
          actor,
          page.items,
          page.views,
          clock.now(),
          deps.incidentNumberPrefix,
        );
        return { items: page.items.map((s) => presentShare(s, ctx)), nextCursor: page.nextCursor };
      });
    },
  );
}

/** GET /api/v1/shares/:id */
function readShareRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/:id',
    {
      schema: {
        operationId: 'getShare',
        tags,
        summary: 'One share, as the caller may see it',
        params: ShareParams,
        response: { 200: ShareOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const share = await readShare({ unit, actor, id, deps });
        return present(unit, actor, share, deps);
      });
    },
  );
}

/** PATCH /api/v1/shares/:id */
function editShareRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.patch(
    '/api/v1/shares/:id',
    {
      schema: {
        operationId: 'updateShare',
        tags,
        summary: 'Change a share (center); one derived from reports needs consent again',
        params: ShareParams,
        body: EditShareInput,
        response: {
          200: ShareOut,
          409: conflict('the share has been withdrawn'),
          422: problemOf(
            ShareProblemOut,
            'Refused by a rule of the product: the audience does not fit the TLP or names no one who may read it, a source is unknown or needs consent apart, redaction left nothing, a due date is out of range, an attachment is not of its sources (`attachmentIds`); `incidentIds` names the reports it carries undeclared',
          ),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const share = await editShare({ unit, actor, id, input: request.body, deps });
        return present(unit, actor, share, deps);
      });
    },
  );
}

/** POST /api/v1/shares/:id/publish */
function publishShareRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.post(
    '/api/v1/shares/:id/publish',
    {
      schema: {
        operationId: 'publishShare',
        tags,
        summary:
          'Publish an advisory of the center’s own under TLP:GREEN or TLP:CLEAR: a center coordinator who did not write it',
        params: ShareParams,
        body: PublishInput,
        response: {
          200: ShareOut,
          409: conflict('the share is withdrawn, not waiting for publication, or changed since you read it'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const { revision } = request.body;
      return inTransaction(handle, async (unit) => {
        const share = await publishShare({ unit, actor, id, revision, deps });
        return present(unit, actor, share, deps);
      });
    },
  );
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

/** POST /api/v1/shares/:id/withdraw */
function withdrawShareRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.post(
    '/api/v1/shares/:id/withdraw',
    {
      schema: {
        operationId: 'withdrawShare',
        tags,
        summary: 'Withdraw a share (its source body or the center): recipients get a retraction notice',
        params: ShareParams,
        body: WithdrawInput,
        response: { 200: ShareOut, 409: conflict('the share has been withdrawn already') },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const { reason } = request.body;
      return inTransaction(handle, async (unit) => {
        const share = await withdrawShare({ unit, actor, id, reason, deps });
        return present(unit, actor, share, deps);
      });
    },
  );
}

/** GET /api/v1/shares/export.stix */
function exportPublishedRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/export.stix',
    {
      schema: {
        operationId: 'exportSharesStix',
        tags,
        summary: 'The published shares the caller may see, as one STIX 2.1 bundle with TLP 2.0 markings',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: stixResponse('The published shares the caller may see, as one STIX 2.1 bundle') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { limit = 1000 } = request.query;
      const bundle = await inTransaction(handle, (unit) => exportPublished({ unit, actor, limit, deps }));
      reply
        .type(STIX_MEDIA_TYPE)
        .header('content-disposition', 'attachment; filename="renraku-shares.stix.json"');
      return JSON.stringify(bundle);
    },
  );
}

/** GET /api/v1/shares/:id/stix */
function exportOneRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/:id/stix',
    {
      schema: {
        operationId: 'getShareStix',
        tags,
        summary: 'One published share as a STIX 2.1 bundle',
        params: ShareParams,
        response: { 200: stixResponse('One published share as a STIX 2.1 bundle') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const bundle = await inTransaction(handle, (unit) => exportOne({ unit, actor, id, deps }));
      reply
        .type(STIX_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="renraku-share-${id}.stix.json"`);
      return JSON.stringify(bundle);
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
