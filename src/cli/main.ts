import { Command } from 'commander';
import { settings } from '../config.js';
import { isAppError } from '../platform/errors.js';
import { auditCommands } from './audit.commands.js';
import { CliError, type CommandGroup } from './cli.support.js';
import { exerciseCommands } from './exercise.commands.js';
import { orgCommands } from './org.commands.js';
import { peopleCommands } from './people.commands.js';
import { serverCommands } from './server.commands.js';
import { situationCommands } from './situation.commands.js';

const program = new Command('renraku')
  .description('Renraku (連絡): cyber-attack reporting from agencies and ministries to the national center')
  .addHelpText(
    'after',
    `\nConfiguration (environment):\n${Object.values(settings)
      .map((s) => `  ${s.env.padEnd(34)} ${s.doc}`)
      .join('\n')}`,
  );

// Registered in this order, which `--help` shows.
const groups: CommandGroup[] = [
  serverCommands,
  orgCommands,
  peopleCommands,
  situationCommands,
  exerciseCommands,
  auditCommands,
];
for (const register of groups) register(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (isAppError(e)) process.stderr.write(`error: ${e.code}: ${e.message}\n`);
  else if (e instanceof CliError) process.stderr.write(`error: ${e.message}\n`);
  else process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = process.exitCode || 2;
});
