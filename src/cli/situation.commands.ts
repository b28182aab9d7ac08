import { type Command, InvalidArgumentError } from 'commander';
import { orgsDirectory } from '../features/orgs/orgs.directory.js';
import { levelsOf } from '../features/situations/situations.config.js';
import { standDown } from '../features/situations/situations.direct.js';
import { situationsReads } from '../features/situations/situations.reads.js';
import { declareSituation } from '../features/situations/situations.usecases.js';
import { usersReads } from '../features/users/users.reads.js';
import { type Actor, ROLES } from '../platform/access/roles.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { CliError, oneOf, withServices } from './cli.support.js';
import { situationReportCommands } from './situation.reports.commands.js';

const TLPS = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;
const STATUSES = ['none', 'investigating', 'affected'] as const;

const oneLine = (label: string) => (v: string) => {
  if (!/\S/.test(v) || /[\r\n]/.test(v)) throw new InvalidArgumentError(`${label}: one line of text`);
  return v;
};

/** The person a command acts as: an active user of this e-mail, as the API would see them. */
async function actorOf(db: Executor, email: string | undefined): Promise<Actor> {
  if (!email)
    throw new CliError('--as <email> is required: a situation is declared and stood down by a person');
  const [person] = await usersReads.activeByEmails(db, [email.toLowerCase()], ROLES);
  const org = person && (await orgsDirectory.byId(db, person.orgId));
  if (!person || !org) throw new CliError(`no active user ${email}`);
  return {
    userId: person.userId,
    email: person.email,
    role: person.role as Actor['role'],
    orgId: org.id,
    orgSlug: org.slug,
    orgKind: org.kind,
    via: 'token',
  };
}

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
export function situationCommands(program: Command): void {
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
          process.stdout.write(
            `${s.number}\t${s.stood_down_at ? 'closed' : 'open'}\t${s.level}\t${s.tlp}\t${s.declared_at}\t${s.name}\n`,
          );
      }),
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
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
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
          process.stdout.write(
            `declared ${view.row.number} (${view.row.id}): ${view.inScopeCount} bodies in scope\n`,
          );
        }),
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
        process.stdout.write(`stood down ${view.row.number}\n`);
      }),
    );

  situationReportCommands(situation, { actorOf, situationId });
}
