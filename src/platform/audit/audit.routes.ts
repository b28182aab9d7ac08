import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../services.js';
import { can } from '../access/rules.js';
import { requireActor } from '../auth/authenticate.js';
import { localDate } from '../calendar.js';
import { commonErrors } from '../errors.js';
import { problemResponses as errors } from '../http/schemas.js';
import { exportAudit } from './audit.export.js';
import { type AuditFilter, type AuditRow, auditQuery } from './audit.query.js';
import { AuditCsvOut, AuditEntryOut, AuditFilterQuery, AuditPageQuery, VerifyOut } from './audit.schemas.js';

const presentEntry = (r: AuditRow) => ({
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
  hash: r.hash,
});

/** The filter as the query string gave it, with instants in the stored form. */
const filterOf = (q: AuditFilter): AuditFilter => ({
  action: q.action,
  actor: q.actor,
  subjectType: q.subjectType,
  subjectId: q.subjectId,
  from: q.from ? new Date(q.from).toISOString() : undefined,
  to: q.to ? new Date(q.to).toISOString() : undefined,
});

export function auditRoutes(app: FastifyInstance, services: Services): void {
  const { handle, audit, clock, config, anchoring } = services;

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log (auditors and administrators), newest first, filtered',
        querystring: AuditPageQuery,
        response: { 200: Type.Object({ items: Type.Array(AuditEntryOut) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!can.readAudit(actor)) throw commonErrors.forbidden();
      const query = request.query as AuditFilter & { before?: number; limit?: number };
      const rows = await auditQuery.page(handle.db, filterOf(query), {
        before: query.before,
        limit: query.limit ?? 100,
      });
      return { items: rows.map(presentEntry) };
    },
  );

  app.get(
    '/api/v1/audit/export.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'Export the matching audit log as CSV, oldest first (auditors and administrators; audited)',
        querystring: AuditFilterQuery,
        response: { 200: AuditCsvOut, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!can.readAudit(actor)) throw commonErrors.forbidden();
      const filter = filterOf(request.query as AuditFilter);
      const now = clock.now();
      const lines = await exportAudit({ handle, audit, actor, filter, now });
      const name = `renraku-audit-${localDate(now, config.timeZone)}.csv`;
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
        tags: ['audit'],
        summary: "Verify the audit log's hash chain against its newest signed anchor",
        response: { 200: VerifyOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!can.readAudit(actor)) throw commonErrors.forbidden();
      return anchoring.verify();
    },
  );
}
