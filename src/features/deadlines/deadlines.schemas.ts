import { type Static, Type } from 'typebox';
import { Line } from '../../platform/http/schemas.js';

export const PROFILE_ID = '^[a-z0-9][a-z0-9-]{0,39}$';
export const CLOCKS_MAX = 10;

export const ProfileParams = Type.Object({
  id: Type.String({ pattern: PROFILE_ID, description: 'The profile: lower-case letters, digits, hyphens' }),
});

const SpanOut = Type.Object({
  amount: Type.Integer(),
  unit: Type.String({ description: 'minutes, hours, calendar-days, business-days or months' }),
});

const ClockInput = Type.Object(
  {
    key: Type.String({ pattern: PROFILE_ID }),
    nameJa: Line(200),
    nameEn: Line(200),
    from: Type.String({
      maxLength: 60,
      description:
        "detection, awareness (the assessment that met the trigger), or after:<an earlier clock's key>",
    }),
    amount: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'At least 1.' }),
    unit: Type.String({
      maxLength: 20,
      description: 'minutes, hours, calendar-days, business-days or months',
    }),
    maliciousAmount: Type.Optional(
      Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'The amount when malicious.' }),
    ),
    satisfiedBy: Type.String({
      maxLength: 20,
      description:
        'quick (the quick report), update (the first update or final report after its start), final',
    }),
  },
  { additionalProperties: false },
);

export const ProfileInput = Type.Object(
  {
    revision: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'The revision read: 0 for a shipped profile as shipped or a new one (409 if stale).',
    }),
    nameJa: Line(200),
    nameEn: Line(200),
    trigger: Type.String({ maxLength: 40, description: 'always, personal-data, appi or significant' }),
    threshold: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Persons above which appi fires.' }),
    ),
    timeZone: Type.Optional(
      Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
        description: "The zone days are counted in; null: the deployment's",
      }),
    ),
    clocks: Type.Array(ClockInput, { maxItems: CLOCKS_MAX }),
    bodies: Type.Object(
      {
        kinds: Type.Array(Type.Union([Type.Literal('ministry'), Type.Literal('agency')]), { maxItems: 2 }),
        slugs: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ProfileInput = Static<typeof ProfileInput>;

const ClockDefinitionOut = Type.Object({
  key: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  from: Type.String(),
  span: SpanOut,
  maliciousSpan: Type.Union([SpanOut, Type.Null()]),
  satisfiedBy: Type.String(),
});

export const ProfileOut = Type.Object({
  id: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  trigger: Type.String(),
  threshold: Type.Integer(),
  timeZone: Type.Union([Type.String(), Type.Null()]),
  clocks: Type.Array(ClockDefinitionOut),
  bodies: Type.Object({ kinds: Type.Array(Type.String()), slugs: Type.Array(Type.String()) }),
  builtIn: Type.Boolean(),
  revision: Type.Integer(),
});

export const ProfilesOut = Type.Object({ profiles: Type.Array(ProfileOut) });

const ClockOut = Type.Object({
  key: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
  startsAt: Type.String(),
  dueAt: Type.String(),
  satisfiedAt: Type.Union([Type.String(), Type.Null()]),
  satisfiedBySeq: Type.Union([Type.Integer(), Type.Null()]),
  outcome: Type.Union([
    Type.Literal('pending'),
    Type.Literal('overdue'),
    Type.Literal('on-time'),
    Type.Literal('late'),
  ]),
  lateByMinutes: Type.Union([Type.Integer(), Type.Null()]),
});

export const IncidentDeadlinesOut = Type.Object({
  incidentId: Type.String(),
  publicExplanationCalledFor: Type.Boolean(),
  profiles: Type.Array(
    Type.Object({
      id: Type.String(),
      nameJa: Type.String(),
      nameEn: Type.String(),
      trigger: Type.String(),
      timeZone: Type.String(),
      awareAt: Type.String(),
      clocks: Type.Array(ClockOut),
    }),
  ),
});
