import type { Executor } from '../../platform/db/database.js';
import { domainsOf, orgsDirectory } from '../orgs/orgs.directory.js';
import { buildMatcher, type Matcher } from './warninglists.match.js';
import { warninglistsRepository } from './warninglists.repository.js';
import { isMatchType } from './warninglists.types.js';

// What other features may ask of warning lists. The enabled lists are compiled into one matcher per process,
// kept under the lists' token (warninglist_state): one primary-key read per call tells whether it is still the
// lists' — on any node, since every change of a list, on any node, writes a new token in its transaction.

interface Compiled {
  matcher: Matcher;
  names: string[];
}

/** Matchers by token. A few: tests and tools open several databases in one process. */
const compiled = new Map<string, Promise<Compiled>>();
const KEPT = 8;

async function compile(db: Executor): Promise<Compiled> {
  const lists = await warninglistsRepository.enabled(db);
  const entries = await warninglistsRepository.entries(
    db,
    lists.map((l) => l.id),
  );
  const byList = new Map<string, string[]>();
  for (const e of entries) byList.set(e.list_id, [...(byList.get(e.list_id) ?? []), e.value]);
  const usable = lists.filter((l) => isMatchType(l.match_type));
  const bodies = usable.some((l) => l.origin === 'bodies')
    ? (await orgsDirectory.all(db)).flatMap((o) => domainsOf(o))
    : [];
  return {
    names: usable.map((l) => l.name),
    matcher: buildMatcher(
      usable.map((l) => ({
        matchType: l.match_type as 'string',
        appliesTo: JSON.parse(l.applies_to) as string[],
        entries: l.origin === 'bodies' ? bodies : (byList.get(l.id) ?? []),
      })),
    ),
  };
}

async function current(db: Executor): Promise<Compiled> {
  const token = await warninglistsRepository.token(db);
  let found = compiled.get(token);
  if (!found) {
    found = compile(db);
    compiled.set(token, found);
    found.catch(() => compiled.delete(token));
    if (compiled.size > KEPT) compiled.delete(compiled.keys().next().value as string);
  }
  return found;
}

/**
 * The indexes of the indicators that an enabled warning list matches (on canonical forms: an indicator not
 * valid for its type matches nothing). For the correlation engine: flagged values are not correlated.
 */
export async function warningListed(
  db: Executor,
  indicators: readonly { type: string; value: string }[],
): Promise<Set<number>> {
  const { matcher } = await current(db);
  const flagged = new Set<number>();
  indicators.forEach((i, n) => {
    if (matcher.matches(i).length > 0) flagged.add(n);
  });
  return flagged;
}

/** For each indicator, the names of the enabled warning lists it matches (list names are not secret). */
export async function warningListsOf(
  db: Executor,
  indicators: readonly { type: string; value: string }[],
): Promise<string[][]> {
  const { matcher, names } = await current(db);
  return indicators.map((i) => matcher.matches(i).map((n) => names[n] as string));
}
