import type { Actor } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import { situationsRepository } from './situations.repository.js';

/** Writes a timeline entry of the request (about one body, or about the whole request when orgId is null). */
export const requestEntry = (
  unit: Unit,
  actor: Actor,
  situationId: string,
  kind: 'request_issued' | 'request_amended' | 'request_withdrawn' | 'request_moved',
  at: string,
  orgId: string | null,
  text: string | null,
  data: Record<string, unknown>,
) =>
  situationsRepository.insertEntry(unit.tx, {
    id: newId(),
    situation_id: situationId,
    at,
    kind,
    actor_id: actor.userId,
    actor_org_id: actor.orgId,
    org_id: orgId,
    text,
    data: JSON.stringify(data),
  });
