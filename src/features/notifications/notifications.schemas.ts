import { type Static, Type } from 'typebox';
import { CONTACT_ROLES } from '../contacts/contacts.schemas.js';
import { SEVERITIES } from '../incidents/vocabulary.js';
import { CHANNELS, NOTIFIED_EVENTS } from './notifications.rules.js';

const Event = Type.Enum(NOTIFIED_EVENTS);
const Severity = Type.Enum(SEVERITIES);
const Role = Type.Enum(CONTACT_ROLES);
const Channel = Type.Enum(CHANNELS);
const AckMinutes = Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 });

export const RuleIn = Type.Object(
  {
    event: Event,
    enabled: Type.Boolean(),
    minSeverity: Type.Optional(Type.Union([Severity, Type.Null()])),
    roles: Type.Array(Role, { minItems: 1, maxItems: CONTACT_ROLES.length, uniqueItems: true }),
    channels: Type.Array(Channel, { minItems: 1, maxItems: CHANNELS.length, uniqueItems: true }),
    ackMinutes: Type.Optional(
      Type.Union([AckMinutes, Type.Null()], {
        description: 'Minutes to acknowledge before escalation; null: no acknowledgment asked',
      }),
    ),
    ackMinSeverity: Type.Optional(
      Type.Union([Severity, Type.Null()], {
        description: 'Acknowledgment asked only for incidents from this severity up; null or absent: always',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RuleIn = Static<typeof RuleIn>;

export const RulesInput = Type.Object(
  {
    rules: Type.Array(RuleIn, {
      maxItems: NOTIFIED_EVENTS.length,
      description: 'The rules of the body; an event not listed follows the default',
    }),
  },
  { additionalProperties: false },
);
export type RulesInput = Static<typeof RulesInput>;

export const RuleOut = Type.Object({
  event: Type.String(),
  enabled: Type.Boolean(),
  minSeverity: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  channels: Type.Array(Type.String()),
  ackMinutes: Type.Union([Type.Integer(), Type.Null()]),
  ackMinSeverity: Type.Union([Type.String(), Type.Null()]),
  /** false: the built-in default. */
  custom: Type.Boolean(),
});
export const RulesOut = Type.Object({ org: Type.String(), rules: Type.Array(RuleOut) });

export const OrgParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) });
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });

export const NotificationListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('all')], {
        description: 'open: waiting for an acknowledgment',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

const OrgRef = Type.Object({ slug: Type.String(), nameJa: Type.String(), nameEn: Type.String() });

export const NotificationOut = Type.Object({
  id: Type.String(),
  event: Type.String(),
  tlp: Type.Union([Type.String(), Type.Null()]),
  alertOrg: Type.Union([OrgRef, Type.Null()]),
  subject: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
  incidentId: Type.Union([Type.String(), Type.Null()]),
  step: Type.Integer(),
  channels: Type.Array(Type.String()),
  createdAt: Type.String(),
  needsAck: Type.Boolean(),
  escalateAt: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
  acknowledgedVia: Type.Union([Type.String(), Type.Null()]),
  deliveryFailed: Type.Boolean(),
  about: Type.Union([
    Type.Object({
      type: Type.String({ description: 'incident, share, consent_request, situation or situation_request' }),
      readable: Type.Boolean({ description: 'Whether the recipient may read it now' }),
      title: Type.Union([Type.String(), Type.Null()]),
      severity: Type.Union([Type.String(), Type.Null()]),
      org: Type.Union([OrgRef, Type.Null()]),
      path: Type.Union([Type.String(), Type.Null()], { description: 'Its page in the web app' }),
      pending: Type.Union([Type.Literal('review'), Type.Literal('restricted'), Type.Null()], {
        description: "Why it is not readable: review, an incident in its ministry's review",
      }),
    }),
    Type.Null(),
  ]),
  exercise: Type.Union(
    [Type.Object({ id: Type.String(), number: Type.String(), name: Type.String() }), Type.Null()],
    { description: 'The exercise (訓練) the notice is about data of; null for a real one' },
  ),
  closed: Type.Union([
    Type.Object(
      {
        action: Type.String({ description: 'What the body did that answered it, e.g. incident.forwarded' }),
        org: Type.Union([OrgRef, Type.Null()]),
        at: Type.String(),
      },
      { description: 'Closed because its body acted on what it was about' },
    ),
    Type.Null(),
  ]),
});
export const NotificationListOut = Type.Object({ items: Type.Array(NotificationOut) });

export const StepOut = Type.Object({
  at: Type.String(),
  kind: Type.String(),
  chainId: Type.String(),
  step: Type.Integer(),
  alertOrg: Type.Union([OrgRef, Type.Null()]),
  reachedOrg: Type.Union([OrgRef, Type.Null()]),
  contact: Type.Union([Type.Object({ name: Type.String(), role: Type.String() }), Type.Null()]),
  channel: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Union([Type.Array(Type.String()), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  via: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export const StepListOut = Type.Object({ items: Type.Array(StepOut) });
