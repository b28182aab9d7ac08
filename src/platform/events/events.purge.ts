import { deleteInChunks } from '../db/chunks.js';
import type { Tx } from '../db/database.js';

/**
 * Erases the live events about these incidents, or whose subject is one of these ids (situations, the exercise:
 * events.ts eventSubjectOf), with their readers: the purge of an exercise's data. An event whose text merely
 * mentions such an id is not about it and stays.
 */
export async function purgeEventsAbout(
  tx: Tx,
  about: { incidentIds: readonly string[]; namedIds: readonly string[] },
): Promise<{ events: number; event_readers: number }> {
  const seqs = new Set<number>();
  const keys = [
    ['incident_id', about.incidentIds],
    ['subject_id', about.namedIds],
  ] as const;
  for (const [column, ids] of keys)
    for (let i = 0; i < ids.length; i += 300)
      for (const r of await tx
        .selectFrom('events')
        .select('seq')
        .where(column, 'in', ids.slice(i, i + 300))
        .execute())
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
