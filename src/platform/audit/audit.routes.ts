import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../services.js';
import { can } from '../access/rules.js';
import { requireActor } from '../auth/authenticate.js';
import { commonErrors } from '../errors.js';

export function auditRoutes(app: FastifyInstance, services: Services): void {
  const { handle, audit } = services;

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log (auditors and administrators), newest first',
        querystring: Type.Object(
          {
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!can.readAudit(actor)) throw commonErrors.forbidden();
      const { before, limit } = request.query as { before?: number; limit: number };
      const rows = await audit.page(handle.db, { before, limit });
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at,
          actorUserId: r.actor_user_id,
          actorOrgId: r.actor_org_id,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          detail: JSON.parse(r.detail) as unknown,
          hash: r.hash,
        })),
      };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    { schema: { tags: ['audit'], summary: 'Verify the hash chain of the audit log' } },
    async (request) => {
      const actor = requireActor(request);
      if (!can.readAudit(actor)) throw commonErrors.forbidden();
      return audit.verify(handle.db);
    },
  );
}
