import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ExportQuery, exportAnswer, exportOptions, sendSheets } from '../../platform/export/sheets.js';
import type { Api } from '../../platform/http/api.js';
import type { SharingDeps } from './sharing.deps.js';
import { ShareParams } from './sharing.schemas.js';
import { exportShare, shareSheets } from './sharing.sheets.js';

/** What the share export route uses. */
export interface ShareExportRoutesDeps {
  handle: DatabaseHandle;
  /** The zone of the times when the query names none. */
  timeZone: string;
  sharingDeps: SharingDeps;
}

/** GET /api/v1/shares/:id/export */
export function shareExportRoutes(app: Api, { handle, timeZone, sharingDeps: deps }: ShareExportRoutesDeps) {
  app.get(
    '/api/v1/shares/:id/export',
    {
      schema: {
        operationId: 'exportShare',
        tags: ['sharing'],
        summary: 'One share as XLSX or CSV, as the caller sees it (its readers; audited)',
        params: ShareParams,
        querystring: ExportQuery,
        response: { 200: exportAnswer('The share, as an attachment') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const options = exportOptions(request.query, timeZone);
      const { id } = request.params;
      const share = await inTransaction(handle, (unit) =>
        exportShare({ unit, actor, id, format: options.format, deps }),
      );
      return sendSheets(reply, options.format, `renraku-share-${id}`, shareSheets(share, options));
    },
  );
}
