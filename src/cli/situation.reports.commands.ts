import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  draftReport,
  issueReport,
  listReports,
  readReport,
} from '../features/situations/reports.usecases.js';
import type { Actor } from '../platform/access/roles.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { CliError, type CliIo, oneOf, withServices } from './cli.support.js';

const COUNTS = ['none', 'totals', 'by-ministry'] as const;

/** What the report commands borrow from the situation commands: who acts, and which situation. */
export interface SituationLookups {
  actorOf: (db: Executor, email: string | undefined) => Promise<Actor>;
  situationId: (db: Executor, key: string) => Promise<string>;
}

const ordinal = (r: { number: number | null; version: number }) =>
  r.number === null ? 'draft' : `第${r.number}報${r.version > 1 ? ` v${r.version}` : ''}`;

/** situation report list|show|issue: situation reports (状況報告) as a named person sees and issues them. */
export function situationReportCommands(situation: Command, lookups: SituationLookups, io: CliIo): void {
  const report = situation.command('report').description('Situation reports (状況報告)');
  report
    .command('list <situation>')
    .description('The reports of a situation the person sees, newest first (drafts: the center only)')
    .option('--as <email>', 'the person reading')
    .action((key: string, o: { as?: string }) =>
      withServices(async (services) => {
        const db = services.handle.db;
        const actor = await lookups.actorOf(db, o.as);
        const id = await lookups.situationId(db, key);
        const { rows, schedule } = await listReports(db, actor, id, services.situationDeps);
        for (const r of rows)
          io.stdout.write(
            `${ordinal(r)}\t${r.status}\t${r.issued_at ?? r.updated_at}\t${r.id}\t${r.title}\n`,
          );
        if (schedule.nextDueAt)
          io.stdout.write(`next due: ${schedule.nextDueAt}${schedule.overdue ? ' (overdue)' : ''}\n`);
      }, io),
    );
  report
    .command('show <situation> <number>')
    .description('A report (第n報) in its latest version, with what each correction changed')
    .option('--as <email>', 'the person reading')
    .action((key: string, number: string, o: { as?: string }) =>
      withServices(async (services) => {
        const db = services.handle.db;
        const actor = await lookups.actorOf(db, o.as);
        const id = await lookups.situationId(db, key);
        const { rows } = await listReports(db, actor, id, services.situationDeps);
        const latest = rows.find((r) => r.number !== null && String(r.number) === number);
        if (!latest) throw new CliError(`no report ${number} in ${key}`);
        const { siblings } = await readReport(db, actor, id, latest.id);
        const lines = [
          `${ordinal(latest)} ${latest.title}`,
          `issued: ${latest.issued_at}`,
          `tlp: ${latest.tlp}`,
          ...siblings.filter((s) => s.change_note).map((s) => `correction v${s.version}: ${s.change_note}`),
          '',
          latest.body,
          ...(latest.counts ? ['', `counts: ${latest.counts}`] : []),
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
      }, io),
    );
  report
    .command('issue <situation>')
    .description(
      "Draft and issue the situation's next report as a center coordinator; bodies in scope are notified",
    )
    .requiredOption('--title <title>', 'one line')
    .option('--body <text>', 'the text')
    .option('--file <path>', 'read the text from this file (UTF-8)')
    .option('--counts <kind>', COUNTS.join(', '), oneOf(COUNTS), 'none')
    .option('--as <email>', 'the center coordinator issuing it')
    .action(
      (
        key: string,
        o: { title: string; body?: string; file?: string; counts: (typeof COUNTS)[number]; as?: string },
      ) =>
        withServices(async (services) => {
          if ((o.body === undefined) === (o.file === undefined))
            throw new CliError('give the text with --body or --file (one of them)');
          const body = o.file === undefined ? (o.body ?? '') : readFileSync(o.file, 'utf8');
          const db = services.handle.db;
          const actor = await lookups.actorOf(db, o.as);
          const id = await lookups.situationId(db, key);
          const deps = services.situationDeps;
          const issued = await inTransaction(services.handle, async (unit) => {
            const draft = await draftReport({
              unit,
              actor,
              situationId: id,
              input: { title: o.title, body, counts: o.counts },
              deps,
            });
            return issueReport({ unit, actor, situationId: id, reportId: draft.id, version: 1, deps });
          });
          io.stdout.write(`issued ${ordinal(issued)} (${issued.id})\n`);
        }, io),
    );
}
