import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { can } from '../access/rules.js';
import { requireActor } from '../auth/authenticate.js';
import { localDate } from '../calendar.js';
import type { Clock } from '../clock.js';
import type { DatabaseHandle } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import { commonErrors } from '../errors.js';
import { knownTimeZone } from '../export/sheets.js';
import type { Api } from '../http/api.js';
import type { Anchoring } from './anchoring.js';
import { exportAudit } from './audit.export.js';
import { type AuditLog, audited } from './audit.js';
import { type AuditActors, type AuditFilter, type AuditRow, auditQuery } from './audit.query.js';
import { AuditCsvOut, AuditEntryOut, AuditExportQuery, AuditPageQuery, VerifyOut } from './audit.schemas.js';

const presentEntry = (r: AuditRow) => ({
  id: r.id,
  seq: r.seq,
  at: r.at,
  actorUserId: r.actor_user_id,
  actorOrgId: r.actor_org_id,
  actorEmail: r.actor_email,
  actorOrgSlug: r.actor_org_slug,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  detail: JSON.parse(r.detail) as unknown,
  hash: r.seq === null ? null : r.hash,
});

/** The filter's fields that were given, as they are recorded. */
const given = (f: object) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));

/** The filter as the query string gave it, with instants in the stored form. */
const filterOf = (q: AuditFilter): AuditFilter => ({
  action: q.action,
  actor: q.actor,
  subjectType: q.subjectType,
  subjectId: q.subjectId,
  from: q.from ? new Date(q.from).toISOString() : undefined,
  to: q.to ? new Date(q.to).toISOString() : undefined,
});

/** What the audit routes use. */
export interface AuditRoutesDeps {
  handle: DatabaseHandle;
  audit: AuditLog;
  clock: Clock;
  anchoring: Anchoring;
  /** The time zone of the export's file name. */
  timeZone: string;
  actors: AuditActors;
}

export function auditRoutes(
  app: Api,
  { handle, audit, clock, anchoring, timeZone, actors }: AuditRoutesDeps,
): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        operationId: 'listAuditLog',
        tags: ['audit'],
        summary: 'Read the audit log (auditors and administrators), newest first, filtered',
        querystring: AuditPageQuery,
        response: { 200: Type.Object({ items: Type.Array(AuditEntryOut) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!can.readAudit(actor)) throw commonErrors.forbidden();
      const query = request.query;
      const filter = filterOf(query);
      const paging = { before: query.before, limit: query.limit ?? 100 };
      // Who read which part of the log is itself recorded, as for the export; the page is read in the same
      // unit, before its own row is written at the end of it.
      const rows = await inTransaction(handle, async (unit) => {
        await audit.append(
          unit,
          audited(actor, 'audit.read', 'audit', null, { filter: given(filter), ...given(paging) }),
          clock.now(),
        );
        return auditQuery.page(unit.tx, filter, paging, actors);
      });
      return { items: rows.map(presentEntry) };
    },
  );

  app.get(
    '/api/v1/audit/export.csv',
    {
      schema: {
        operationId: 'exportAuditLog',
        tags: ['audit'],
        summary: 'Export the matching audit log as CSV, oldest first (auditors and administrators; audited)',
        querystring: AuditExportQuery,
        response: { 200: AuditCsvOut },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!can.readAudit(actor)) throw commonErrors.forbidden();
      const filter = filterOf(request.query);
      const { lang, tz } = request.query;
      const options =
        lang || tz ? { lang: lang ?? 'en', timeZone: tz ? knownTimeZone(tz) : undefined } : undefined;
      const now = clock.now();
      const lines = await exportAudit({ handle, audit, actor, filter, now, actors, options });
      const name = `renraku-audit-${localDate(now, timeZone)}.csv`;
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store');
      return reply.send(Readable.from(lines));
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        operationId: 'verifyAuditLog',
        tags: ['audit'],
        summary: "Verify the audit log's hash chain against its newest signed anchor",
        response: { 200: VerifyOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!can.readAudit(actor)) throw commonErrors.forbidden();
      return anchoring.verify();
    },
  );
}
