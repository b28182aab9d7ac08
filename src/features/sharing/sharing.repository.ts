import type { Expression, SqlBool } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import { consentRequestVisibleTo } from '../../platform/access/visibility.js';
import type { Executor, Tx } from '../../platform/db/database.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { stixVersionsRepository } from './sharing.stix.repository.js';
import type { ConsentRequestsTable, SharesTable, StandingConsentsTable } from './sharing.table.js';
import type { AudienceSpec, Indicator, Recipients, ShareContent, Terms, Tlp } from './sharing.terms.js';

export type ShareRow = SharesTable;
export type ConsentRow = ConsentRequestsTable;
export type StandingRow = StandingConsentsTable;

export const contentOf = (s: ShareRow): ShareContent => ({
  title: s.title,
  body: s.body,
  indicators: JSON.parse(s.indicators) as Indicator[],
  mitigations: JSON.parse(s.mitigations) as string[],
});
export const recipientsOf = (s: ShareRow): Recipients => JSON.parse(s.recipients) as Recipients;
export const audienceOf = (s: ShareRow): AudienceSpec => JSON.parse(s.audience) as AudienceSpec;
/** The terms a share stands on now: what its consents must cover. */
export const termsOf = (s: ShareRow): Terms => ({
  content: contentOf(s),
  tlp: s.tlp as Tlp,
  recipients: recipientsOf(s),
});
/** Who changed a share's content after drafting it. */
export const editorsOf = (s: ShareRow): string[] => JSON.parse(s.edited_by) as string[];
/** Everyone who wrote a share: who drafted it and who changed it since. */
export const authorsOf = (s: ShareRow): string[] => [...new Set([s.created_by, ...editorsOf(s)])];
export const contentColumns = (c: ShareContent) => ({
  title: c.title,
  body: c.body,
  indicators: JSON.stringify(c.indicators),
  mitigations: JSON.stringify(c.mitigations),
});

/** Rows with the e-mail address of their user in place of the user's id (asked of the users feature). */
async function withEmails<R extends { user_id: string }>(
  db: Executor,
  rows: R[],
): Promise<(Omit<R, 'user_id'> & { email: string })[]> {
  const people = await usersReads.byIds(
    db,
    rows.map((r) => r.user_id),
  );
  return rows.flatMap(({ user_id, ...rest }) => {
    const person = people.get(user_id);
    return person ? [{ ...rest, email: person.email }] : [];
  });
}

export const sharesRepository = {
  async insert(tx: Tx, row: ShareRow) {
    await tx.insertInto('shares').values(row).execute();
    await stixVersionsRepository.markPending(tx, row.id);
  },
  // Every change of a share is noted for the STIX export, which brings its versions up to date on its next run.
  async update(tx: Tx, id: string, changes: Partial<ShareRow>) {
    await tx.updateTable('shares').set(changes).where('id', '=', id).execute();
    await stixVersionsRepository.markPending(tx, id);
  },
  byId: (db: Executor, id: string) =>
    db.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst(),
  byIds: (db: Executor, ids: string[]): Promise<ShareRow[]> =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('shares')
          .selectAll()
          .where('id', 'in', [...new Set(ids)])
          .execute(),
  /** Holds the share's row to the end of the transaction (PostgreSQL; SQLite writers take turns anyway). */
  async lock(tx: Tx, dialect: string, id: string) {
    if (dialect === 'postgres')
      await tx.selectFrom('shares').select('id').where('id', '=', id).forUpdate().execute();
  },
  addSources: (tx: Tx, shareId: string, incidentIds: string[]) =>
    incidentIds.length === 0
      ? Promise.resolve()
      : tx
          .insertInto('share_sources')
          .values(incidentIds.map((incident_id) => ({ share_id: shareId, incident_id })))
          .execute(),
  /** The attachments each of these shares carries, as (share, attachment) pairs. */
  attachmentLinks: (db: Executor, shareIds: string[]) =>
    shareIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('share_attachments')
          .select(['share_id', 'attachment_id'])
          .where('share_id', 'in', shareIds)
          .execute(),
  /** Makes these the attachments the share carries (in the same unit as the change that asks consent anew). */
  async setAttachments(tx: Tx, shareId: string, attachmentIds: string[]) {
    await tx.deleteFrom('share_attachments').where('share_id', '=', shareId).execute();
    if (attachmentIds.length > 0)
      await tx
        .insertInto('share_attachments')
        .values(attachmentIds.map((attachment_id) => ({ share_id: shareId, attachment_id })))
        .execute();
  },
  /** Which incidents each of these shares derives from. */
  sourceLinks: (db: Executor, shareIds: string[]) =>
    shareIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('share_sources')
          .select(['share_id', 'incident_id'])
          .where('share_id', 'in', shareIds)
          .execute(),
  /** The incidents the shares derive from, oldest report first, with their bodies' slugs. */
  async sources(db: Executor, shareIds: string[]) {
    if (shareIds.length === 0) return [];
    const links = await db
      .selectFrom('share_sources')
      .select(['share_id', 'incident_id'])
      .where('share_id', 'in', shareIds)
      .execute();
    const incidents = new Map(
      (
        await incidentsReads.summariesByIds(
          db,
          links.map((l) => l.incident_id),
        )
      ).map((i) => [i.id, i]),
    );
    const orgs = await orgsDirectory.byIds(
      db,
      [...incidents.values()].map((i) => i.org_id),
    );
    return links
      .flatMap(({ share_id, incident_id }) => {
        const i = incidents.get(incident_id);
        const o = i && orgs.get(i.org_id);
        return i && o
          ? [
              {
                share_id,
                reported_at: i.reported_at,
                id: i.id,
                number: i.number,
                title: i.title,
                summary: i.summary,
                org_slug: o.slug,
              },
            ]
          : [];
      })
      .sort((a, b) => (a.reported_at < b.reported_at ? -1 : a.reported_at > b.reported_at ? 1 : 0))
      .map(({ reported_at: _, ...s }) => s);
  },

  insertConsent: (tx: Tx, row: ConsentRow) => tx.insertInto('consent_requests').values(row).execute(),
  updateConsent: (tx: Tx, id: string, changes: Partial<ConsentRow>) =>
    tx.updateTable('consent_requests').set(changes).where('id', '=', id).execute(),
  consentById: (db: Executor, id: string) =>
    db.selectFrom('consent_requests').selectAll().where('id', '=', id).executeTakeFirst(),
  consentsByIds: (db: Executor, ids: readonly string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('consent_requests')
          .selectAll()
          .where('id', 'in', [...new Set(ids)])
          .execute(),
  /**
   * A body's consent requests, newest first (at most 500). A request past its deadline is answered, by expiry,
   * even before the sweep records it.
   */
  consentsVisibleTo: (db: Executor, actor: Actor, status: 'pending' | 'decided' | 'all', now: string) => {
    let q = db.selectFrom('consent_requests').selectAll().where(consentRequestVisibleTo(actor));
    if (status === 'pending') q = q.where('status', '=', 'pending').where('due_at', '>', now);
    if (status === 'decided')
      q = q.where((eb) => eb.or([eb('status', '!=', 'pending'), eb('due_at', '<=', now)]));
    return q.orderBy('asked_at', 'desc').limit(500).execute();
  },
  /** Every consent request of these shares, all rounds, oldest first. */
  consents: (db: Executor, shareIds: string[]) =>
    shareIds.length === 0
      ? Promise.resolve([] as ConsentRow[])
      : db
          .selectFrom('consent_requests')
          .selectAll()
          .where('share_id', 'in', shareIds)
          .orderBy('asked_at')
          .orderBy('id')
          .execute(),
  /** Closes the open requests of earlier rounds: an edited share needs consent anew. */
  supersede: (tx: Tx, shareId: string, beforeRound: number, at: string) =>
    tx
      .updateTable('consent_requests')
      .set({ status: 'superseded', decided_at: at })
      .where('share_id', '=', shareId)
      .where('round', '<', beforeRound)
      .where('status', 'in', ['pending', 'approved'])
      .execute(),

  /** Makes exactly these recipients the readers of a share. */
  async setReaders(tx: Tx, shareId: string, r: Recipients, since: string) {
    await tx.deleteFrom('share_readers').where('share_id', '=', shareId).execute();
    const rows =
      r.users.length > 0
        ? r.users.map((u) => ({ share_id: shareId, org_id: u.orgId, user_id: u.id, since }))
        : r.orgIds.map((org_id) => ({ share_id: shareId, org_id, user_id: '', since }));
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('share_readers')
        .values(rows.slice(i, i + 500))
        .execute();
  },
  readers: (db: Executor, shareId: string) =>
    db.selectFrom('share_readers').select(['org_id', 'user_id']).where('share_id', '=', shareId).execute(),
  /**
   * Turns a share's readers into holders of a retraction notice (shown once the share is withdrawn): on
   * withdrawal, and on an edit, so that whoever had it hears of a withdrawal before it goes out again.
   */
  async retract(tx: Tx, shareId: string, at: string) {
    const readers = await sharesRepository.readers(tx, shareId);
    for (let i = 0; i < readers.length; i += 500)
      await tx
        .insertInto('share_retractions')
        .values(readers.slice(i, i + 500).map((r) => ({ share_id: shareId, ...r, since: at })))
        // `since` is when it last stopped reading: the STIX revocations it is owed cover what it held till then.
        .onConflict((oc) => oc.columns(['share_id', 'org_id', 'user_id']).doUpdateSet({ since: at }))
        .execute();
    await tx.deleteFrom('share_readers').where('share_id', '=', shareId).execute();
    return readers;
  },

  /** Everyone who ever received a share: bodies (user_id ''), or named people (TLP:RED). */
  retractionHolders: (db: Executor, shareId: string) =>
    db
      .selectFrom('share_retractions')
      .select(['org_id', 'user_id'])
      .where('share_id', '=', shareId)
      .execute(),

  /** A share's acknowledgments (one body's, with `orgId`), each with the e-mail address of who gave it. */
  async acks(db: Executor, shareId: string, orgId?: string) {
    let q = db
      .selectFrom('share_acks')
      .select(['org_id', 'kind', 'at', 'user_id'])
      .where('share_id', '=', shareId);
    if (orgId) q = q.where('org_id', '=', orgId);
    return withEmails(db, await q.execute());
  },
  async acksOfOrg(db: Executor, shareIds: string[], orgId: string) {
    if (shareIds.length === 0) return [];
    const rows = await db
      .selectFrom('share_acks')
      .select(['share_id', 'kind', 'at', 'user_id'])
      .where('share_id', 'in', shareIds)
      .where('org_id', '=', orgId)
      .execute();
    return withEmails(db, rows);
  },
  insertAck: (tx: Tx, row: { share_id: string; org_id: string; kind: string; user_id: string; at: string }) =>
    tx
      .insertInto('share_acks')
      .values(row)
      .onConflict((oc) => oc.columns(['share_id', 'org_id', 'kind']).doNothing())
      .execute(),

  insertStanding: (tx: Tx, row: StandingRow) => tx.insertInto('standing_consents').values(row).execute(),
  standingById: (db: Executor, id: string) =>
    db.selectFrom('standing_consents').selectAll().where('id', '=', id).executeTakeFirst(),
  activeStanding: (db: Executor, orgId: string) =>
    db
      .selectFrom('standing_consents')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute(),
  standing: (db: Executor, orgId: string | null) => {
    let q = db.selectFrom('standing_consents').selectAll().orderBy('created_at', 'desc');
    if (orgId) q = q.where('org_id', '=', orgId);
    return q.limit(500).execute();
  },
  revokeStanding: (tx: Tx, id: string, by: string, at: string) =>
    tx
      .updateTable('standing_consents')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .execute(),
  /** The shares that meet a visibility predicate (platform/access/visibility.ts), as a query (alias `s`). */
  visible: (db: Executor, visibleTo: Expression<SqlBool>) =>
    db.selectFrom('shares as s').selectAll('s').where(visibleTo),
};
