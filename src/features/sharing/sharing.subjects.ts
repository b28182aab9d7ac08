import { incidentReadings } from '../../platform/access/visibility.js';
import type { Executor } from '../../platform/db/database.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { sharesRepository } from './sharing.repository.js';

// What other features may read of a share or a consent request: what a notification about it says.

export const sharingSubjects = {
  /** A share's TLP, title and body, or undefined for no such share. */
  share: async (db: Executor, id: string) => {
    const s = await sharesRepository.byId(db, id);
    return s ? { id: s.id, tlp: s.tlp, title: s.title, body: s.body } : undefined;
  },
  /** `share` for several shares in one read, by id; those that do not exist are missing. */
  shares: async (db: Executor, ids: readonly string[]) =>
    new Map(
      (await sharesRepository.byIds(db, [...ids])).map((s) => [
        s.id,
        { id: s.id, tlp: s.tlp, title: s.title, body: s.body },
      ]),
    ),
  /** `consentRequest` for several requests in one read, by id (without source numbers: a page names none). */
  consentRequests: async (db: Executor, ids: readonly string[]) =>
    new Map(
      (await sharesRepository.consentsByIds(db, ids)).map((c) => [
        c.id,
        { shareId: c.share_id, orgId: c.org_id },
      ]),
    ),
  /**
   * The share a consent request is about, the body asked, and the numbers of the incidents the share derives
   * from that the asked body reads (what its notice names), or undefined for no such request.
   */
  consentRequest: async (db: Executor, id: string) => {
    const c = await sharesRepository.consentById(db, id);
    if (!c) return undefined;
    const asked = { shareId: c.share_id, orgId: c.org_id };
    const numbers = await readSourceNumbers(db, [asked]);
    return { ...asked, sourceNumbers: numbers.get(`${c.share_id}:${c.org_id}`) ?? [] };
  },
};

/** The numbers of each (share, body)'s source incidents that the body reads, in order, keyed `share:body`. */
async function readSourceNumbers(db: Executor, asked: readonly { shareId: string; orgId: string }[]) {
  const out = new Map<string, string[]>();
  if (asked.length === 0) return out;
  const links = await sharesRepository.sourceLinks(db, [...new Set(asked.map((a) => a.shareId))]);
  const incidentIds = [...new Set(links.map((l) => l.incident_id))];
  const [incidents, readings] = await Promise.all([
    incidentsReads.summariesByIds(db, incidentIds),
    incidentReadings(db, incidentIds, [...new Set(asked.map((a) => a.orgId))]),
  ]);
  const numbers = new Map(incidents.map((i) => [i.id, i.number]));
  const readers = new Map<string, Set<string>>();
  for (const r of readings) readers.set(r.incidentId, (readers.get(r.incidentId) ?? new Set()).add(r.orgId));
  for (const { shareId, orgId } of asked) {
    const key = `${shareId}:${orgId}`;
    const read = links.filter((l) => l.share_id === shareId && readers.get(l.incident_id)?.has(orgId));
    const found = read.flatMap((l) => numbers.get(l.incident_id) ?? []);
    if (found.length > 0) out.set(key, [...new Set(found)].sort());
  }
  return out;
}
