import type { Command } from 'commander';
import { coverageFor, fiscalYearAsked } from '../features/policies/policies.coverage.js';
import { CSV_BOM, csvLine } from '../platform/export/csv.js';
import { actorByEmail, CliError, type CliIo, oneOf, withServices } from './cli.support.js';

const FORMATS = ['csv', 'json'] as const;

/** policy coverage: the fiscal year's policy clause and contact structure coverage, per body. */
export function policyCommands(program: Command, io: CliIo): void {
  const group = program.command('policy').description('The policy clause register (ポリシーへの記載)');
  group
    .command('coverage')
    .description(
      'Per body, for a fiscal year (April–March): the clause confirmed (document, version, when), the contact structure confirmed, requests open and overdue. The whole government, or what --as <email> sees',
    )
    .option('--fy <year>', 'fiscal year (default: the current one)')
    .option('--format <format>', 'csv or json', oneOf(FORMATS), 'csv')
    .option('--as <email>', 'read as this person (what their role and body see)')
    .action((opts: { fy?: string; format: (typeof FORMATS)[number]; as?: string }) =>
      withServices(async (services) => {
        const asked = opts.fy === undefined ? undefined : Number(opts.fy);
        if (asked !== undefined && !(Number.isInteger(asked) && asked >= 2000 && asked <= 2200))
          throw new CliError('--fy is a fiscal year such as 2026');
        const now = services.clock.now();
        const db = services.handle.db;
        const actor = opts.as ? await actorByEmail(db, opts.as, 'read as this person') : null;
        const year = fiscalYearAsked(asked, now, services.policyDeps.timeZone);
        const rows = await coverageFor(db, actor, year, now);
        if (opts.format === 'json') {
          io.stdout.write(`${JSON.stringify({ fiscalYear: year, items: rows }, null, 2)}\n`);
          return;
        }
        let out = CSV_BOM;
        out += csvLine([
          'fiscal_year',
          'body',
          'kind',
          'parent',
          'name_ja',
          'document',
          'version',
          'clause_confirmed_at',
          'contact_structure_confirmed_at',
          'requests_open',
          'requests_overdue',
        ]);
        for (const r of rows)
          out += csvLine([
            year,
            r.org.slug,
            r.org.kind,
            r.org.parentSlug,
            r.org.nameJa,
            r.clause?.documentName ?? null,
            r.clause?.documentVersion ?? null,
            r.clause?.confirmedAt ?? null,
            r.contactStructureConfirmedAt,
            r.requestsOpen,
            r.requestsOverdue,
          ]);
        io.stdout.write(out);
      }, io),
    );
}
