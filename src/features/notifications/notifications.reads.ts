import type { Executor } from '../../platform/db/database.js';
import { notificationsRepository } from './notifications.repository.js';

// What other features may ask of notifications, without reaching into the notifications' tables.

/** Whether a body acknowledged its notice about a thing, and whether that notice escalated first. */
export interface Acknowledgement {
  /** When the notice was acknowledged (by a contact, or by acting on the thing); null while it waits. */
  acknowledgedAt: string | null;
  /** Whether it went past the body's first contact (to another contact, or to the center). */
  escalated: boolean;
}

const CHUNK = 400;

export const notificationsReads = {
  /**
   * Of these bodies, each one's acknowledgment of its notices of `event` about the subject (a situation's
   * declaration): the earliest acknowledgment of any of their chains, and whether any escalated. A body that
   * was not notified (no contact then) is missing.
   */
  async acknowledgementsOf(
    db: Executor,
    subject: { type: string; id: string },
    orgIds: readonly string[],
    event: string,
  ): Promise<Map<string, Acknowledgement>> {
    const out = new Map<string, Acknowledgement>();
    const ids = [...new Set(orgIds)];
    for (let i = 0; i < ids.length; i += CHUNK) {
      // The first notice of each chain is the body's (later steps may reach the center about it).
      const rows = await notificationsRepository.chainsStartedAt(db, subject, event, ids.slice(i, i + CHUNK));
      for (const r of rows) {
        const seen = out.get(r.orgId) ?? { acknowledgedAt: null, escalated: false };
        if (r.acknowledged_at && (!seen.acknowledgedAt || r.acknowledged_at < seen.acknowledgedAt))
          seen.acknowledgedAt = r.acknowledged_at;
        if (r.step > 0 || r.escalated_at !== null) seen.escalated = true;
        out.set(r.orgId, seen);
      }
    }
    return out;
  },

  /** Each body's acknowledgment of a situation's declaration (the situations board's columns). */
  declarationNotices: (db: Executor, situationId: string, orgIds: string[]) =>
    notificationsReads.acknowledgementsOf(
      db,
      { type: 'situation', id: situationId },
      orgIds,
      'situation.declared',
    ),
};
