import { deleteInChunks } from '../db/chunks.js';
import type { Tx } from '../db/database.js';

/**
 * Erases the live events about these incidents, or naming any of these ids (situations, the exercise) in their
 * payload, with their readers: the purge of an exercise's data. Ids are UUIDs: one named is that thing.
 */
export async function purgeEventsAbout(
  tx: Tx,
  about: { incidentIds: readonly string[]; namedIds: readonly string[] },
): Promise<{ events: number; event_readers: number }> {
  const seqs = new Set<number>();
  for (let i = 0; i < about.incidentIds.length; i += 300)
    for (const r of await tx
      .selectFrom('events')
      .select('seq')
      .where('incident_id', 'in', about.incidentIds.slice(i, i + 300))
      .execute())
      seqs.add(r.seq);
  for (const id of about.namedIds)
    for (const r of await tx.selectFrom('events').select('seq').where('payload', 'like', `%${id}%`).execute())
      seqs.add(r.seq);
  const all = [...seqs];
  const readers = await deleteInChunks(all, (chunk) =>
    tx.deleteFrom('event_readers').where('seq', 'in', chunk).executeTakeFirst(),
  );
  const events = await deleteInChunks(all, (chunk) =>
    tx.deleteFrom('events').where('seq', 'in', chunk).executeTakeFirst(),
  );
  return { events, event_readers: readers };
}
