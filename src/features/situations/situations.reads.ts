import { situationFactsRepository as facts } from './situations.facts.repository.js';

export type { DueReminder, SituationFacts } from './situations.facts.repository.js';

/**
 * What other features may know of situations (notifications: what a notice is about, who is in scope, who has
 * not answered the roll-call by its deadline; the command line: the list). The situations' tables stay private
 * to this feature: these ask its repository.
 */
export const situationsReads = {
  /** These situations as facts, keyed by id (a missing id has none). */
  factsOf: facts.factsOf,
  /** One situation as facts, if it exists. */
  factOf: facts.factOf,
  /** Situations, newest first: open ones, stood-down ones, or all. */
  list: facts.list,
  /** The id of the situation of this number (S-YYYY-NNN) or id, if there is one. */
  idOf: facts.idOf,
  /** Each in-scope body's current roll-call answer (its highest revision's status), null when it has none. */
  rollCallOf: facts.rollCallOf,
  /** In-scope bodies past the roll-call deadline with no answer, not yet reminded (held on PostgreSQL). */
  dueReminders: facts.dueReminders,
  /** Records that these bodies were reminded of the situation's roll-call: nobody is reminded of it twice. */
  markReminded: facts.markReminded,
};
