import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  const float = dialect === 'postgres' ? 'double precision' : 'real';

  // Sessions now pass through log-in steps (password, then a second factor or a forced enrolment) and are shown
  // to their owner. Sessions opened before this release passed no second factor: they end here.
  await sql`delete from sessions`.execute(db);
  await db.schema
    .alterTable('sessions')
    .addColumn('id', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  for (const [name, type, def] of [
    ['stage', 'text', 'full'],
    ['first_factor', 'text', 'password'],
    ['client_address', 'text', ''],
    ['user_agent', 'text', ''],
    ['last_seen_at', 'text', ''],
  ] as const)
    await db.schema
      .alterTable('sessions')
      .addColumn(name, type, (c) => c.notNull().defaultTo(def))
      .execute();
  await db.schema.alterTable('sessions').addColumn('second_factor', 'text').execute();
  await db.schema.createIndex('sessions_public_id').unique().on('sessions').column('id').execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // Read-only tokens answer GET and HEAD only. Tokens of users disabled before this release are revoked for
  // good: re-enabling a user must not bring them back.
  await db.schema
    .alterTable('api_tokens')
    .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update api_tokens set revoked_at = (select disabled_at from users where users.id = api_tokens.user_id)
    where revoked_at is null
      and user_id in (select id from users where disabled_at is not null)`.execute(db);

  // One TOTP secret per user; unconfirmed until the user has typed a code from it.
  await db.schema
    .createTable('totp_credentials')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    // The time step of the last accepted code: a code is accepted once, and never one of an earlier step.
    .addColumn('last_used_step', bigint)
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();

  // WebAuthn credentials (passkeys and security keys): the credential id is the authenticator's.
  await db.schema
    .createTable('passkeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', bigint, (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('passkeys_user').on('passkeys').column('user_id').execute();

  // A WebAuthn challenge lives here between the options and the answer, so that any node can check it, once.
  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // Failed log-in attempts per account, per client address and per known device, shared by every node.
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    // Decays with time (halving after a configured period), hence not an integer.
    .addColumn('failures', float, (c) => c.notNull())
    .addColumn('pending', 'integer', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_throttle_updated').on('login_throttle').column('updated_at').execute();

  // Browsers that logged in to an account before: their owner is not locked out by others' failures.
  await db.schema
    .createTable('known_devices')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('known_devices_user').on('known_devices').column('user_id').execute();

  // Password reset links an administrator had sent; only the hash of the link's secret is kept.
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // The address the link was sent to: the link is void once the user's address is another.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
}
