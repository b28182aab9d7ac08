import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { indexPendingReports } from '../features/sharing/sharing.fingerprints.js';
import type { Config } from '../platform/config.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { buildServices, type Services } from '../services.js';

// What the command groups share: services for one command, standard input, and the error a command reports.

/** Registers a group of commands on the program. */
export type CommandGroup = (program: Command) => void;

/** A command's refusal, printed as `error: …` without a stack. */
export class CliError extends Error {}

/** Runs a command with the services built from the environment, the database migrated, then closes them. */
export async function withServices<T>(fn: (services: Services, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
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
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
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
