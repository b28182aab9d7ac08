import type { ContactRow } from './contacts.repository.js';
import { businessHoursOf, phonesOf } from './contacts.usecases.js';

// The explicit allow-list of what leaves the server about a contact. Never the body's webhook key, never the
// linked user's id. A webhook URL can hold a capability in its path: readers who do not manage see its origin.

const originOnly = (url: string) => `${new URL(url).origin}/…`;

export const presentContact = (
  c: ContactRow & { available: boolean },
  orgSlug: string,
  view: 'manage' | 'read',
) => ({
  id: c.id,
  orgSlug,
  name: c.name,
  role: c.role,
  email: c.email,
  phones: phonesOf(c),
  webhookUrl: c.webhook_url === null ? null : view === 'manage' ? c.webhook_url : originOnly(c.webhook_url),
  locale: c.locale,
  availability: c.availability,
  timeZone: c.time_zone,
  businessHours: businessHoursOf(c),
  order: c.escalation_order,
  hasAccount: c.user_id !== null,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
  verifiedAt: c.verified_at,
  available: c.available,
});
