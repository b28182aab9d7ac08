import type { Actor } from '../access/roles.js';
import type { DatabaseHandle } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';
import { localTime } from '../export/sheets.js';
import { AUDIT_CSV_HEADER, AUDIT_CSV_HEADER_JA, auditCsvLine, CSV_BOM, csvLine } from './audit.csv.js';
import { type AuditLog, audited } from './audit.js';
import { type AuditActors, type AuditFilter, auditQuery } from './audit.query.js';

/**
 * Exports the audit log matching a filter as CSV lines, oldest first. The export is itself recorded (committed
 * before the first line goes out), and it stops at the head of the chain at that moment: rows written while
 * it streams are left for the next export.
 */
export async function exportAudit(args: {
  handle: DatabaseHandle;
  audit: AuditLog;
  actor: Actor;
  filter: AuditFilter;
  now: Date;
  actors: AuditActors;
  /** The header's language and the times' zone (none: the stored UTC instants). */
  options?: { lang: 'en' | 'ja'; timeZone: string | undefined };
}): Promise<AsyncGenerator<string>> {
  const { handle, audit, actor, filter, now, actors } = args;
  const { lang, timeZone } = args.options ?? { lang: 'en', timeZone: undefined };
  await inTransaction(handle, (unit) =>
    audit.append(
      unit,
      audited(actor, 'audit.export', 'audit', null, {
        filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
        ...(args.options ? { lang, ...(timeZone ? { tz: timeZone } : {}) } : {}),
      }),
      now,
    ),
  );
  const through = await auditQuery.head(handle.db);
  async function* lines() {
    yield CSV_BOM + csvLine(lang === 'ja' ? AUDIT_CSV_HEADER_JA : AUDIT_CSV_HEADER);
    const time = timeZone ? (at: string) => localTime(at, timeZone) : undefined;
    for await (const rows of auditQuery.all(handle.db, filter, through, actors))
      yield rows.map((r) => auditCsvLine(r, time)).join('');
  }
  return lines();
}
