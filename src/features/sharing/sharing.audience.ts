import { CONTENT_ROLES } from '../../platform/access/rules.js';
import type { Executor } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { shareErrors } from './sharing.errors.js';
import type { AudienceSpec, Recipients, Tlp } from './sharing.terms.js';

/**
 * Who exactly receives a share of this audience under this TLP (DESIGN §4): TLP:RED named people only;
 * TLP:AMBER the bodies and their clients (a ministry's agencies); otherwise exactly the bodies named. The
 * center is never a recipient: it reads every share already.
 */
export async function resolveRecipients(db: Executor, spec: AudienceSpec, tlp: Tlp): Promise<Recipients> {
  if (tlp === 'TLP:RED' && spec.kind !== 'users') throw shareErrors.redNeedsNamedUsers();
  if (spec.kind === 'users') {
    if (tlp !== 'TLP:RED') throw shareErrors.namedUsersNeedRed();
    const emails = [...new Set(spec.users.map((e) => e.trim().toLowerCase()))];
    const people = await usersReads.activeByEmails(db, emails, CONTENT_ROLES);
    const orgs = await orgsDirectory.byIds(
      db,
      people.map((p) => p.orgId),
    );
    const found = people.filter((p) => orgs.get(p.orgId)?.kind !== 'center');
    const missing = emails.filter((e) => !found.some((u) => u.email.toLowerCase() === e));
    if (missing.length > 0) throw shareErrors.unknownUser(missing);
    const users = found
      .map((u) => ({ id: u.userId, orgId: u.orgId }))
      .sort((a, b) => a.id.localeCompare(b.id));
    return { orgIds: [...new Set(users.map((u) => u.orgId))].sort(), users };
  }
  let named: { ids: string[]; orUnder: boolean } | undefined;
  if (spec.kind === 'orgs') {
    const slugs = [...new Set(spec.orgs)];
    const found = await orgsDirectory.bySlugs(db, slugs);
    const missing = slugs.filter((s) => !found.some((o) => o.slug === s));
    if (missing.length > 0) throw shareErrors.unknownOrg(missing);
    named = { ids: found.map((o) => o.id), orUnder: spec.includeAgencies === true };
  }
  const bodies = await orgsDirectory.nonCenter(db, {
    ministriesOnly: spec.kind === 'ministries',
    ...named,
  });
  const orgIds = new Set(bodies.map((o) => o.id));
  if (tlp === 'TLP:AMBER') {
    const ministries = bodies.filter((o) => o.kind === 'ministry').map((o) => o.id);
    if (ministries.length > 0 && spec.kind !== 'all') {
      for (const id of await orgsDirectory.childIdsOfAny(db, ministries)) orgIds.add(id);
    }
  }
  if (orgIds.size === 0) throw shareErrors.emptyAudience();
  return { orgIds: [...orgIds].sort(), users: [] };
}
