import { type Kysely, sql } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

/** The namespace of STIX ids of Renraku (sharing.stix STIX_ID_NAMESPACE at the time of this migration). */
const STIX_ID_NAMESPACE = 'f00b51e4-52ad-4bf8-9a10-d15344534e6b';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // The center's TAXII collection "indicators received" pages by each indicator's date added: the later of its
  // report and the time the center could first read the incident. Computed per row, every page sorted the whole
  // collection; stored (on the first row naming each (incident, type, value), null elsewhere and while the center
  // does not read the incident) and indexed, a page is a range of one index. The STIX id of that indicator (a
  // UUIDv5, not computable in SQL) is stored so that `match[id]` is an index lookup.
  await db.schema.alterTable('incident_indicators').addColumn('received_at', 'text').execute();
  await db.schema.alterTable('incident_indicators').addColumn('received_id', 'text').execute();

  // Each row once (one update per row, both columns: a second update of a row in this transaction would have
  // PostgreSQL check its foreign key again), in primary-key order.
  const since = sql<string | null>`(select r.since from incident_readers r join orgs o on o.id = r.org_id
    where r.incident_id = ii.incident_id and o.kind = 'center' order by r.since limit 1)`;
  const first = sql<boolean>`not exists (select 1 from incident_indicators earlier
    where earlier.incident_id = ii.incident_id and earlier.type = ii.type and earlier.value = ii.value
      and (earlier.report_seq < ii.report_seq
        or (earlier.report_seq = ii.report_seq and earlier.position < ii.position)))`;
  const rows = db as unknown as Kysely<{
    incident_indicators: {
      incident_id: string;
      report_seq: number;
      position: number;
      type: string;
      value: string;
      created_at: string;
      received_at: string | null;
      received_id: string | null;
    };
  }>;
  let after: { incident_id: string; report_seq: number; position: number } | undefined;
  for (;;) {
    let q = rows
      .selectFrom('incident_indicators as ii')
      .select(['ii.incident_id', 'ii.report_seq', 'ii.position', 'ii.type', 'ii.value', 'ii.created_at'])
      .select(since.as('since'))
      .select(sql<number>`case when ${first} then 1 else 0 end`.as('first'));
    if (after)
      q = q.where(
        sql<boolean>`(ii.incident_id, ii.report_seq, ii.position) > (${after.incident_id}, ${after.report_seq}, ${after.position})`,
      );
    const batch = await q
      .orderBy('ii.incident_id')
      .orderBy('ii.report_seq')
      .orderBy('ii.position')
      .limit(1000)
      .execute();
    if (batch.length === 0) break;
    for (const r of batch) {
      const id = `indicator--${uuidv5(JSON.stringify(['indicator', 'received', r.incident_id, r.type, r.value]), STIX_ID_NAMESPACE)}`;
      const receivedAt = r.since !== null && Number(r.first) === 1 ? [r.since, r.created_at].sort()[1] : null;
      await rows
        .updateTable('incident_indicators')
        .set({ received_id: id, received_at: receivedAt })
        .where('incident_id', '=', r.incident_id)
        .where('report_seq', '=', r.report_seq)
        .where('position', '=', r.position)
        .execute();
    }
    const last = batch[batch.length - 1];
    if (last) after = { incident_id: last.incident_id, report_seq: last.report_seq, position: last.position };
  }

  await db.schema
    .createIndex('incident_indicators_received')
    .on('incident_indicators')
    .columns(['received_at', 'incident_id', 'report_seq', 'position'])
    .where(sql.ref('received_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('incident_indicators_received_id')
    .on('incident_indicators')
    .column('received_id')
    .execute();
}
