import type { Executor } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import type { MessageRow } from './conversation.repository.js';

// The explicit allow-list of what leaves the server about a message.

/** Presents messages with their authors' names and bodies (as they are now). */
export async function presentMessages(db: Executor, rows: MessageRow[]) {
  const [people, orgs] = await Promise.all([
    usersReads.byIds(db, [...new Set(rows.map((r) => r.author_id))]),
    orgsDirectory.byIds(db, [...new Set(rows.map((r) => r.org_id))]),
  ]);
  return rows.map((r) => {
    const person = people.get(r.author_id);
    const org = orgs.get(r.org_id);
    return {
      id: r.id,
      incidentId: r.incident_id,
      body: r.body,
      replyTo: r.reply_to,
      createdAt: r.created_at,
      author: {
        displayName: person?.displayName ?? '',
        email: person?.email ?? '',
        org: { slug: org?.slug ?? '', nameJa: org?.name_ja ?? '', nameEn: org?.name_en ?? '' },
      },
    };
  });
}
