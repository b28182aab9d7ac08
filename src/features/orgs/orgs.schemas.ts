import { Type } from 'typebox';
import { Line } from '../../platform/http/schemas.js';

const Slug = Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
const Name = Line(200);
const Minutes = Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 });
const Aliases = Type.Array(Line(100), {
  maxItems: 20,
  description: 'Other names of the body (METI, 経産省): anonymised shares hide them like its names and slug.',
});

const Domains = Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
  maxItems: 20,
  description:
    "The body's own DNS domains (example.go.jp): a share that removes internal addresses removes the hosts under them.",
});

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
    domains: Type.Optional(Domains),
  },
  { additionalProperties: false },
);

export const AliasesInput = Type.Object({ aliases: Aliases }, { additionalProperties: false });
export const DomainsInput = Type.Object({ domains: Domains }, { additionalProperties: false });

export const RoutingInput = Type.Object(
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
  domains: Type.Array(Type.String()),
});

/** The bounds of a review deadline, for forms to follow the server's. */
export const ReviewDeadlineOut = Type.Object({
  defaultMinutes: Type.Integer({
    description: 'Used when a ministry sets none (RENRAKU_REVIEW_DEADLINE_MINUTES)',
  }),
  maxMinutes: Type.Integer({
    description: 'The longest a ministry may set (RENRAKU_REVIEW_DEADLINE_MAX_MINUTES)',
  }),
});
