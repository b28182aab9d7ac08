import { type Command, InvalidArgumentError } from 'commander';
import { orgsDirectory } from '../features/orgs/orgs.directory.js';
import { issueRequest, listRequests } from '../features/situations/requests.usecases.js';
import { levelsOf } from '../features/situations/situations.config.js';
import { standDown } from '../features/situations/situations.direct.js';
import { situationsReads } from '../features/situations/situations.reads.js';
import { declareSituation } from '../features/situations/situations.usecases.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { actorByEmail, CliError, type CliIo, oneOf, withServices } from './cli.support.js';
import { situationReportCommands } from './situation.reports.commands.js';

const TLPS = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;
const STATUSES = ['none', 'investigating', 'affected'] as const;

const oneLine = (label: string) => (v: string) => {
  if (!/\S/.test(v) || /[\r\n]/.test(v)) throw new InvalidArgumentError(`${label}: one line of text`);
  return v;
};

/** The person a command acts as: an active user of this e-mail, as the API would see them. */
const actorOf = (db: Executor, email: string | undefined) =>
  actorByEmail(db, email, 'a situation is declared and stood down by a person');

/** The id of the situation a command names by number or id. */
async function situationId(db: Executor, key: string): Promise<string> {
  const id = await situationsReads.idOf(db, key);
  if (!id) throw new CliError(`no situation ${key}`);
  return id;
}

/** The scope of `--scope`: all, ministries, or the bodies of these slugs (their agencies too with --with-agencies). */
async function scopeOf(db: Executor, scope: string, withAgencies: boolean) {
  if (scope === 'all' || scope === 'ministries') return { kind: scope } as const;
  const slugs = [...new Set(scope.split(',').map((s) => s.trim()))].filter((s) => s !== '');
  const bodies = await orgsDirectory.bySlugs(db, slugs);
  const missing = slugs.filter((s) => !bodies.some((b) => b.slug === s));
  if (missing.length > 0 || slugs.length === 0) throw new CliError(`unknown bodies: ${missing.join(', ')}`);
  return { kind: 'bodies', bodies: bodies.map((b) => ({ orgId: b.id, withAgencies })) } as const;
}

/** situation list|show|declare|stand-down: large-scale situations from the operator's console. */
export function situationCommands(program: Command, io: CliIo): void {
  const situation = program
    .command('situation')
    .description('Large-scale situations (大規模サイバー攻撃事態)');
  situation
    .command('list')
    .description('List situations, newest first')
    .option('--state <state>', 'open, closed or all', oneOf(['open', 'closed', 'all'] as const), 'all')
    .action((o: { state: 'open' | 'closed' | 'all' }) =>
      withServices(async (services) => {
        for (const s of await situationsReads.list(services.handle.db, o.state))
          io.stdout.write(
            `${s.number}\t${s.stood_down_at ? 'closed' : 'open'}\t${s.level}\t${s.tlp}\t${s.declared_at}\t${s.name}\n`,
          );
      }, io),
    );

  situation
    .command('show <numberOrId>')
    .description('A situation and its roll-call: how many bodies answered what, and who has not')
    .action((key: string) =>
      withServices(async (services) => {
        const db = services.handle.db;
        const s = await situationsReads.factOf(db, await situationId(db, key));
        if (!s) throw new CliError(`no situation ${key}`);
        const answers = await situationsReads.rollCallOf(db, s.id);
        const counts = { none: 0, investigating: 0, affected: 0, unanswered: 0 };
        for (const status of answers.values())
          counts[
            status && (STATUSES as readonly string[]).includes(status) ? (status as 'none') : 'unanswered'
          ]++;
        const unanswered = [...answers].filter(([, status]) => status === null).map(([orgId]) => orgId);
        const names = await orgsDirectory.byIds(db, unanswered);
        const lines = [
          `${s.number} ${s.name}`,
          `state: ${s.open ? 'open' : 'closed'}`,
          `level: ${s.level}`,
          `tlp: ${s.tlp}`,
          `roll-call due: ${s.rollCallDueAt}`,
          `in scope: ${answers.size}`,
          `none: ${counts.none}  investigating: ${counts.investigating}  affected: ${counts.affected}  unanswered: ${counts.unanswered}`,
          ...(unanswered.length > 0
            ? [
                `unanswered: ${unanswered
                  .map((id) => names.get(id)?.slug ?? id)
                  .sort()
                  .join(', ')}`,
              ]
            : []),
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
      }, io),
    );

  situation
    .command('declare')
    .description('Declare a situation as a center coordinator; every body in scope is notified')
    .requiredOption('--name <name>', 'what it is called', oneLine('name'))
    .requiredOption('--level <level>', 'a configured posture level: caution, alert, emergency by default')
    .requiredOption('--scope <scope>', 'all, ministries, or body slugs separated by commas')
    .option('--with-agencies', "the named bodies' agencies too")
    .option('--description <text>', 'what is known (default: the name)')
    .option('--tlp <tlp>', TLPS.join(', '), oneOf(TLPS), 'TLP:AMBER')
    .option('--as <email>', 'the center coordinator declaring it')
    .action(
      (o: {
        name: string;
        level: string;
        scope: string;
        withAgencies?: boolean;
        description?: string;
        tlp: (typeof TLPS)[number];
        as?: string;
      }) =>
        withServices(async (services) => {
          const db = services.handle.db;
          const actor = await actorOf(db, o.as);
          if (!levelsOf(services.config).some((l) => l.id === o.level))
            throw new CliError(`unknown level ${o.level}`);
          const scope = await scopeOf(db, o.scope, o.withAgencies === true);
          const view = await inTransaction(services.handle, (unit) =>
            declareSituation({
              unit,
              actor,
              input: {
                name: o.name,
                description: o.description ?? o.name,
                level: o.level,
                tlp: o.tlp,
                scope,
              },
              deps: services.situationDeps,
            }),
          );
          io.stdout.write(
            `declared ${view.row.number} (${view.row.id}): ${view.inScopeCount} bodies in scope\n`,
          );
        }, io),
    );

  situation
    .command('stand-down <numberOrId>')
    .description('Stand a situation down (終結) as a center coordinator')
    .option('--as <email>', 'the center coordinator standing it down')
    .action((key: string, o: { as?: string }) =>
      withServices(async (services) => {
        const db = services.handle.db;
        const actor = await actorOf(db, o.as);
        const id = await situationId(db, key);
        const view = await inTransaction(services.handle, (unit) =>
          standDown({ unit, actor, id, input: {}, deps: services.situationDeps }),
        );
        io.stdout.write(`stood down ${view.row.number}\n`);
      }, io),
    );
}

/** situation request list|create: a situation's requests (要請), as the person of --as sees and issues them. */
export function situationRequestCommands(program: Command, io: CliIo): void {
  const situation = program.commands.find((c) => c.name() === 'situation');
  if (!situation) throw new Error('situation commands first');
  const request = situation
    .command('request')
    .description("A situation's requests (要請) to bodies in scope");
  request
    .command('list <numberOrId>')
    .description('The requests the person sees, with the count per state and the overdue bodies')
    .option('--as <email>', 'the person whose view it is')
    .action((key: string, o: { as?: string }) =>
      withServices(async (services) => {
        const db = services.handle.db;
        const actor = await actorOf(db, o.as);
        const items = await listRequests(db, actor, await situationId(db, key), services.situationDeps);
        for (const r of items) {
          const c = r.counts;
          const state = r.withdrawnAt ? 'withdrawn' : 'standing';
          const overdue = r.overdueBodies.map((b) => b.orgSlug).join(',');
          io.stdout.write(
            `${r.number}\t${state}\t${r.dueAt}\tissued:${c.issued} acknowledged:${c.acknowledged} in_progress:${c.in_progress} done:${c.done}\toverdue:${overdue || '-'}\t${r.title}\n`,
          );
        }
      }, io),
    );
  request
    .command('create <numberOrId>')
    .description('Issue a request as a center coordinator; each addressed body is told')
    .requiredOption('--title <title>', 'what is asked', oneLine('title'))
    .option('--body <text>', 'the request in full (default: the title)')
    .option('--due <time>', 'when it is due (ISO 8601)')
    .option('--due-in <minutes>', 'due in this many minutes from now', (v) => {
      if (!/^[1-9]\d{0,5}$/.test(v)) throw new InvalidArgumentError('--due-in: minutes, 1 or more');
      return Number(v);
    })
    .option('--to <addressees>', 'all, ministries, or body slugs in scope separated by commas', 'all')
    .option('--as <email>', 'the center coordinator issuing it')
    .action(
      (
        key: string,
        o: { title: string; body?: string; due?: string; dueIn?: number; to: string; as?: string },
      ) =>
        withServices(async (services) => {
          const db = services.handle.db;
          const actor = await actorOf(db, o.as);
          if ((o.due === undefined) === (o.dueIn === undefined))
            throw new CliError('give the due time by --due or --due-in (one of them)');
          const dueAt =
            o.due ??
            new Date(services.situationDeps.clock.now().getTime() + (o.dueIn ?? 0) * 60_000).toISOString();
          const slugs = [...new Set(o.to.split(',').map((s) => s.trim()))].filter((s) => s !== '');
          const addressees =
            o.to === 'all' || o.to === 'ministries'
              ? ({ kind: o.to } as const)
              : ({ kind: 'bodies', bodies: slugs.map((orgSlug) => ({ orgSlug })) } as const);
          const id = await situationId(db, key);
          const view = await inTransaction(services.handle, (unit) =>
            issueRequest({
              unit,
              actor,
              situationId: id,
              input: { title: o.title, body: o.body ?? o.title, dueAt, addressees },
              deps: services.situationDeps,
            }),
          );
          io.stdout.write(
            `issued ${view.number} (${view.id}): ${view.counts.total} bodies, due ${view.dueAt}\n`,
          );
        }, io),
    );

  situationReportCommands(situation, { actorOf, situationId }, io);
}
