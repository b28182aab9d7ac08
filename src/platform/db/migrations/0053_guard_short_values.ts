import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The report index of the guard of sharing now holds the short free-text values reports carry as typed
  // indicators (an account name, a file name, a short user agent: too short to be a quote), by their first
  // characters: every incident that carries a free-text value is indexed again from its first report (the
  // indexer adds what is missing and leaves what is there), at the server's start or by `renraku migrate`.
  // Until then the guard reads those incidents whole, as it reads any incident the index is behind on.
  await sql`update incidents set fingerprinted_seq = 0
    where exists (select 1 from incident_indicators v where v.incident_id = incidents.id
      and v.type in ('user-agent', 'other', 'filename'))`.execute(db);
}
