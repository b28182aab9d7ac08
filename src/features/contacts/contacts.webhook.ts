import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import { newSecret } from '../../platform/auth/secrets.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { bareHost, isLoopbackHost, isPublicHost, portOf } from '../../platform/net/addresses.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import { bodyFor, type ContactDeps, lockBody } from './contacts.deps.js';
import { contactErrors } from './contacts.errors.js';
import { contactsRepository } from './contacts.repository.js';

// A body's webhooks: where they may go, and the key (one per body) that signs them.

/**
 * A webhook URL as it is stored: https:// to a global unicast address or a public name, on port 443 or another
 * allowed one (RENRAKU_WEBHOOK_PORTS), without credentials. Loopback receivers (http or https, any port) are
 * accepted only when the deployment allows them (RENRAKU_WEBHOOK_ALLOW_LOOPBACK, for tests). The sender checks
 * the resolved address again: a public name may later resolve into a private network.
 */
export function checkWebhookUrl(
  raw: string,
  policy: { allowLoopback: boolean; ports: readonly number[] },
): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw contactErrors.webhookUrlInvalid('it is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw contactErrors.webhookUrlNotHttps();
  // A password in the URL would be shown to everyone who reads the contact.
  if (url.username !== '' || url.password !== '')
    throw contactErrors.webhookUrlInvalid('it must not carry a user name or password');
  if (bareHost(url.hostname) === '') throw contactErrors.webhookUrlInvalid('it has no host');
  if (policy.allowLoopback && isLoopbackHost(url.hostname)) return url.href;
  if (!isPublicHost(url.hostname)) throw contactErrors.webhookUrlPrivate();
  if (url.protocol !== 'https:') throw contactErrors.webhookUrlNotHttps();
  if (!policy.ports.includes(portOf(url))) throw contactErrors.webhookUrlPort(policy.ports);
  return url.href;
}

/** Creates the body's webhook key when its first webhook contact appears; returns it, to be shown once. */
export async function ensureWebhookSecret(
  unit: Unit,
  actor: Actor | null,
  org: OrgRow,
  deps: ContactDeps,
  now: Date,
) {
  if (await contactsRepository.secretOf(unit.tx, org.id)) return undefined;
  return writeSecret(unit, actor, org, deps, now, 'webhook_secret.create');
}

async function writeSecret(
  unit: Unit,
  actor: Actor | null,
  org: OrgRow,
  deps: ContactDeps,
  now: Date,
  action: 'webhook_secret.create' | 'webhook_secret.rotate',
) {
  const secret = newSecret('rkwh');
  await contactsRepository.saveSecret(unit.tx, { org_id: org.id, secret, created_at: now.toISOString() });
  await deps.audit.append(unit, audited(actor, action, 'org', org.id, { org: org.slug }), now);
  return secret;
}

/** Replaces the body's webhook signing key; the new one is returned, to be shown once. */
export async function rotateWebhookSecret(args: {
  unit: Unit;
  actor: Actor | null;
  slug: string;
  deps: ContactDeps;
}) {
  const { unit, actor, deps } = args;
  const org = await bodyFor(unit.tx, actor, args.slug, 'manage');
  // The key signs what the body's own tools trust: it is shown to the body's officer alone.
  if (actor && !can.changeBodyDirectly(actor, { orgId: org.id }))
    throw commonErrors.forbidden("Only the body's security officer replaces its webhook key.");
  await lockBody(unit, org.id);
  const now = deps.clock.now();
  const secret = await writeSecret(unit, actor, org, deps, now, 'webhook_secret.rotate');
  return { secret, createdAt: now.toISOString() };
}
