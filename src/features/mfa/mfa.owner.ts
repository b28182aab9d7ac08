import type { FastifyRequest } from 'fastify';
import { can } from '../../platform/access/rules.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { type ClientInfo, completeLoginStep, type SecondFactor } from '../users/sessions.open.js';
import { usersAccounts } from '../users/users.accounts.js';
import { usersReads } from '../users/users.reads.js';
import { mfaErrors } from './mfa.errors.js';
import type { StepDeps } from './mfa.login.js';
import type { FactorOwner } from './mfa.usecases.js';

/**
 * The user managing their own second factors: from a full browser session, or from one that may only enrol
 * (a role that needs a second factor, before the first). API tokens manage none; nobody manages anyone else's.
 */
export async function factorOwner(request: FastifyRequest, db: Executor): Promise<FactorOwner> {
  const step = request.loginStep;
  const enrolling = step?.stage === 'enrol' ? step : null;
  const actor = enrolling ? null : requireActor(request);
  if (actor && !can.manageOwnFactors(actor)) throw mfaErrors.sessionRequired();
  const userId = enrolling?.userId ?? (actor?.userId as string);
  const user = await usersReads.byId(db, userId);
  if (!user) throw new Error(`no user ${userId}`);
  return {
    userId: user.userId,
    orgId: user.orgId,
    role: user.role,
    email: user.email,
    displayName: user.displayName,
    sessionId: enrolling?.sessionId ?? (actor?.sessionId as string),
    mfa: actor?.mfa === true,
    stage: enrolling ? 'enrol' : 'full',
  };
}

/**
 * After a user's first second factor: their other sessions (opened with a password alone) end, and this one is
 * renewed as having passed the factor just proven, under a new secret.
 */
export async function renewAfterFirstFactor(args: {
  unit: Unit;
  who: FactorOwner;
  factor: SecondFactor;
  client: ClientInfo;
  deps: StepDeps;
}) {
  const { unit, who } = args;
  await usersAccounts.endSessions(unit.tx, who.userId, who.sessionId);
  return completeLoginStep({
    unit,
    stepSessionId: who.sessionId,
    user: { id: who.userId, org_id: who.orgId, role: who.role },
    secondFactor: args.factor,
    client: args.client,
    deps: args.deps,
  });
}
