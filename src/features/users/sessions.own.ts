import type { Actor } from '../../platform/access/roles.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { sessionErrors } from './sessions.errors.js';
import { sessionsRepository } from './sessions.repository.js';

// A user's own browser sessions: seen and ended by their owner only.

/** The caller's sessions that have not expired, newest first; `current` is the one of this request. */
export async function ownSessions(db: Executor, actor: Actor, now: Date) {
  const rows = await sessionsRepository.liveOf(db, actor.userId, now.toISOString());
  return rows.map((s) => ({ ...s, current: actor.via === 'session' && s.id === actor.sessionId }));
}

/** Ends one of the caller's sessions; anyone else's does not exist. */
export async function endOwnSession(args: {
  unit: Unit;
  actor: Actor;
  sessionId: string;
  deps: { audit: AuditLog; clock: Clock };
}) {
  const { unit, actor, deps } = args;
  if (!(await sessionsRepository.endOne(unit.tx, args.sessionId, actor.userId)))
    throw sessionErrors.notFound();
  await deps.audit.append(
    unit,
    audited(actor, 'session.end', 'user', actor.userId, { sessionId: args.sessionId }),
    deps.clock.now(),
  );
}
