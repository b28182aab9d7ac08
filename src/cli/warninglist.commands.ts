import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  parseMispWarninglist,
  WARNINGLIST_FILE_MAX_BYTES,
} from '../features/warninglists/warninglists.misp.js';
import { importWarninglist } from '../features/warninglists/warninglists.usecases.js';
import { inTransaction } from '../platform/db/transaction.js';
import { CliError, type CliIo, withServices } from './cli.support.js';

/** warninglist import: load a MISP warning list file (a new list, or a newer version of one by its name). */
export function warninglistCommands(program: Command, io: CliIo): void {
  const group = program.command('warninglist').description('Warning lists: values almost never malicious');
  group
    .command('import <file>')
    .description(
      'Load a MISP warninglist JSON file (name, version, description, type, list, matching_attributes); the same name again takes a newer version',
    )
    .action((file: string) =>
      withServices(async (services) => {
        const size = await stat(file).then(
          (s) => s.size,
          () => {
            throw new CliError(`cannot read ${file}`);
          },
        );
        if (size > WARNINGLIST_FILE_MAX_BYTES)
          throw new CliError(`${file} is larger than ${WARNINGLIST_FILE_MAX_BYTES} bytes`);
        const input = parseMispWarninglist(await readFile(file, 'utf8'));
        const { list, outcome, entries } = await inTransaction(services.handle, (unit) =>
          importWarninglist({
            unit,
            actor: null,
            input,
            deps: { audit: services.audit, clock: services.clock },
          }),
        );
        io.stdout.write(
          outcome === 'unchanged'
            ? `${list.name} is already at version ${list.version}: unchanged\n`
            : `${outcome} ${list.name} version ${list.version} (${list.match_type}, ${entries} entries)\n`,
        );
      }, io),
    );
}
