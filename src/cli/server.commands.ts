import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { loadDemo } from '../features/demo/demo.usecases.js';
import { DEMO_PASSWORD, demoEmail } from '../features/demo/government.js';
import { indexPendingReports } from '../features/sharing/sharing.fingerprints.js';
import { type Config, publicUrl } from '../platform/config.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { startServer } from '../server.js';
import { buildServices } from '../services.js';
import { type CliIo, withServices } from './cli.support.js';

/** serve, migrate, demo: running the server and preparing its database. */
export function serverCommands(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Start the server (applies migrations first)')
    .option('--demo', 'load the demo government if the database is empty')
    .action(async (opts: { demo?: boolean }) => {
      const config = loadConfig(io.env);
      let demoLoaded = false;
      const server = await startServer(config, {
        prepare: async (services, app) => {
          if ((opts.demo || config.demo) && (await loadDemo(services))) {
            app.log.info('loaded the demo government');
            demoLoaded = true;
          }
        },
      }).catch((e: unknown) => {
        // Taken between bin/renraku.js's check and the listen: the same words.
        if ((e as { code?: string }).code !== 'EADDRINUSE') throw e;
        io.stderr.write(
          `Renraku cannot start: port ${config.port} on ${config.host} is already in use. Choose another port with PORT, e.g.  PORT=${config.port + 1} npm start\n`,
        );
        io.exit(1);
      });
      // Said only once the server listens: "ready" means a browser can connect.
      if (demoLoaded) printDemoLogins(config, io);
      else io.stdout.write(`Renraku is ready at ${publicUrl(config)}\n`);
      const shutdown = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void shutdown());
      process.once('SIGINT', () => void shutdown());
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      const config = loadConfig(io.env);
      const services = buildServices(config);
      try {
        const applied = await migrateToLatest(services.handle);
        io.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
        const indexed = await indexPendingReports(services.handle);
        if (indexed > 0) io.stdout.write(`indexed the reports of ${indexed} incidents for sharing\n`);
      } finally {
        await services.close();
      }
    });

  program
    .command('demo')
    .description('Load the demo government into an empty database')
    .action(() =>
      withServices(async (services, config) => {
        if (await loadDemo(services)) printDemoLogins(config, io);
        else io.stdout.write('the database is not empty; nothing loaded\n');
      }, io),
    );
}

function printDemoLogins(config: Config, io: CliIo) {
  const url = publicUrl(config);
  io.stdout.write(
    [
      '',
      `Renraku is ready at ${url}  (demo password for every account: ${DEMO_PASSWORD})`,
      `  agency reporter (IPA):         ${demoEmail('reporter', 'ipa')}`,
      `  ministry security officer:     ${demoEmail('security-officer', 'meti')}`,
      `  review-mode ministry (MEXT):   ${demoEmail('security-officer', 'mext')}`,
      `  its agency JAXA, reporter:     ${demoEmail('reporter', 'jaxa')}`,
      `  center analyst:                ${demoEmail('center-analyst', 'nco')}`,
      `  administrator:                 ${demoEmail('admin', 'nco')}`,
      `  auditor:                       ${demoEmail('auditor', 'nco')}`,
      '  Every body has reporter@<slug>… and security-officer@<slug>.demo.renraku.example.',
      '',
    ].join('\n'),
  );
}
