import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { ExportQuery, exportAnswer, exportOptions, sendSheets } from '../../platform/export/sheets.js';
import type { Api } from '../../platform/http/api.js';
import type { ContactDeps } from './contacts.deps.js';
import { contactSheets, exportContacts } from './contacts.export.js';
import { OrgParams } from './contacts.schemas.js';

/** What the contact structure's export route uses. */
export interface ContactExportRoutesDeps {
  handle: DatabaseHandle;
  /** The zone of the times when the query names none. */
  timeZone: string;
  contactDeps: ContactDeps;
}

/** GET /api/v1/orgs/:slug/contacts/export */
export function contactExportRoutes(
  app: Api,
  { handle, timeZone, contactDeps: deps }: ContactExportRoutesDeps,
) {
  app.get(
    '/api/v1/orgs/:slug/contacts/export',
    {
      schema: {
        operationId: 'exportContacts',
        tags: ['contacts'],
        summary: "A body's contact structure (連絡体制表) as XLSX or CSV (whoever may read it; audited)",
        params: OrgParams,
        querystring: ExportQuery,
        response: { 200: exportAnswer('The contact structure, as an attachment') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const options = exportOptions(request.query, timeZone);
      const { org, sheets } = await inTransaction(handle, async (unit) => {
        const found = await exportContacts({
          unit,
          actor,
          slug: request.params.slug,
          format: options.format,
          deps,
        });
        return { org: found.org, sheets: contactSheets(found.org, found.contacts, options) };
      });
      return sendSheets(reply, options.format, `renraku-contacts-${org.slug}`, sheets);
    },
  );
}
