import { ApiError } from '../api.js';
import { isMessageKey, type MessageKey } from '../i18n.js';
import type { Contact, ContactChange, NewContact } from './contacts.api.js';

// The add/edit form of a contact as plain strings, to and from the API's shape, and the server's refusals
// mapped to the field they are about.

export const CONTACT_ROLES = ['ciso', 'csirt-lead', 'duty-officer', 'deputy', 'other'] as const;

export const FIELDS = [
  'name',
  'role',
  'email',
  'phone',
  'phoneLabel',
  'phone2',
  'phone2Label',
  'webhookUrl',
  'locale',
  'availability',
  'start',
  'end',
  'timeZone',
] as const;
export type FieldName = (typeof FIELDS)[number];
export type Values = Record<FieldName, string>;
export type FieldErrors = Partial<Record<FieldName, MessageKey>>;

/** The form of a new contact: in the body's usual time zone, in the language of whoever adds it. */
export const emptyValues = (locale: string): Values => ({
  name: '',
  role: 'duty-officer',
  email: '',
  phone: '',
  phoneLabel: '',
  phone2: '',
  phone2Label: '',
  webhookUrl: '',
  locale,
  availability: '24/7',
  start: '09:00',
  end: '18:00',
  timeZone: 'Asia/Tokyo',
});

/** The form of an existing contact. */
export const valuesOf = (c: Contact): Values => ({
  name: c.name,
  role: c.role,
  email: c.email ?? '',
  phone: c.phones[0]?.number ?? '',
  phoneLabel: c.phones[0]?.label ?? '',
  phone2: c.phones[1]?.number ?? '',
  phone2Label: c.phones[1]?.label ?? '',
  webhookUrl: c.webhookUrl ?? '',
  locale: c.locale,
  availability: c.availability,
  start: c.businessHours.start,
  end: c.businessHours.end,
  timeZone: c.timeZone,
});

/** What the form asks of the server: every field, empty channels as absent (new) or null (change). */
export function inputOf(v: Values): NewContact {
  const phones = [
    { number: v.phone.trim(), label: v.phoneLabel.trim() },
    { number: v.phone2.trim(), label: v.phone2Label.trim() },
  ].filter((p) => p.number !== '');
  return {
    name: v.name.trim(),
    role: v.role as NewContact['role'],
    ...(v.email.trim() ? { email: v.email.trim() } : {}),
    phones,
    ...(v.webhookUrl.trim() ? { webhookUrl: v.webhookUrl.trim() } : {}),
    locale: v.locale === 'en' ? 'en' : 'ja',
    availability: v.availability === 'business-hours' ? 'business-hours' : '24/7',
    timeZone: v.timeZone.trim(),
    businessHours: { start: v.start, end: v.end },
  };
}

/** A change clears the channels left empty (a new contact simply leaves them out). */
export function changeOf(v: Values) {
  const input = inputOf(v);
  return { ...input, email: input.email ?? null, webhookUrl: input.webhookUrl ?? null };
}

/**
 * The fields of a change that differ from the contact as it is: a change names only what it changes (a field
 * shown shortened, such as the origin of a webhook URL to those who do not manage the body, stays as it is).
 */
export function changedFields(v: Values, c: Contact): ContactChange {
  const next = changeOf(v);
  const now: Record<string, unknown> = {
    name: c.name,
    role: c.role,
    email: c.email,
    phones: c.phones.map((p) => ({ number: p.number, label: p.label })),
    webhookUrl: c.webhookUrl,
    locale: c.locale,
    availability: c.availability,
    timeZone: c.timeZone,
    businessHours: c.businessHours,
  };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next))
    if (JSON.stringify(value) !== JSON.stringify(now[field])) out[field] = value;
  return out as ContactChange;
}

/** What the form can tell before asking: a name, and at least one way to reach the contact. */
export function checkValues(v: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.name.trim()) errors.name = 'contacts.required';
  if (!v.email.trim() && !v.phone.trim() && !v.phone2.trim() && !v.webhookUrl.trim())
    errors.email = 'contacts.problem.contacts.no_channel';
  if (v.availability === 'business-hours' && !v.timeZone.trim()) errors.timeZone = 'contacts.required';
  return errors;
}

const FIELD_OF_CODE: Record<string, FieldName> = {
  'contacts.no_channel': 'email',
  'contacts.invalid_time_zone': 'timeZone',
  'contacts.invalid_business_hours': 'start',
  'contacts.webhook_url_invalid': 'webhookUrl',
  'contacts.webhook_url_not_https': 'webhookUrl',
  'contacts.webhook_url_private_address': 'webhookUrl',
};

/** The field a schema refusal's path names (`body/phones/1/number` → the second phone). */
function fieldOfPath(path: string): FieldName | null {
  const [, name, index, part] = path.split('/');
  if (name === 'phones') {
    const second = index === '1';
    if (part === 'label') return second ? 'phone2Label' : 'phoneLabel';
    return second ? 'phone2' : 'phone';
  }
  if (name === 'businessHours') return index === 'end' ? 'end' : 'start';
  return (FIELDS as readonly string[]).includes(name ?? '') ? (name as FieldName) : null;
}

/** Splits a refusal into messages per field and what is left for the form as a whole. */
export function splitRefusal(error: unknown): { byField: FieldErrors; rest: unknown } {
  const byField: FieldErrors = {};
  if (!(error instanceof ApiError)) return { byField, rest: error };
  const field = FIELD_OF_CODE[error.code];
  if (field) {
    const key = `contacts.problem.${error.code}`;
    byField[field] = isMessageKey(key) ? key : 'contacts.invalid';
    return { byField, rest: null };
  }
  if (error.code === 'request.validation_failed') {
    for (const problem of error.fields) {
      const named = fieldOfPath(problem.path);
      if (named) byField[named] ??= 'contacts.invalid';
    }
    if (Object.keys(byField).length > 0) return { byField, rest: null };
  }
  return { byField, rest: error };
}
