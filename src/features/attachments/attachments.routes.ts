import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { answers, jsonWith, location, problemResponse } from '../../platform/http/openapi.js';
import type { AttachmentDeps } from './attachments.deps.js';
import { downloadPath, presentAttachments } from './attachments.presenter.js';
import {
  AttachmentListOut,
  AttachmentOut,
  AttachmentParams,
  IncidentAttachmentsParams,
  UploadQuery,
  WithdrawIn,
} from './attachments.schemas.js';
import { downloadAnswers, sendAttachment } from './attachments.send.js';
import { uploadParser } from './attachments.upload.js';
import { attachFile, downloadAttachment, listAttachments, type Upload } from './attachments.usecases.js';
import { withdrawAttachment } from './attachments.withdraw.js';

const tags = ['incidents'];

/** What the attachment routes use. */
export interface AttachmentRoutesDeps {
  handle: DatabaseHandle;
  attachmentDeps: AttachmentDeps;
}

export function attachmentRoutes(app: Api, deps: AttachmentRoutesDeps): void {
  // The upload takes any media type as raw bytes: its own scope, so that no other route parses them.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', uploadParser(deps.attachmentDeps.maxBytes));
    uploadRoute(scope.withTypeProvider<TypeBoxTypeProvider>(), deps);
  });
  listRoute(app, deps);
  downloadRoute(app, deps);
  withdrawRoute(app, deps);
}

const binary = {
  description: "The file's bytes, as they are; the Content-Type header is the file's media type",
};

/** POST /api/v1/incidents/:id/attachments?name=… */
function uploadRoute(app: Api, { handle, attachmentDeps: deps }: AttachmentRoutesDeps): void {
  app.post(
    '/api/v1/incidents/:id/attachments',
    {
      schema: {
        operationId: 'attachFile',
        tags,
        summary: "Attach a file to the incident's latest report (or the report named): the body's raw bytes",
        params: IncidentAttachmentsParams,
        querystring: UploadQuery,
        body: { content: { 'application/octet-stream': { schema: binary }, '*/*': { schema: binary } } },
        response: answers({
          201: jsonWith(AttachmentOut, { location }, 'Attached'),
          413: problemResponse(
            'The file is larger than RENRAKU_ATTACHMENT_MAX_BYTES, or the incident would hold more than RENRAKU_ATTACHMENT_INCIDENT_MAX_BYTES',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const input = {
        name: request.query.name,
        mediaType: request.headers['content-type'],
        reportSeq: request.query.report,
      };
      const upload = request.body as Upload | undefined;
      const body = await inTransaction(handle, async (unit) => {
        const row = await attachFile({ unit, actor, incidentId: id, input, upload, deps });
        const [out] = await presentAttachments(unit.tx, [row], actor);
        return out as AttachmentOut;
      });
      reply.status(201).header('location', downloadPath({ incident_id: id, id: body.id }));
      return body;
    },
  );
}

/** GET /api/v1/incidents/:id/attachments */
function listRoute(app: Api, { handle, attachmentDeps: deps }: AttachmentRoutesDeps): void {
  app.get(
    '/api/v1/incidents/:id/attachments',
    {
      schema: {
        operationId: 'listAttachments',
        tags,
        summary: "The incident's attachments: name, size, SHA-256, uploading body, report, time",
        params: IncidentAttachmentsParams,
        response: { 200: AttachmentListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const rows = await listAttachments({ unit, actor, incidentId: id, deps });
        return { items: await presentAttachments(unit.tx, rows, actor) };
      });
    },
  );
}

/** GET /api/v1/incidents/:id/attachments/:attachmentId */
function downloadRoute(app: Api, { handle, attachmentDeps: deps }: AttachmentRoutesDeps): void {
  app.get(
    '/api/v1/incidents/:id/attachments/:attachmentId',
    {
      schema: {
        operationId: 'downloadAttachment',
        tags,
        summary: 'Download an attachment: always as a file to save, never shown in the browser',
        params: AttachmentParams,
        response: downloadAnswers,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id, attachmentId } = request.params;
      const file = await inTransaction(handle, (unit) =>
        downloadAttachment({ unit, actor, incidentId: id, attachmentId, deps }),
      );
      return sendAttachment(reply, file);
    },
  );
}

/** POST /api/v1/incidents/:id/attachments/:attachmentId/withdraw */
function withdrawRoute(app: Api, { handle, attachmentDeps: deps }: AttachmentRoutesDeps): void {
  app.post(
    '/api/v1/incidents/:id/attachments/:attachmentId/withdraw',
    {
      schema: {
        operationId: 'withdrawAttachment',
        tags,
        summary:
          'Withdraw a file attached by mistake: its bytes are erased, its name, size and SHA-256 stay with who withdrew it, when and why',
        params: AttachmentParams,
        body: WithdrawIn,
        response: answers({
          200: AttachmentOut,
          409: problemResponse('The file is already withdrawn (attachments.already_withdrawn)'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, attachmentId } = request.params;
      const { reason } = request.body;
      return inTransaction(handle, async (unit) => {
        const row = await withdrawAttachment({ unit, actor, incidentId: id, attachmentId, reason, deps });
        const [out] = await presentAttachments(unit.tx, [row], actor);
        return out as AttachmentOut;
      });
    },
  );
}
