import { audited } from '../../platform/audit/audit.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { PolicyDeps } from './policies.deps.js';
import { mailRequest } from './policies.mail.js';
import { type RequestRow, policiesRepository as repo } from './policies.repository.js';
import { recordChange } from './policies.requests.js';

/**
 * Reminds the asked bodies of open requests that have not answered, `RENRAKU_POLICY_REQUEST_REMINDER_DAYS`
 * before the due date, and escalates once the due time has passed (to the body, and to the sender's officers):
 * once per request, body and due time, recorded in the same transaction as the mail. A reminder whose moment
 * passed with the due time is not sent late: the escalation stands for it. Returns how many were written.
 */
export async function sweepPolicyRequestReminders(handle: DatabaseHandle, deps: PolicyDeps): Promise<number> {
  const now = deps.clock.now();
  const at = now.toISOString();
  return inTransaction(handle, async (unit) => {
    const due = await repo.dueReminders(unit.tx, unit.dialect, at);
    const requests = new Map<string, RequestRow>();
    let sent = 0;
    for (const target of due) {
      let request = requests.get(target.request_id);
      if (!request) {
        request = await repo.requestById(unit.tx, target.request_id);
        if (!request) continue;
        requests.set(request.id, request);
      }
      const [org, sender] = await Promise.all([
        orgsDirectory.byId(unit.tx, target.org_id),
        orgsDirectory.byId(unit.tx, request.org_id),
      ]);
      if (!org || !sender) continue;
      const overdue = request.due_at <= at;
      let mailed = 0;
      if (overdue) {
        mailed += await mailRequest(unit, deps, request, 'overdue', org, org, now);
        mailed += await mailRequest(unit, deps, request, 'escalation', org, sender, now);
        await repo.updateTarget(unit.tx, target, { escalated_at: at, reminded_at: target.reminded_at ?? at });
      } else {
        mailed += await mailRequest(unit, deps, request, 'reminder', org, org, now);
        await repo.updateTarget(unit.tx, target, { reminded_at: at });
      }
      await deps.audit.append(
        unit,
        audited(
          null,
          overdue ? 'policy_request.escalate' : 'policy_request.remind',
          'policy_request',
          request.id,
          {
            org: org.slug,
            mailed,
          },
        ),
        now,
      );
      await recordChange(
        unit,
        deps,
        request,
        [org.id],
        overdue ? 'policy_request.overdue' : 'policy_request.due_soon',
        now,
      );
      sent++;
    }
    return sent;
  });
}
