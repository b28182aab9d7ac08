import { type Static, Type } from 'typebox';
import { Line } from '../../platform/http/schemas.js';

export const CONTACT_ROLES = ['ciso', 'csirt-lead', 'duty-officer', 'deputy', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

const Role = Type.Union([
  Type.Literal('ciso'),
  Type.Literal('csirt-lead'),
  Type.Literal('duty-officer'),
  Type.Literal('deputy'),
  Type.Literal('other'),
]);
const Locale = Type.Union([Type.Literal('ja'), Type.Literal('en')]);
const Availability = Type.Union([Type.Literal('24/7'), Type.Literal('business-hours')]);
const Email = Type.String({ format: 'email', maxLength: 254 });
const Phone = Type.Object(
  {
    label: Type.Optional(Type.String({ maxLength: 50, pattern: '^[^\\r\\n]*$' })),
    // Text as people dial it: digits, +, -, spaces and parentheses, with at least three digits.
    number: Type.String({ minLength: 3, maxLength: 32, pattern: '^(?=(?:[^0-9]*[0-9]){3})[0-9+() -]+$' }),
  },
  { additionalProperties: false },
);
const Phones = Type.Array(Phone, { maxItems: 5 });
const WebhookUrl = Type.String({ minLength: 1, maxLength: 2000 });
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const BusinessHours = Type.Object({ start: Clock, end: Clock }, { additionalProperties: false });
const TimeZone = Type.String({ minLength: 1, maxLength: 64 });
const Order = Type.Integer({ minimum: 1, maximum: 1000, description: '1 is reached first' });

export const ContactInput = Type.Object(
  {
    name: Line(200),
    role: Role,
    email: Type.Optional(Email),
    phones: Type.Optional(Phones),
    webhookUrl: Type.Optional(WebhookUrl),
    locale: Type.Optional(Locale),
    availability: Type.Optional(Availability),
    timeZone: Type.Optional(TimeZone),
    businessHours: Type.Optional(BusinessHours),
    order: Type.Optional(Order),
  },
  { additionalProperties: false },
);
export type ContactInput = Static<typeof ContactInput>;

export const ContactChangeInput = Type.Object(
  {
    name: Type.Optional(Line(200)),
    role: Type.Optional(Role),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    phones: Type.Optional(Phones),
    webhookUrl: Type.Optional(Type.Union([WebhookUrl, Type.Null()])),
    locale: Type.Optional(Locale),
    availability: Type.Optional(Availability),
    timeZone: Type.Optional(TimeZone),
    businessHours: Type.Optional(BusinessHours),
    order: Type.Optional(Order),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ContactChangeInput = Static<typeof ContactChangeInput>;

export const OrgParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) });
export const ContactParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 64 }),
  id: Type.String({ minLength: 1, maxLength: 64 }),
});
export const ContactsQuery = Type.Object(
  {
    at: Type.Optional(
      Type.String({ format: 'date-time', description: 'Instant for `available` (default: now)' }),
    ),
  },
  { additionalProperties: false },
);

export const ContactOut = Type.Object({
  id: Type.String(),
  orgSlug: Type.String(),
  name: Type.String(),
  role: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phones: Type.Array(Type.Object({ label: Type.String(), number: Type.String() })),
  webhookUrl: Type.Union([Type.String(), Type.Null()], {
    description: "The full URL for the body's managers; its origin only for other readers",
  }),
  locale: Type.String(),
  availability: Type.String(),
  timeZone: Type.String(),
  businessHours: BusinessHours,
  order: Type.Integer(),
  hasAccount: Type.Boolean({
    description: 'A Renraku user of the body has this e-mail (in-app notifications)',
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  verifiedAt: Type.Union([Type.String(), Type.Null()]),
  available: Type.Boolean({ description: 'Reachable at the instant of the answer (`at`, default now)' }),
});

/** A created or changed contact; `webhookSecret` only when this request created the body's webhook key. */
export const ContactWrittenOut = Type.Intersect([
  ContactOut,
  Type.Object({
    webhookSecret: Type.Optional(
      Type.String({ description: "The body's new webhook signing key, shown this once" }),
    ),
  }),
]);

export const ContactListOut = Type.Object({
  at: Type.String(),
  items: Type.Array(ContactOut),
  webhookSecretCreatedAt: Type.Union([Type.String(), Type.Null()], {
    description: 'When the body’s webhook signing key was made (the key itself is never shown again)',
  }),
});

export const VerifyOut = Type.Object({ verifiedAt: Type.String(), contacts: Type.Integer() });
export const WebhookSecretOut = Type.Object({ secret: Type.String(), createdAt: Type.String() });
