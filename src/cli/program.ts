import { Command } from 'commander';
import { settings } from '../config.js';
import { isAppError } from '../platform/errors.js';
import { auditCommands } from './audit.commands.js';
import { backupCommands } from './backup.commands.js';
import { CliError, CliExit, type CliIo, type CommandGroup } from './cli.support.js';
import { exerciseCommands } from './exercise.commands.js';
import { orgCommands } from './org.commands.js';
import { peopleCommands } from './people.commands.js';
import { policyCommands } from './policy.commands.js';
import { reportCommands } from './report.commands.js';
import { serverCommands } from './server.commands.js';
import { situationCommands, situationRequestCommands } from './situation.commands.js';
import { warninglistCommands } from './warninglist.commands.js';

// Registered in this order, which `--help` shows.
const groups: CommandGroup[] = [
  serverCommands,
  orgCommands,
  peopleCommands,
  situationCommands,
  situationRequestCommands,
  exerciseCommands,
  reportCommands,
  warninglistCommands,
  policyCommands,
  auditCommands,
  backupCommands,
];

/** The `renraku` program, reading and writing through io; a new one for every run (commander keeps state). */
function buildProgram(io: CliIo): Command {
  const program = new Command('renraku')
    .description('Renraku (連絡): cyber-attack reporting from agencies and ministries to the national center')
    .addHelpText(
      'after',
      `\nConfiguration (environment):\n${Object.values(settings)
        .map((s) => `  ${s.env.padEnd(34)} ${s.doc}`)
        .join('\n')}`,
    )
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride((e) => io.exit(e.exitCode));
  for (const register of groups) register(program, io);
  return program;
}

/**
 * Runs `renraku` with these arguments (argv as Node gives it: node, script, then the arguments) and resolves
 * to the exit status: 0, 1 for a check that failed, 2 for a refusal, or commander's own.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv);
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    if (isAppError(e)) io.stderr.write(`error: ${e.code}: ${e.message}\n`);
    else if (e instanceof CliError) io.stderr.write(`error: ${e.message}\n`);
    else io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    io.exitCode = io.exitCode || 2;
  }
  return io.exitCode ?? 0;
}
