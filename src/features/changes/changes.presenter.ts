import { presentOrg } from '../incidents/incidents.presenter.js';
import type { ChangeView } from './changes.views.js';

// The explicit allow-list of what leaves the server about a change: never its payload (a password hash, a
// webhook URL before it is confirmed…), only its summary.

/** A change as the API shows it (the view says what the actor may do). */
export function presentChange({ row: r, org, requester, decider, open, mayConfirm, mayReject }: ChangeView) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status === 'pending' && !open ? 'expired' : r.status,
    org: presentOrg(org),
    summary: JSON.parse(r.summary) as Record<string, unknown>,
    requestedBy: {
      email: requester?.email ?? '',
      displayName: requester?.displayName ?? '',
      role: requester?.role ?? '',
    },
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
    confirmBy: r.confirm_by,
    decidedBy: r.decided_by ? (decider?.email ?? null) : null,
    decidedAt: r.decided_at,
    reason: r.reason,
    mayConfirm,
    mayReject,
  };
}
