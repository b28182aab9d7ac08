import { Type } from 'typebox';
import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, refused } from '../../platform/http/openapi.js';
import { aliasesOf, type OrgRow } from './orgs.directory.js';
import { orgsRepository } from './orgs.repository.js';
import { configureRouting, createOrg, setAliases } from './orgs.usecases.js';

const Slug = Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\r\\n]*\\S[^\\r\\n]*$' });
const Minutes = Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 });
const Aliases = Type.Array(
  Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\r\\n]*\\S[^\\r\\n]*$' }),
  {
    maxItems: 20,
    description:
      'Other names of the body (METI, 経産省): anonymised shares hide them like its names and slug.',
  },
);

export const OrgInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('center'), Type.Literal('ministry'), Type.Literal('agency')]),
    slug: Slug,
    nameJa: Name,
    nameEn: Name,
    parent: Type.Optional(Slug),
    reviewMode: Type.Optional(Type.Boolean()),
    reviewDeadlineMinutes: Type.Optional(Minutes),
    aliases: Type.Optional(Aliases),
  },
  { additionalProperties: false },
);

const AliasesInput = Type.Object({ aliases: Aliases }, { additionalProperties: false });

const RoutingInput = Type.Object(
  { reviewMode: Type.Boolean(), reviewDeadlineMinutes: Type.Optional(Type.Union([Minutes, Type.Null()])) },
  { additionalProperties: false },
);

export const OrgOut = Type.Object({
  slug: Type.String(),
  kind: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  parent: Type.Union([Type.String(), Type.Null()]),
  reviewMode: Type.Boolean(),
  reviewDeadlineMinutes: Type.Union([Type.Integer(), Type.Null()]),
  aliases: Type.Array(Type.String()),
});

/** The bounds of a review deadline, for forms to follow the server's. */
const ReviewDeadlineOut = Type.Object({
  defaultMinutes: Type.Integer({
    description: 'Used when a ministry sets none (RENRAKU_REVIEW_DEADLINE_MINUTES)',
  }),
  maxMinutes: Type.Integer({
    description: 'The longest a ministry may set (RENRAKU_REVIEW_DEADLINE_MAX_MINUTES)',
  }),
});

/** What the org routes use. */
export interface OrgRoutesDeps {
  handle: DatabaseHandle;
  audit: AuditLog;
  clock: Clock;
  reviewDeadlineMinutes: number;
  maxReviewDeadlineMinutes: number;
}

export function orgRoutes(
  app: Api,
  { handle, audit, clock, reviewDeadlineMinutes, maxReviewDeadlineMinutes }: OrgRoutesDeps,
): void {
  const present = (o: OrgRow, bySlug: Map<string, string>) => ({
    slug: o.slug,
    kind: o.kind,
    nameJa: o.name_ja,
    nameEn: o.name_en,
    parent: o.parent_id ? (bySlug.get(o.parent_id) ?? null) : null,
    reviewMode: o.review_mode === 1,
    // A deadline set before the bound existed counts as the bound (see planRoute): shown as it applies.
    reviewDeadlineMinutes:
      o.review_deadline_minutes === null
        ? null
        : Math.min(o.review_deadline_minutes, maxReviewDeadlineMinutes),
    aliases: aliasesOf(o),
  });
  /** One body, presented with its parent's slug. */
  const presentOne = async (db: Executor, org: OrgRow) => {
    const parent = org.parent_id ? await orgsRepository.byId(db, org.parent_id) : undefined;
    return present(org, new Map(parent ? [[parent.id, parent.slug]] : []));
  };

  app.get(
    '/api/v1/orgs',
    {
      schema: {
        operationId: 'listOrgs',
        tags: ['orgs'],
        summary: 'The organization tree: the center, ministries and their agencies',
        response: {
          200: Type.Object({ items: Type.Array(OrgOut), reviewDeadline: ReviewDeadlineOut }),
        },
      },
    },
    async (request) => {
      requireActor(request);
      const all = await orgsRepository.all(handle.db);
      const bySlug = new Map(all.map((o) => [o.id, o.slug]));
      return {
        items: all.map((o) => present(o, bySlug)),
        reviewDeadline: {
          defaultMinutes: reviewDeadlineMinutes,
          maxMinutes: maxReviewDeadlineMinutes,
        },
      };
    },
  );

  app.post(
    '/api/v1/orgs',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createOrg',
        tags: ['orgs'],
        summary: 'Add a body (administrator)',
        body: OrgInput,
        response: answers({
          201: OrgOut,
          409: conflict('a body with this slug exists, or a second center was asked for'),
          422: refused(
            'the parent does not suit the kind of body; review by a ministry only, within the longest deadline',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const org = await createOrg({ unit, actor, input, audit, clock, maxReviewDeadlineMinutes });
        return { status: 201, body: await presentOne(unit.tx, org) };
      });
      reply.status(result.status);
      return result.body;
    },
  );

  app.patch(
    '/api/v1/orgs/:slug/routing',
    {
      schema: {
        operationId: 'setOrgRouting',
        tags: ['orgs'],
        summary: "Choose whether a ministry reviews its agencies' reports before they go to the center",
        params: Type.Object({ slug: Type.String({ maxLength: 64 }) }),
        body: RoutingInput,
        response: {
          200: OrgOut,
          422: refused('only a ministry reviews reports, within the longest deadline'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const body = request.body;
      const org = await inTransaction(handle, (unit) =>
        configureRouting({ unit, actor, slug, ...body, audit, clock, maxReviewDeadlineMinutes }),
      );
      return presentOne(handle.db, org);
    },
  );

  app.put(
    '/api/v1/orgs/:slug/aliases',
    {
      schema: {
        operationId: 'replaceOrgAliases',
        tags: ['orgs'],
        summary: "Replace a body's aliases, which anonymised shares hide (administrator)",
        params: Type.Object({ slug: Type.String({ maxLength: 64 }) }),
        body: AliasesInput,
        response: { 200: OrgOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const { aliases } = request.body;
      const org = await inTransaction(handle, (unit) =>
        setAliases({ unit, actor, slug, aliases, audit, clock }),
      );
      return presentOne(handle.db, org);
    },
  );
}
