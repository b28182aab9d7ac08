import type { Executor, Tx } from '../../platform/db/database.js';

export const loginPolicyRepository = {
  /** Whether the body refuses local passwords (no row: it accepts them). */
  passwordsDisabled: async (db: Executor, orgId: string) =>
    (
      await db
        .selectFrom('login_policies')
        .select('passwords_disabled')
        .where('org_id', '=', orgId)
        .executeTakeFirst()
    )?.passwords_disabled === 1,
  isBreakGlass: async (db: Executor, userId: string) =>
    !!(await db
      .selectFrom('break_glass_accounts')
      .select('user_id')
      .where('user_id', '=', userId)
      .executeTakeFirst()),
  /** The user ids of the body's break-glass accounts. */
  breakGlassIds: async (db: Executor, orgId: string) =>
    (await db.selectFrom('break_glass_accounts').select('user_id').where('org_id', '=', orgId).execute()).map(
      (r) => r.user_id,
    ),
  save: async (
    tx: Tx,
    orgId: string,
    passwordsDisabled: boolean,
    breakGlass: readonly string[],
    at: string,
  ) => {
    const values = { org_id: orgId, passwords_disabled: passwordsDisabled ? 1 : 0, updated_at: at };
    await tx
      .insertInto('login_policies')
      .values(values)
      .onConflict((oc) =>
        oc.column('org_id').doUpdateSet({ passwords_disabled: values.passwords_disabled, updated_at: at }),
      )
      .execute();
    await tx.deleteFrom('break_glass_accounts').where('org_id', '=', orgId).execute();
    if (breakGlass.length > 0)
      await tx
        .insertInto('break_glass_accounts')
        .values(breakGlass.map((userId) => ({ user_id: userId, org_id: orgId, created_at: at })))
        .execute();
  },
};
