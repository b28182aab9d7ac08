import type { Executor, Tx } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import type { PasskeysTable } from './mfa.table.js';

/** The ways a user can give a second factor at log-in. */
export type LoginMethod = 'totp' | 'recovery' | 'passkey';

export const mfaRepository = {
  totpOf: (db: Executor, userId: string) =>
    db.selectFrom('totp_credentials').selectAll().where('user_id', '=', userId).executeTakeFirst(),

  /** Starts (or starts again) an unconfirmed TOTP secret. */
  async putUnconfirmedTotp(tx: Tx, userId: string, secret: string, at: string) {
    await tx.deleteFrom('totp_credentials').where('user_id', '=', userId).execute();
    await tx
      .insertInto('totp_credentials')
      .values({ user_id: userId, secret, created_at: at, confirmed_at: null, last_used_step: null })
      .execute();
  },

  /**
   * Accepts a TOTP step once: true when `step` is later than every step accepted before (a code replayed, or
   * one of an earlier step, is not). One conditional update, so that two requests with one code cannot both win.
   */
  async acceptTotpStep(tx: Tx, userId: string, step: number, confirmAt?: string): Promise<boolean> {
    const result = await tx
      .updateTable('totp_credentials')
      .set({ last_used_step: step, ...(confirmAt ? { confirmed_at: confirmAt } : {}) })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  deleteTotp: (tx: Tx, userId: string) =>
    tx.deleteFrom('totp_credentials').where('user_id', '=', userId).execute(),

  async replaceRecoveryCodes(tx: Tx, userId: string, hashes: string[], at: string) {
    await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await tx
      .insertInto('recovery_codes')
      .values(
        hashes.map((code_hash) => ({
          id: newId(),
          user_id: userId,
          code_hash,
          created_at: at,
          used_at: null,
        })),
      )
      .execute();
  },

  /** Spends a recovery code: true when it was the user's and unused (a conditional update: once, ever). */
  async spendRecoveryCode(tx: Tx, userId: string, hash: string, at: string): Promise<boolean> {
    const result = await tx
      .updateTable('recovery_codes')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async unusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
    const row = await db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  deleteRecoveryCodes: (tx: Tx, userId: string) =>
    tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute(),

  passkeysOf: (db: Executor, userId: string) =>
    db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute(),

  passkeyById: (db: Executor, id: string) =>
    db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst(),

  insertPasskey: (tx: Tx, row: PasskeysTable) => tx.insertInto('passkeys').values(row).execute(),

  /** Records a use; false when the counter moved meanwhile (the same assertion used twice at once). */
  async recordPasskeyUse(tx: Tx, id: string, from: number, to: number, at: string): Promise<boolean> {
    const result = await tx
      .updateTable('passkeys')
      .set({ counter: to, last_used_at: at })
      .where('id', '=', id)
      .where('counter', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async renamePasskey(tx: Tx, userId: string, id: string, name: string): Promise<boolean> {
    const result = await tx
      .updateTable('passkeys')
      .set({ name })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async deletePasskey(tx: Tx, userId: string, id: string): Promise<boolean> {
    const result = await tx
      .deleteFrom('passkeys')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },

  deletePasskeys: (tx: Tx, userId: string) =>
    tx.deleteFrom('passkeys').where('user_id', '=', userId).execute(),

  /** How many second factors (a confirmed TOTP secret, passkeys) the user has. */
  async factorCount(db: Executor, userId: string): Promise<number> {
    const [totp, passkeys] = await Promise.all([
      db
        .selectFrom('totp_credentials')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .executeTakeFirst(),
      db
        .selectFrom('passkeys')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow(),
    ]);
    return (totp ? 1 : 0) + Number(passkeys.n);
  },

  /** What the user can answer the second-factor step with. */
  /** Whether the user has a second factor it could use (a confirmed TOTP secret or a passkey). */
  async hasSecondFactor(db: Executor, userId: string): Promise<boolean> {
    const [totp, passkey] = await Promise.all([
      db
        .selectFrom('totp_credentials')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .executeTakeFirst(),
      db.selectFrom('passkeys').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst(),
    ]);
    return !!totp || !!passkey;
  },

  async loginMethods(db: Executor, userId: string): Promise<LoginMethod[]> {
    const [totp, passkeys, codes] = await Promise.all([
      mfaRepository.totpOf(db, userId),
      mfaRepository.passkeysOf(db, userId),
      mfaRepository.unusedRecoveryCodes(db, userId),
    ]);
    const methods: LoginMethod[] = [];
    if (totp?.confirmed_at) methods.push('totp');
    if (passkeys.length > 0) methods.push('passkey');
    if (codes > 0) methods.push('recovery');
    return methods;
  },

  saveChallenge: (
    tx: Tx,
    row: { id: string; challenge: string; purpose: string; userId: string | null; at: Date; ttlMs: number },
  ) =>
    tx
      .insertInto('webauthn_challenges')
      .values({
        id: row.id,
        challenge: row.challenge,
        purpose: row.purpose,
        user_id: row.userId,
        created_at: row.at.toISOString(),
        expires_at: new Date(row.at.getTime() + row.ttlMs).toISOString(),
      })
      .execute(),

  /** Takes a challenge out (it answers once), if it exists for this purpose and user and has not expired. */
  async takeChallenge(tx: Tx, id: string, purpose: string, userId: string | null, at: Date) {
    const row = await tx
      .deleteFrom('webauthn_challenges')
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row || row.purpose !== purpose || row.user_id !== userId || row.expires_at <= at.toISOString())
      return null;
    return row;
  },
};
