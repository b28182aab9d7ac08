import type { Executor } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import type { Terms } from './sharing.terms.js';

/** One way an approval tightened what was asked: the field, what was asked and what was granted. */
export interface Tightening {
  field: 'tlp' | 'recipients' | 'namedUsers' | 'title' | 'body' | 'indicators' | 'mitigations';
  asked: string | string[];
  granted: string | string[];
}

const same = (a: string | string[], b: string | string[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * How the granted terms differ from the asked ones, field by field, computed on the server from the stored
 * terms (never taken from the client). Bodies by slug and people by e-mail, as the center knows them.
 */
export function tighteningOf(
  asked: Terms,
  granted: Terms,
  names: { orgs: ReadonlyMap<string, string>; users: ReadonlyMap<string, string> },
): Tightening[] {
  const orgs = (t: Terms) => t.recipients.orgIds.map((id) => names.orgs.get(id) ?? id).sort();
  const users = (t: Terms) => t.recipients.users.map((u) => names.users.get(u.id) ?? u.id).sort();
  const values = (t: Terms) => t.content.indicators.map((i) => `${i.type}:${i.value}`);
  const pairs: [Tightening['field'], string | string[], string | string[]][] = [
    ['tlp', asked.tlp, granted.tlp],
    ['recipients', orgs(asked), orgs(granted)],
    ['namedUsers', users(asked), users(granted)],
    ['title', asked.content.title, granted.content.title],
    ['body', asked.content.body, granted.content.body],
    ['indicators', values(asked), values(granted)],
    ['mitigations', asked.content.mitigations, granted.content.mitigations],
  ];
  return pairs.filter(([, a, g]) => !same(a, g)).map(([field, a, g]) => ({ field, asked: a, granted: g }));
}

/** The slugs and e-mail addresses of the bodies and people the asked terms reach, to name them in a tightening. */
export async function namesOf(db: Executor, asked: Terms) {
  const [orgs, people] = await Promise.all([
    orgsDirectory.byIds(db, asked.recipients.orgIds),
    usersReads.byIds(
      db,
      asked.recipients.users.map((u) => u.id),
    ),
  ]);
  return {
    orgs: new Map([...orgs].map(([id, o]) => [id, o.slug])),
    users: new Map([...people].map(([id, p]) => [id, p.email])),
  };
}
