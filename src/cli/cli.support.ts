import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { orgsDirectory } from '../features/orgs/orgs.directory.js';
import { indexPendingReports } from '../features/sharing/sharing.fingerprints.js';
import { usersReads } from '../features/users/users.reads.js';
import { type Actor, actorOfPerson, ROLES } from '../platform/access/roles.js';
import type { Config } from '../platform/config.js';
import type { Executor } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { buildServices, type Services } from '../services.js';

// What the command groups share: services for one command, standard input, and the error a command reports.

/**
 * What a command reads and writes besides the database: the process's own (processIo), or a test's running
 * the program in its own process (many commands without a Node start-up each).
 */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The status the run ends with unless a command exits or fails (as process.exitCode). */
  exitCode: number | undefined;
  /** Ends the run now with this status (commander's own refusals and --help end this way). */
  exit(code: number): never;
}

/** The running process: its environment, streams and exit. */
export const processIo: CliIo = {
  env: process.env,
  // Read when used: process.stdin opens the stream it names.
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
  get exitCode() {
    return typeof process.exitCode === 'number' ? process.exitCode : undefined;
  },
  set exitCode(code) {
    process.exitCode = code;
  },
  exit: (code) => process.exit(code),
};

/** Registers a group of commands on the program; they read and write through io. */
export type CommandGroup = (program: Command, io: CliIo) => void;

/** A command's refusal, printed as `error: …` without a stack. */
export class CliError extends Error {}

/** Thrown by the exit of an io that cannot end the process: the run ends with this status. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Runs a command with the services built from the environment, the database migrated, then closes them. */
export async function withServices<T>(
  fn: (services: Services, config: Config) => Promise<T>,
  io: CliIo = processIo,
): Promise<T> {
  const config = loadConfig(io.env);
  const services = buildServices(config);
  try {
    await migrateToLatest(services.handle);
    await indexPendingReports(services.handle);
    return await fn(services, config);
  } finally {
    await services.close();
  }
}

/** Standard input, without its last line break (a password piped in). */
export async function readStdin(stdin: CliIo['stdin'] = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** An option's parser that accepts one of these values. */
export const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(values.join(', '));
    return v as T;
  };

/** The active person of `--as <email>`, as the actor of a command; `why` says who must act when it is missing. */
export async function actorByEmail(db: Executor, email: string | undefined, why: string): Promise<Actor> {
  if (!email) throw new CliError(`--as <email> is required: ${why}`);
  const [person] = await usersReads.activeByEmails(db, [email.toLowerCase()], ROLES);
  const org = person && (await orgsDirectory.byId(db, person.orgId));
  if (!person || !org) throw new CliError(`no active user ${email}`);
  return actorOfPerson(person, org);
}
