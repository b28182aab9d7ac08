import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { domainsOf, orgsDirectory } from '../orgs/orgs.directory.js';
import { warninglistErrors } from './warninglists.errors.js';
import { entryForm } from './warninglists.match.js';
import { type ListInput, WARNINGLIST_ENTRIES_MAX } from './warninglists.misp.js';
import { warninglistsRepository as repo, type WarninglistRow } from './warninglists.repository.js';
import type { MatchType } from './warninglists.types.js';

/** What changing warning lists needs. */
export interface WarninglistDeps {
  audit: AuditLog;
  clock: Clock;
}

/** The longest name of a list. */
export const WARNINGLIST_NAME_MAX = 200;
/** The longest description or source of a list. */
export const WARNINGLIST_TEXT_MAX = 2000;
/** The most entries one change adds or removes. */
export const WARNINGLIST_CHANGE_MAX = 10_000;

const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

// Names are compared as NFKC: `Ｌａｒｇｅｓｔ domains` is `Largest domains`, not a second list beside it.
function checkName(raw: string): string {
  const name = raw.normalize('NFKC').trim();
  if (name === '') throw warninglistErrors.invalidName('is empty');
  if (INVISIBLE.test(name)) throw warninglistErrors.invalidName('holds control or invisible characters');
  if ([...name].length > WARNINGLIST_NAME_MAX)
    throw warninglistErrors.invalidName(`holds more than ${WARNINGLIST_NAME_MAX} characters`);
  return name;
}

function checkText(raw: string, field: string): string {
  const text = raw.normalize('NFC').trim();
  if (/[\p{Cc}\p{Cf}]/u.test(text.replace(/\n/g, '')))
    throw commonErrors.unprocessable(
      'warninglists.invalid_text',
      `${field} holds control or invisible characters.`,
    );
  if ([...text].length > WARNINGLIST_TEXT_MAX)
    throw commonErrors.unprocessable(
      'warninglists.invalid_text',
      `${field} holds at most ${WARNINGLIST_TEXT_MAX} characters.`,
    );
  return text;
}

/** The entries in their stored forms, once each; the first bad one refuses them all, named by its index. */
function checkEntries(matchType: MatchType, entries: readonly string[], field: string): string[] {
  if (entries.length > WARNINGLIST_ENTRIES_MAX)
    throw warninglistErrors.tooManyEntries(WARNINGLIST_ENTRIES_MAX);
  const forms = new Set<string>();
  entries.forEach((e, i) => {
    const f = entryForm(matchType, e);
    if (!f.ok) throw warninglistErrors.invalidEntry(i, field, f.message);
    forms.add(f.value);
  });
  return [...forms];
}

/** Refuses anyone but the center's editors (a null actor is the CLI, run by the operator). */
export const guard = (actor: Actor | null) => {
  if (actor && !can.editWarningLists(actor))
    throw commonErrors.forbidden('Only the center edits warning lists.');
};

/** A list the actor may read, by id; otherwise it does not exist. */
async function readableList(db: Executor, actor: Actor, id: string): Promise<WarninglistRow> {
  if (!can.readWarningLists(actor)) throw commonErrors.forbidden('Only the center reads warning lists.');
  const list = await repo.byId(db, id);
  if (!list) throw warninglistErrors.notFound();
  return list;
}

/** Every list with its number of entries: the center. */
export async function listWarninglists(db: Executor, actor: Actor) {
  if (!can.readWarningLists(actor)) throw commonErrors.forbidden('Only the center reads warning lists.');
  const [lists, counts, orgs] = await Promise.all([
    repo.all(db),
    repo.entryCounts(db),
    orgsDirectory.all(db),
  ]);
  const n = new Map(counts.map((c) => [c.list_id, Number(c.n)]));
  const bodies = orgs.flatMap((o) => domainsOf(o)).length;
  return lists.map((l) => ({ list: l, entryCount: l.origin === 'bodies' ? bodies : (n.get(l.id) ?? 0) }));
}

/** One list with its entries: the center. */
export async function readWarninglist(db: Executor, actor: Actor, id: string) {
  const list = await readableList(db, actor, id);
  const entries =
    list.origin === 'bodies'
      ? [...new Set((await orgsDirectory.all(db)).flatMap((o) => domainsOf(o)))].sort()
      : (await repo.entries(db, [list.id])).map((e) => e.value);
  return { list, entries };
}

/** The center makes a list of its own. */
export async function createWarninglist(args: {
  unit: Unit;
  actor: Actor;
  input: Omit<ListInput, 'version'>;
  deps: WarninglistDeps;
}): Promise<WarninglistRow> {
  const { unit, actor, input, deps } = args;
  guard(actor);
  const name = checkName(input.name);
  const entries = checkEntries(input.matchType, input.entries, 'entries');
  await repo.newToken(unit.tx);
  if (await repo.byName(unit.tx, name)) throw warninglistErrors.nameTaken();
  const now = deps.clock.now().toISOString();
  const row: WarninglistRow = {
    id: newId(),
    name,
    description: checkText(input.description, 'description'),
    source: checkText(input.source, 'source'),
    version: 1,
    match_type: input.matchType,
    applies_to: JSON.stringify(input.appliesTo),
    origin: 'center',
    enabled: 1,
    revision: 1,
    created_at: now,
    updated_at: now,
  };
  await repo.insert(unit.tx, row);
  await repo.addEntries(unit.tx, row.id, entries);
  await deps.audit.append(
    unit,
    audited(actor, 'warninglist.create', 'warninglist', row.id, {
      name,
      matchType: row.match_type,
      entries: entries.length,
    }),
    deps.clock.now(),
  );
  return row;
}

/** What an import did: made the list, replaced its entries with a newer version's, or nothing (same version). */
export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Loads a MISP warning list: a new name makes a list; a known name takes the newer version's entries (its
 * enabled state kept); the same version again changes nothing; an older one is refused.
 */
export async function importWarninglist(args: {
  unit: Unit;
  actor: Actor | null;
  input: ListInput;
  deps: WarninglistDeps;
}): Promise<{ list: WarninglistRow; outcome: ImportOutcome; entries: number }> {
  const { unit, actor, input, deps } = args;
  guard(actor);
  const name = checkName(input.name);
  const entries = checkEntries(input.matchType, input.entries, 'list');
  const description = checkText(input.description, 'description');
  const source = checkText(input.source, 'source');
  await repo.newToken(unit.tx);
  const existing = await repo.byName(unit.tx, name);
  const now = deps.clock.now().toISOString();
  if (existing?.origin === 'bodies') throw warninglistErrors.entriesElsewhere();
  if (existing && existing.version === input.version)
    return { list: existing, outcome: 'unchanged', entries: entries.length };
  if (existing && existing.version > input.version)
    throw warninglistErrors.notNewer(existing.version, input.version);
  const row: WarninglistRow = existing
    ? {
        ...existing,
        description,
        source,
        version: input.version,
        match_type: input.matchType,
        applies_to: JSON.stringify(input.appliesTo),
        revision: existing.revision + 1,
        updated_at: now,
      }
    : {
        id: newId(),
        name,
        description,
        source,
        version: input.version,
        match_type: input.matchType,
        applies_to: JSON.stringify(input.appliesTo),
        origin: 'imported',
        enabled: 1,
        revision: 1,
        created_at: now,
        updated_at: now,
      };
  if (existing) {
    const { id, ...change } = row;
    await repo.update(unit.tx, id, change);
    await repo.clearEntries(unit.tx, id);
  } else await repo.insert(unit.tx, row);
  await repo.addEntries(unit.tx, row.id, entries);
  await deps.audit.append(
    unit,
    audited(actor, 'warninglist.import', 'warninglist', row.id, {
      name,
      version: row.version,
      previousVersion: existing?.version ?? null,
      entries: entries.length,
    }),
    deps.clock.now(),
  );
  return { list: row, outcome: existing ? 'updated' : 'created', entries: entries.length };
}

/** A change of a list: on, off, entries added and removed, made on the revision the caller read. */
export interface ListChange {
  revision: number;
  enabled?: boolean | undefined;
  add?: string[] | undefined;
  remove?: string[] | undefined;
}

/** The center turns a list on or off, adds and removes entries; a stale revision is refused (409). */
export async function changeWarninglist(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  change: ListChange;
  deps: WarninglistDeps;
}): Promise<WarninglistRow> {
  const { unit, actor, id, change, deps } = args;
  await repo.newToken(unit.tx);
  const list = await readableList(unit.tx, actor, id);
  guard(actor);
  const add = change.add ?? [];
  const remove = change.remove ?? [];
  if (list.origin === 'bodies' && (add.length > 0 || remove.length > 0))
    throw warninglistErrors.entriesElsewhere();
  if (add.length + remove.length > WARNINGLIST_CHANGE_MAX)
    throw warninglistErrors.tooManyEntries(WARNINGLIST_CHANGE_MAX);
  const matchType = list.match_type as MatchType;
  const adding = checkEntries(matchType, add, 'add');
  const removing = checkEntries(matchType, remove, 'remove');
  if (list.revision !== change.revision) throw warninglistErrors.stale(list.revision);
  const present = await repo.present(unit.tx, list.id, [...adding, ...removing]);
  const added = adding.filter((v) => !present.has(v));
  const kept = new Set(adding);
  const removed = removing.filter((v) => present.has(v) && !kept.has(v));
  const enabled = change.enabled === undefined ? list.enabled : change.enabled ? 1 : 0;
  if (added.length === 0 && removed.length === 0 && enabled === list.enabled) return list;
  await repo.addEntries(unit.tx, list.id, added);
  await repo.removeEntries(unit.tx, list.id, removed);
  const row = { ...list, enabled, revision: list.revision + 1, updated_at: deps.clock.now().toISOString() };
  await repo.update(unit.tx, list.id, { enabled, revision: row.revision, updated_at: row.updated_at });
  await deps.audit.append(
    unit,
    audited(actor, 'warninglist.change', 'warninglist', list.id, {
      name: list.name,
      ...(enabled !== list.enabled ? { enabled: enabled === 1 } : {}),
      added,
      removed,
    }),
    deps.clock.now(),
  );
  return row;
}
