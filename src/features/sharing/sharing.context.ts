import type { Actor } from '../../platform/access/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { AttachmentRow } from '../attachments/attachments.reads.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { type Person, usersReads } from '../users/users.reads.js';
import { attachmentsOfShares } from './sharing.attachments.js';
import {
  type ConsentRow,
  editorsOf,
  recipientsOf,
  type ShareRow,
  sharesRepository,
} from './sharing.repository.js';
import { receivesAny, type ShareView } from './sharing.visibility.js';

/** People's e-mail addresses by id, as presenters name them. */
export const emailsOf = (people: Map<string, Person>) => new Map([...people].map(([id, p]) => [id, p.email]));

/** What presenting shares needs beyond their rows, loaded once per page. */
export interface ShareContext {
  views: Map<string, ShareView>;
  orgs: Map<string, OrgRow>;
  emails: Map<string, string>;
  /** The incidents managed shares derive from, and received ones from when the caller reads the incident. */
  sources: Awaited<ReturnType<typeof sharesRepository.sources>>;
  /** Of the sources, those the caller's body may read now: only these are named by their number. */
  readableSources: Set<string>;
  /** Put before incident numbers (RENRAKU_INCIDENT_NUMBER_PREFIX). */
  numberPrefix: string;
  consents: ConsentRow[];
  acks: Awaited<ReturnType<typeof sharesRepository.acksOfOrg>>;
  /** Shares the caller's body receives now; a consenting body may receive what it manages too. */
  receiving: Set<string>;
  /** The files each share carries, for those who manage or receive it. */
  attachments: Map<string, AttachmentRow[]>;
  /** When the answer is given: a pending request past its deadline reads as expired before the sweep. */
  now: string;
}

/** Loads the context of these shares, as the actor may see them (views from viewsOf). */
export async function shareContext(
  db: Executor,
  actor: Actor,
  shares: ShareRow[],
  views: Map<string, ShareView>,
  now: Date,
  numberPrefix: string,
): Promise<ShareContext> {
  const managedIds = shares.filter((s) => views.get(s.id) === 'manage').map((s) => s.id);
  const receiving = await receivesAny(
    db,
    actor,
    shares.filter((s) => views.has(s.id)),
  );
  const readingIds = shares
    .filter((s) => views.get(s.id) === 'manage' || views.get(s.id) === 'recipient')
    .map((s) => s.id);
  const [sources, consents, acks, attachments] = await Promise.all([
    sharesRepository.sources(db, readingIds),
    sharesRepository.consents(db, managedIds),
    sharesRepository.acksOfOrg(db, [...receiving], actor.orgId),
    attachmentsOfShares(db, readingIds),
  ]);
  const managedRows = shares.filter((s) => views.get(s.id) === 'manage');
  const recipients = managedRows.map(recipientsOf);
  const orgIds = [...recipients.flatMap((r) => r.orgIds), ...consents.map((c) => c.org_id)];
  const userIds = [
    ...recipients.flatMap((r) => r.users.map((u) => u.id)),
    ...consents.flatMap((c) => (c.decided_by ? [c.decided_by] : [])),
    ...managedRows.flatMap((s) => [
      s.created_by,
      ...editorsOf(s),
      ...(s.published_by ? [s.published_by] : []),
    ]),
  ];
  const [orgs, people, readable] = await Promise.all([
    orgsDirectory.byIds(db, orgIds),
    usersReads.byIds(db, userIds),
    // A recipient may be told which incident a share came from only when it reads that incident anyway.
    incidentsReads.readableByIds(
      db,
      actor.orgId,
      sources.map((x) => x.id),
    ),
  ]);
  return {
    views,
    orgs,
    emails: emailsOf(people),
    sources,
    readableSources: new Set(readable.map((r) => r.id)),
    numberPrefix,
    consents,
    acks,
    receiving,
    attachments,
    now: now.toISOString(),
  };
}
