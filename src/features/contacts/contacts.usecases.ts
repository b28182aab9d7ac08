import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import {
  availableAt,
  type BusinessHours,
  canonicalTimeZone,
  DEFAULT_BUSINESS_HOURS,
  validBusinessHours,
} from './contacts.availability.js';
import { bodyFor, type ContactDeps, lockBody } from './contacts.deps.js';
import { contactErrors } from './contacts.errors.js';
import { type ContactRow, contactsRepository } from './contacts.repository.js';
import type { ContactChangeInput, ContactInput } from './contacts.schemas.js';
import { checkWebhookUrl, ensureWebhookSecret } from './contacts.webhook.js';

// The feature's entry points for the rest of Renraku (routes, CLI, demo, notifications) are here.
export { type ContactDeps, contactDepsOf } from './contacts.deps.js';

/** Most contacts one body keeps: a contact structure, not an address book. */
export const MAX_CONTACTS = 100;

export type ContactWithAvailability = ContactRow & { available: boolean };

/** A contact as stored, read for the availability rule. */
export const withAvailability = (c: ContactRow, at: Date): ContactWithAvailability => ({
  ...c,
  available: availableAt(
    { availability: c.availability, timeZone: c.time_zone, businessHours: businessHoursOf(c) },
    at,
  ),
});

export const businessHoursOf = (c: Pick<ContactRow, 'business_hours'>): BusinessHours =>
  JSON.parse(c.business_hours) as BusinessHours;
export const phonesOf = (c: Pick<ContactRow, 'phones'>): { label: string; number: string }[] =>
  JSON.parse(c.phones) as { label: string; number: string }[];

/**
 * The contacts of a body in escalation order, with whether each is available at `at` (business hours in its
 * time zone, weekends and Japanese public holidays off). For Renraku's own use (notifications): not audited.
 */
export async function contactsInOrder(
  db: Executor,
  orgId: string,
  at: Date,
): Promise<ContactWithAvailability[]> {
  return (await contactsRepository.live(db, orgId)).map((c) => withAvailability(c, at));
}

/** The key that signs a body's webhooks, if it has one. */
export async function webhookSecretOf(db: Executor, orgId: string): Promise<string | undefined> {
  return (await contactsRepository.secretOf(db, orgId))?.secret;
}

/** A live contact of the body, or 404: another body's contact does not exist under this body's address. */
export async function contactOf(tx: Tx, org: OrgRow, id: string): Promise<ContactRow> {
  const contact = await contactsRepository.byId(tx, id);
  if (!contact || contact.org_id !== org.id || contact.deleted_at !== null) throw contactErrors.notFound();
  return contact;
}

/**
 * Keeps the escalation order dense (1, 2, 3 …): puts `moving` at its position (past the end: last) and closes
 * gaps. Returns the moving contact's final position.
 */
async function reorder(tx: Tx, orgId: string, moving?: { id: string; position: number }) {
  const rows = await contactsRepository.live(tx, orgId);
  const ids = rows.map((r) => r.id);
  if (moving) {
    ids.splice(ids.indexOf(moving.id), 1);
    ids.splice(Math.min(Math.max(moving.position - 1, 0), ids.length), 0, moving.id);
  }
  for (const [i, id] of ids.entries()) {
    if (rows.find((r) => r.id === id)?.escalation_order !== i + 1)
      await contactsRepository.setOrder(tx, id, i + 1);
  }
  return moving ? ids.indexOf(moving.id) + 1 : 0;
}

interface Channels {
  email: string | null;
  phones: { label: string; number: string }[];
  webhookUrl: string | null;
}

/** The checks that the schema cannot make, on the contact as it would be stored. */
export function checkContact(
  next: Channels & { timeZone: string; businessHours: BusinessHours },
  deps: ContactDeps,
): { timeZone: string; webhookUrl: string | null } {
  if (next.email === null && next.phones.length === 0 && next.webhookUrl === null)
    throw contactErrors.noChannel();
  const timeZone = canonicalTimeZone(next.timeZone);
  if (!timeZone) throw contactErrors.invalidTimeZone();
  if (!validBusinessHours(next.businessHours)) throw contactErrors.invalidBusinessHours();
  const webhookUrl =
    next.webhookUrl === null
      ? null
      : checkWebhookUrl(next.webhookUrl, {
          allowLoopback: deps.allowLoopbackWebhooks,
          ports: deps.webhookPorts,
        });
  return { timeZone, webhookUrl };
}

export const normalPhones = (phones: { label?: string | undefined; number: string }[]) =>
  phones.map((p) => ({ label: (p.label ?? '').trim(), number: p.number.trim() }));

const channelsOf = (c: Channels) => [
  ...(c.email ? ['email'] : []),
  ...(c.phones.length ? ['phone'] : []),
  ...(c.webhookUrl ? ['webhook'] : []),
];

export interface ContactWritten {
  org: OrgRow;
  contact: ContactRow;
  /** The body's new webhook key, when this change created it: shown once. */
  webhookSecret: string | undefined;
}

/**
 * A change confirmed by the body (or a second administrator): made on behalf of its confirmer, and named in
 * the audit row.
 */
export interface Confirmed {
  change: string;
  requestedBy: string;
}

/** The body whose structure is changed; anyone but its own officer (and the host operator) asks instead. */
async function bodyToChange(unit: Unit, actor: Actor | null, slug: string, confirmed: Confirmed | undefined) {
  const org = await bodyFor(unit.tx, actor, slug, 'manage');
  if (actor && !confirmed && !can.changeBodyDirectly(actor, { orgId: org.id }))
    throw commonErrors.forbidden("Only the body's security officer changes its contact structure at once.");
  await lockBody(unit, org.id);
  return org;
}

/** Adds a contact to a body's structure, at its place in the escalation order (default: last). */
export async function createContact(args: {
  unit: Unit;
  actor: Actor | null;
  slug: string;
  input: ContactInput;
  deps: ContactDeps;
  confirmed?: Confirmed;
}): Promise<ContactWritten> {
  const { unit, actor, input, deps } = args;
  const org = await bodyToChange(unit, actor, args.slug, args.confirmed);
  const email = input.email?.toLowerCase() ?? null;
  const phones = normalPhones(input.phones ?? []);
  const businessHours = input.businessHours ?? DEFAULT_BUSINESS_HOURS;
  const checked = checkContact(
    {
      email,
      phones,
      webhookUrl: input.webhookUrl ?? null,
      timeZone: input.timeZone ?? deps.defaultTimeZone,
      businessHours,
    },
    deps,
  );
  const existing = await contactsRepository.live(unit.tx, org.id);
  if (existing.length >= MAX_CONTACTS) throw contactErrors.tooMany(MAX_CONTACTS);
  const now = deps.clock.now();
  const row: ContactRow = {
    id: newId(),
    org_id: org.id,
    name: input.name.trim(),
    role: input.role,
    email,
    phones: JSON.stringify(phones),
    webhook_url: checked.webhookUrl,
    locale: input.locale ?? 'ja',
    availability: input.availability ?? '24/7',
    time_zone: checked.timeZone,
    business_hours: JSON.stringify({ start: businessHours.start, end: businessHours.end }),
    escalation_order: existing.length + 1,
    user_id: await contactsRepository.userOf(unit.tx, org.id, email),
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    deleted_at: null,
    verified_at: null,
  };
  await contactsRepository.insert(unit.tx, row);
  row.escalation_order = await reorder(unit.tx, org.id, {
    id: row.id,
    position: input.order ?? Number.MAX_SAFE_INTEGER,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'contact.create', 'contact', row.id, {
      org: org.slug,
      role: row.role,
      order: row.escalation_order,
      channels: channelsOf({ email, phones, webhookUrl: row.webhook_url }),
      ...args.confirmed,
    }),
    now,
  );
  const webhookSecret = row.webhook_url ? await ensureWebhookSecret(unit, actor, org, deps, now) : undefined;
  return { org, contact: row, webhookSecret };
}

/**
 * Changes a contact of the body. Personal data (names, addresses, numbers) is not copied into the audit log,
 * which is kept for ever: it records which fields changed, and the role and order.
 */
export async function changeContact(args: {
  unit: Unit;
  actor: Actor | null;
  slug: string;
  id: string;
  input: ContactChangeInput;
  deps: ContactDeps;
  confirmed?: Confirmed;
}): Promise<ContactWritten> {
  const { unit, actor, input, deps } = args;
  const org = await bodyToChange(unit, actor, args.slug, args.confirmed);
  const contact = await contactOf(unit.tx, org, args.id);
  const email = input.email === undefined ? contact.email : (input.email?.toLowerCase() ?? null);
  const phones = input.phones === undefined ? phonesOf(contact) : normalPhones(input.phones);
  const businessHours = input.businessHours ?? businessHoursOf(contact);
  const checked = checkContact(
    {
      email,
      phones,
      webhookUrl: input.webhookUrl === undefined ? contact.webhook_url : input.webhookUrl,
      timeZone: input.timeZone ?? contact.time_zone,
      businessHours,
    },
    deps,
  );
  const next: Partial<ContactRow> = {
    name: input.name?.trim() ?? contact.name,
    role: input.role ?? contact.role,
    email,
    phones: JSON.stringify(phones),
    webhook_url: checked.webhookUrl,
    locale: input.locale ?? contact.locale,
    availability: input.availability ?? contact.availability,
    time_zone: checked.timeZone,
    business_hours: JSON.stringify({ start: businessHours.start, end: businessHours.end }),
  };
  const changes: Partial<ContactRow> = {};
  for (const [key, value] of Object.entries(next) as [keyof ContactRow, never][])
    if (contact[key] !== value) changes[key] = value;
  if (changes.email !== undefined) changes.user_id = await contactsRepository.userOf(unit.tx, org.id, email);
  const now = deps.clock.now();
  const updated: ContactRow = { ...contact, ...changes };
  if (input.order !== undefined && input.order !== contact.escalation_order)
    updated.escalation_order = await reorder(unit.tx, org.id, { id: contact.id, position: input.order });
  const moved = updated.escalation_order !== contact.escalation_order;
  if (Object.keys(changes).length === 0 && !moved) {
    // Nothing to change, but the answer shows the contact: a read.
    await deps.audit.append(
      unit,
      audited(actor, 'contact.read', 'contact', contact.id, { org: org.slug }),
      now,
    );
    return { org, contact, webhookSecret: undefined };
  }
  updated.updated_at = now.toISOString();
  await contactsRepository.update(unit.tx, contact.id, { ...changes, updated_at: updated.updated_at });
  await deps.audit.append(
    unit,
    audited(actor, 'contact.update', 'contact', contact.id, {
      org: org.slug,
      changed: [
        ...Object.keys(changes).filter((k) => k !== 'user_id'),
        ...(moved ? ['escalation_order'] : []),
      ],
      ...(changes.role ? { role: { from: contact.role, to: changes.role } } : {}),
      ...(moved ? { order: { from: contact.escalation_order, to: updated.escalation_order } } : {}),
      ...args.confirmed,
    }),
    now,
  );
  const webhookSecret = updated.webhook_url
    ? await ensureWebhookSecret(unit, actor, org, deps, now)
    : undefined;
  return { org, contact: updated, webhookSecret };
}

/** Removes a contact from the structure (kept, marked deleted, for the history); the order closes up. */
export async function removeContact(args: {
  unit: Unit;
  actor: Actor | null;
  slug: string;
  id: string;
  deps: ContactDeps;
  confirmed?: Confirmed;
}): Promise<void> {
  const { unit, actor, deps } = args;
  const org = await bodyToChange(unit, actor, args.slug, args.confirmed);
  const contact = await contactOf(unit.tx, org, args.id);
  const now = deps.clock.now();
  await contactsRepository.update(unit.tx, contact.id, {
    deleted_at: now.toISOString(),
    updated_at: now.toISOString(),
  });
  await reorder(unit.tx, org.id);
  await deps.audit.append(
    unit,
    audited(actor, 'contact.delete', 'contact', contact.id, {
      org: org.slug,
      role: contact.role,
      order: contact.escalation_order,
      ...args.confirmed,
    }),
    now,
  );
}

/** A body's contact structure as the actor may read it, with who is available at `at`; the read is audited. */
export async function listContacts(args: {
  unit: Unit;
  actor: Actor;
  slug: string;
  at: Date;
  deps: ContactDeps;
}) {
  const { unit, actor, at, deps } = args;
  const org = await bodyFor(unit.tx, actor, args.slug, 'read');
  const [contacts, secret] = await Promise.all([
    contactsInOrder(unit.tx, org.id, at),
    contactsRepository.secretOf(unit.tx, org.id),
  ]);
  await deps.audit.append(
    unit,
    audited(actor, 'contact.list', 'org', org.id, { org: org.slug, ids: contacts.map((c) => c.id) }),
    deps.clock.now(),
  );
  return {
    org,
    contacts,
    webhookSecretCreatedAt: secret?.created_at ?? null,
  };
}

/** The body's security officer confirms that its structure is current (a verification campaign's answer). */
export async function verifyContacts(args: {
  unit: Unit;
  actor: Actor | null;
  slug: string;
  deps: ContactDeps;
}) {
  const { unit, actor, deps } = args;
  // Only the body vouches for its own structure.
  const org = await bodyToChange(unit, actor, args.slug, undefined);
  const now = deps.clock.now();
  const result = await contactsRepository.verifyAll(unit.tx, org.id, now.toISOString());
  const contacts = Number(result.numUpdatedRows);
  if (contacts === 0) throw contactErrors.nothingToVerify();
  await deps.audit.append(
    unit,
    audited(actor, 'contact.verify', 'org', org.id, { org: org.slug, contacts }),
    now,
  );
  return { verifiedAt: now.toISOString(), contacts };
}
