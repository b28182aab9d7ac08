import type { Actor } from '../../platform/access/roles.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, jsonWith, location, problemOf } from '../../platform/http/openapi.js';
import { shareAttachmentRoute } from './sharing.attachments.routes.js';
import { shareContext } from './sharing.context.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { shareImportRoutes } from './sharing.import.routes.js';
import { listShares } from './sharing.list.js';
import { shareMispRoutes } from './sharing.misp.routes.js';
import { presentShare } from './sharing.presenter.js';
import { readShare } from './sharing.reads.js';
import { shareReceiptRoutes } from './sharing.receipts.routes.js';
import type { ShareRow } from './sharing.repository.js';
import {
  CreateShareInput,
  EditShareInput,
  ListSharesQuery,
  PublishInput,
  ShareListOut,
  ShareOut,
  ShareParams,
  ShareProblemOut,
  WithdrawInput,
} from './sharing.schemas.js';
import { shareSightingRoutes } from './sharing.sightings.routes.js';
import { shareStixRoutes } from './sharing.stix.routes.js';
import { createShare, editShare, publishShare, withdrawShare } from './sharing.usecases.js';
import { viewsOf } from './sharing.visibility.js';

const tags = ['sharing'];

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
  shareReceiptRoutes(app, deps);
  shareSightingRoutes(app, deps);
  withdrawShareRoute(app, deps);
  shareStixRoutes(app, deps);
  shareImportRoutes(app, deps);
  shareMispRoutes(app, deps);
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
