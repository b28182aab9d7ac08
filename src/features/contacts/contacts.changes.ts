import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { changeErrors } from '../changes/changes.errors.js';
import type { ChangeKind, ConfirmedChange } from '../changes/changes.kinds.js';
import { type Proposed, recordApplied, requestChange } from '../changes/changes.usecases.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import { DEFAULT_BUSINESS_HOURS } from './contacts.availability.js';
import { bodyFor, type ContactDeps } from './contacts.deps.js';
import { contactErrors } from './contacts.errors.js';
import { type ContactRow, contactsRepository } from './contacts.repository.js';
import type { ContactChangeInput, ContactInput } from './contacts.schemas.js';
import {
  businessHoursOf,
  type ContactWritten,
  changeContact,
  checkContact,
  contactOf,
  createContact,
  MAX_CONTACTS,
  normalPhones,
  phonesOf,
  removeContact,
} from './contacts.usecases.js';

// A body's contact structure decides who hears of its incidents. Its own security officer changes it at once;
// anyone else (an administrator) asks, and the change waits for the body to confirm it: until then the contact
// does not exist, or stays as it was, and hears nothing new.

interface ContactPayload {
  contactId?: string;
  input?: ContactInput | ContactChangeInput;
  /** The contact as it was asked about (its last change): a contact changed since is not changed blindly. */
  updatedAt?: string;
}

/** What the body's officers are shown of a contact: all of it, as they would see it managing the structure. */
const shown = (c: {
  name: string;
  role: string;
  email: string | null;
  phones: { label: string; number: string }[];
  webhookUrl: string | null;
}) => ({ name: c.name, role: c.role, email: c.email, phones: c.phones, webhookUrl: c.webhookUrl });

// A stored webhook URL may hold a capability: the requester and other administrators see its origin only.
const originOf = (url: string | null) => (url === null ? null : `${new URL(url).origin}/…`);

const contactShown = (c: ContactRow) =>
  shown({
    name: c.name,
    role: c.role,
    email: c.email,
    phones: phonesOf(c),
    webhookUrl: originOf(c.webhook_url),
  });

/** The changed fields of a contact, from and to, for the officers to judge. */
function changesOf(c: ContactRow, input: ContactChangeInput) {
  const before: Record<string, unknown> = {
    name: c.name,
    role: c.role,
    email: c.email,
    phones: phonesOf(c),
    webhookUrl: originOf(c.webhook_url),
    locale: c.locale,
    availability: c.availability,
    timeZone: c.time_zone,
    businessHours: businessHoursOf(c),
    order: c.escalation_order,
  };
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(input))
    if (JSON.stringify(before[field]) !== JSON.stringify(to))
      out[field] = { from: before[field] ?? null, to };
  return out;
}

async function decide<T>(
  unit: Unit,
  actor: Actor,
  slug: string,
  direct: (
    org: OrgRow,
  ) => Promise<{ done: T; summary: Record<string, unknown>; subject: Subject; listed?: boolean }>,
  ask: (
    org: OrgRow,
  ) => Promise<{ payload: ContactPayload; summary: Record<string, unknown>; subject: Subject }>,
  kind: string,
  changes: ChangeDeps,
): Promise<Proposed<T>> {
  const org = await bodyFor(unit.tx, actor, slug, 'manage');
  if (can.changeBodyDirectly(actor, { orgId: org.id })) {
    const made = await direct(org);
    if (made.listed !== false)
      await recordApplied({
        unit,
        deps: changes,
        kind,
        org,
        actor,
        subject: made.subject,
        summary: made.summary,
      });
    return { done: made.done };
  }
  const asked = await ask(org);
  const pending = await requestChange({ unit, deps: changes, kind, org, requester: actor, ...asked });
  return { pending };
}

type Subject = { key: string; email?: string | null };

/** Adds a contact (the body's officer), or asks the body to (anyone else who manages contacts). */
export function proposeContact(args: {
  unit: Unit;
  actor: Actor;
  slug: string;
  input: ContactInput;
  deps: ContactDeps;
  changes: ChangeDeps;
}): Promise<Proposed<ContactWritten>> {
  const { unit, actor, slug, input, deps } = args;
  const email = input.email?.toLowerCase() ?? null;
  const phones = normalPhones(input.phones ?? []);
  const summary = (webhookUrl: string | null) => ({
    ...shown({ name: input.name.trim(), role: input.role, email, phones, webhookUrl }),
    order: input.order ?? null,
  });
  return decide(
    unit,
    actor,
    slug,
    async () => {
      const w = await createContact({ unit, actor, slug, input, deps });
      return {
        done: w,
        summary: summary(w.contact.webhook_url),
        subject: { key: `contact:${w.contact.id}`, email },
      };
    },
    async (org) => {
      // Refused now, as it would be when confirmed, so that nobody confirms what cannot be made.
      const checked = checkContact(
        {
          email,
          phones,
          webhookUrl: input.webhookUrl ?? null,
          timeZone: input.timeZone ?? deps.defaultTimeZone,
          businessHours: input.businessHours ?? DEFAULT_BUSINESS_HOURS,
        },
        deps,
      );
      if ((await contactsRepository.live(unit.tx, org.id)).length >= MAX_CONTACTS)
        throw contactErrors.tooMany(MAX_CONTACTS);
      return {
        payload: { input: { ...input, ...(input.email ? { email } : {}) } },
        summary: summary(checked.webhookUrl),
        subject: { key: `contact-new:${newId()}`, email },
      };
    },
    'contact.create',
    args.changes,
  );
}

/** Changes a contact (the body's officer), or asks the body to. */
export function proposeContactChange(args: {
  unit: Unit;
  actor: Actor;
  slug: string;
  id: string;
  input: ContactChangeInput;
  deps: ContactDeps;
  changes: ChangeDeps;
}): Promise<Proposed<ContactWritten>> {
  const { unit, actor, slug, id, input, deps } = args;
  const about = (c: ContactRow) => ({
    contactId: c.id,
    ...contactShown(c),
    changes: changesOf(c, input),
  });
  return decide(
    unit,
    actor,
    slug,
    async (org) => {
      const before = await contactOf(unit.tx, org, id);
      const w = await changeContact({ unit, actor, slug, id, input, deps });
      const summary = about(before);
      return {
        done: w,
        summary,
        subject: { key: `contact:${id}`, email: w.contact.email },
        listed: Object.keys(summary.changes).length > 0,
      };
    },
    async (org) => {
      const contact = await contactOf(unit.tx, org, id);
      const email = input.email === undefined ? contact.email : (input.email?.toLowerCase() ?? null);
      checkContact(
        {
          email,
          phones: input.phones === undefined ? phonesOf(contact) : normalPhones(input.phones),
          webhookUrl: input.webhookUrl === undefined ? contact.webhook_url : input.webhookUrl,
          timeZone: input.timeZone ?? contact.time_zone,
          businessHours: input.businessHours ?? businessHoursOf(contact),
        },
        deps,
      );
      return {
        payload: { contactId: id, input, updatedAt: contact.updated_at },
        summary: about(contact),
        subject: { key: `contact:${id}`, email },
      };
    },
    'contact.update',
    args.changes,
  );
}

/** Removes a contact (the body's officer), or asks the body to. */
export function proposeContactRemoval(args: {
  unit: Unit;
  actor: Actor;
  slug: string;
  id: string;
  deps: ContactDeps;
  changes: ChangeDeps;
}): Promise<Proposed<null>> {
  const { unit, actor, slug, id, deps } = args;
  return decide(
    unit,
    actor,
    slug,
    async (org) => {
      const contact = await contactOf(unit.tx, org, id);
      await removeContact({ unit, actor, slug, id, deps });
      return {
        done: null,
        summary: { contactId: id, ...contactShown(contact) },
        subject: { key: `contact:${id}` },
      };
    },
    async (org) => {
      const contact = await contactOf(unit.tx, org, id);
      return {
        payload: { contactId: id, updatedAt: contact.updated_at },
        summary: { contactId: id, ...contactShown(contact) },
        subject: { key: `contact:${id}` },
      };
    },
    'contact.delete',
    args.changes,
  );
}

/** The body of a confirmed change, and the contact it is about as it now stands (unchanged since the request). */
async function target(unit: Unit, change: ConfirmedChange) {
  const org = await orgsDirectory.byId(unit.tx, change.orgId);
  if (!org) throw orgErrors.notFound();
  const p = change.payload as ContactPayload;
  if (p.contactId === undefined) return { org, p };
  const contact = await contactOf(unit.tx, org, p.contactId);
  if (contact.updated_at !== p.updatedAt) throw changeErrors.stale();
  return { org, p };
}

const confirmedBy = (change: ConfirmedChange) => ({ change: change.id, requestedBy: change.requestedBy });

/** A webhook key the change made is the body's: shown to its own officer, never to a second administrator. */
const shownKey = (secret: string | undefined, confirmer: Actor, org: OrgRow) =>
  secret && can.changeBodyDirectly(confirmer, { orgId: org.id }) ? { secret } : undefined;

/** The contact changes that wait for the body's confirmation; each is made as the officer would make it. */
export function contactChangeKinds(deps: ContactDeps): ChangeKind[] {
  return [
    {
      name: 'contact.create',
      async apply({ unit, change, confirmer }) {
        const { org, p } = await target(unit, change);
        const w = await createContact({
          unit,
          actor: confirmer,
          slug: org.slug,
          input: p.input as ContactInput,
          deps,
          confirmed: confirmedBy(change),
        });
        return shownKey(w.webhookSecret, confirmer, org);
      },
    },
    {
      name: 'contact.update',
      async apply({ unit, change, confirmer }) {
        const { org, p } = await target(unit, change);
        const w = await changeContact({
          unit,
          actor: confirmer,
          slug: org.slug,
          id: p.contactId as string,
          input: p.input as ContactChangeInput,
          deps,
          confirmed: confirmedBy(change),
        });
        return shownKey(w.webhookSecret, confirmer, org);
      },
    },
    {
      name: 'contact.delete',
      async apply({ unit, change, confirmer }) {
        const { org, p } = await target(unit, change);
        await removeContact({
          unit,
          actor: confirmer,
          slug: org.slug,
          id: p.contactId as string,
          deps,
          confirmed: confirmedBy(change),
        });
        return undefined;
      },
    },
  ];
}
