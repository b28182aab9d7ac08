import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type AnnualFormat, annualFile } from '../features/annual/annual.files.js';
import { auditExport, readReport } from '../features/annual/annual.usecases.js';
import { inTransaction } from '../platform/db/transaction.js';
import { actorByEmail, type CliIo, oneOf, withServices } from './cli.support.js';

const FORMATS: readonly AnnualFormat[] = ['pdf', 'xlsx', 'csv'];

/** `renraku report annual`: a fiscal year's annual report as a file, as the named person may read it. */
export function reportCommands(program: Command, io: CliIo): void {
  const report = program.command('report').description('Reports as files');
  report
    .command('annual')
    .description("A fiscal year's annual report (年次報告書) as PDF, XLSX or CSV")
    .requiredOption('--fy <year>', 'the fiscal year (April–March), e.g. 2026', (v) => {
      if (!/^\d{4}$/.test(v)) throw new Error('a fiscal year of four digits');
      return Number(v);
    })
    .requiredOption('--format <format>', FORMATS.join(', '), oneOf(FORMATS))
    .option('--lang <lang>', 'ja or en', oneOf(['ja', 'en'] as const), 'ja' as const)
    .option('--out <file>', 'where to write it (standard output when absent)')
    .option('--as <email>', 'a center analyst or coordinator, an auditor, or a ministry officer')
    .action((o: { fy: number; format: AnnualFormat; lang: 'ja' | 'en'; out?: string; as?: string }) =>
      withServices(async (services, config) => {
        const actor = await actorByEmail(services.handle.db, o.as, 'the report is read as someone');
        const view = await inTransaction(services.handle, async (unit) => {
          const v = await readReport({
            db: unit.tx,
            dialect: unit.dialect,
            actor,
            fiscalYear: o.fy,
            deps: services.annualDeps,
          });
          await auditExport(unit, actor, v.row, o.format, services.annualDeps);
          return v;
        });
        const body = await annualFile(view, o.format, o.lang, config.annualPdfFont);
        if (o.out) await writeFile(o.out, body);
        else io.stdout.write(typeof body === 'string' ? body : body.toString('latin1'));
      }, io),
    );
}
