import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // The prefix lengths of the networks (CIDRs) correlation's index holds, per family (4 or 6): an address or a
  // network is looked up only in the networks of a length that is stored (one lookup per stored length instead
  // of one per possible length, 32 for IPv4 and 128 for IPv6). Only ever added to: a length no longer stored
  // costs one lookup that finds nothing.
  await db.schema
    .createTable('correlation_prefixes')
    .addColumn('family', 'integer', (c) => c.notNull())
    .addColumn('prefix', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('correlation_prefixes_pk', ['family', 'prefix'])
    .execute();
  // The networks stored before this migration (canonical CIDRs: `a.b.c.d/n` or `x:…/n`).
  const prefix =
    dialect === 'postgres'
      ? sql`cast(split_part(value, '/', 2) as integer)`
      : sql`cast(substr(value, instr(value, '/') + 1) as integer)`;
  const family =
    dialect === 'postgres'
      ? sql`case when strpos(value, ':') > 0 then 6 else 4 end`
      : sql`case when instr(value, ':') > 0 then 6 else 4 end`;
  await sql`insert into correlation_prefixes (family, prefix)
    select distinct ${family}, ${prefix} from correlation_keys where type = 'cidr'`.execute(db);
}
