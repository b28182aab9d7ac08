import { type Command, InvalidArgumentError } from 'commander';
import { configureRouting, createOrg } from '../features/orgs/orgs.usecases.js';
import { inTransaction } from '../platform/db/transaction.js';
import { type CliIo, withServices } from './cli.support.js';

const kind = (v: string) => {
  if (v !== 'center' && v !== 'ministry' && v !== 'agency')
    throw new InvalidArgumentError('center, ministry or agency');
  return v;
};
/** org add, org routing: the bodies of the organization tree. */
export function orgCommands(program: Command, io: CliIo): void {
  const org = program.command('org').description('Bodies of the organization tree');
  org
    .command('add')
    .description('Add a body')
    .requiredOption('--kind <kind>', 'center, ministry or agency', kind)
    .requiredOption('--slug <slug>', 'short identifier, e.g. meti')
    .requiredOption('--name-ja <name>', 'Japanese name')
    .requiredOption('--name-en <name>', 'English name')
    .option('--parent <slug>', 'supervising ministry (for an agency)')
    .option('--review', 'review agency reports before they go to the center (ministry)')
    .option(
      '--alias <name>',
      'another name of the body (METI, 経産省), hidden by anonymisation; repeatable',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(
      (o: {
        kind: 'center' | 'ministry' | 'agency';
        slug: string;
        nameJa: string;
        nameEn: string;
        parent?: string;
        review?: boolean;
        alias: string[];
      }) =>
        withServices(async (services) => {
          const row = await inTransaction(services.handle, (unit) =>
            createOrg({
              unit,
              actor: null,
              input: {
                kind: o.kind,
                slug: o.slug,
                nameJa: o.nameJa,
                nameEn: o.nameEn,
                parent: o.parent,
                reviewMode: o.review,
                aliases: o.alias,
              },
              audit: services.audit,
              clock: services.clock,
            }),
          );
          io.stdout.write(`added ${row.kind} ${row.slug}\n`);
        }, io),
    );

  org
    .command('routing')
    .description("Choose whether a ministry reviews its agencies' reports before they go to the center")
    .requiredOption('--slug <slug>', 'the ministry')
    .requiredOption('--review <on|off>', 'on: review first; off: forward at once', (v) => {
      if (v !== 'on' && v !== 'off') throw new InvalidArgumentError('on or off');
      return v;
    })
    .option(
      '--deadline-minutes <n>',
      'how long the ministry has before the report goes on by itself',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 7 * 24 * 60) throw new InvalidArgumentError('1 to 10080');
        return n;
      },
    )
    .action((o: { slug: string; review: 'on' | 'off'; deadlineMinutes?: number }) =>
      withServices(async (services) => {
        const row = await inTransaction(services.handle, (unit) =>
          configureRouting({
            unit,
            actor: null,
            slug: o.slug,
            reviewMode: o.review === 'on',
            reviewDeadlineMinutes: o.deadlineMinutes,
            audit: services.audit,
            clock: services.clock,
            maxReviewDeadlineMinutes: services.config.reviewDeadlineMaxMinutes,
          }),
        );
        const minutes = row.review_deadline_minutes ?? services.config.reviewDeadlineMinutes;
        io.stdout.write(
          row.review_mode
            ? `${row.slug} reviews agency reports (deadline ${minutes} min)\n`
            : `${row.slug} forwards at once\n`,
        );
      }, io),
    );
}
