import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { downloadAnswers, sendAttachment } from '../attachments/attachments.send.js';
import { downloadShareAttachment } from './sharing.attachments.js';
import type { SharingRoutesDeps } from './sharing.routes.js';
import { ShareAttachmentParams } from './sharing.schemas.js';

const tags = ['sharing'];

/** GET /api/v1/shares/:id/attachments/:attachmentId */
export function shareAttachmentRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/:id/attachments/:attachmentId',
    {
      schema: {
        operationId: 'downloadShareAttachment',
        tags,
        summary:
          'Download a file the share carries: its recipients while it is published, and those who manage it',
        params: ShareAttachmentParams,
        response: downloadAnswers,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id, attachmentId } = request.params;
      const file = await inTransaction(handle, (unit) =>
        downloadShareAttachment({ unit, actor, shareId: id, attachmentId, deps }),
      );
      return sendAttachment(reply, file);
    },
  );
}
