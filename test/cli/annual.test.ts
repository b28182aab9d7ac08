import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type SeedBody, seedAnnualIncidents, seededIncident } from '../../bench/annual-seed.js';
import { actorByEmail } from '../../src/cli/cli.support.js';
import { loadConfig } from '../../src/config.js';
import { draftReport } from '../../src/features/annual/annual.usecases.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { buildServices } from '../../src/services.js';
import { cliWorkspace } from '../support/cli.js';
import { DIALECTS } from '../support/databases.js';

// `renraku report annual --fy N --format pdf|xlsx|csv`: the drafted report of a generated fiscal year as a file,
// as the named person may read it (the center every section, a ministry its own); the numbers in each format
// checked against the generated rows; refusals for a body that reads no report, an unknown person, a year with
// no report and a bad format. One run as a real process.

const FROM = '2025-03-31T15:00:00.000Z';
const TO = '2026-03-31T15:00:00.000Z';
const COUNT = 120;

describe.each(DIALECTS)('renraku report annual on %s', { timeout: 360_000 }, (dialect) => {
  const { env, dataDir, renraku, ok, government, person, asProcess } = cliWorkspace(dialect, 'annual');

  it('writes the report as CSV, XLSX and PDF with the numbers, scoped to who reads it; refuses the rest', async () => {
    await government([
      ['center', 'nco'],
      ['ministry', 'meti'],
      ['agency', 'ipa', 'meti'],
      ['ministry', 'mof'],
    ] as const);
    await person('nco', 'center-analyst', 'analyst@nco.example.jp');
    await person('meti', 'security-officer', 'so@meti.example.jp');
    await person('ipa', 'security-officer', 'so@ipa.example.jp');

    const services = buildServices(loadConfig(env));
    let bodies: SeedBody[] = [];
    try {
      const db = services.handle.db;
      const ids = new Map(
        (await db.selectFrom('orgs').select(['id', 'slug']).execute()).map((o) => [o.slug, o.id]),
      );
      const id = (slug: string) => ids.get(slug) as string;
      bodies = [
        { id: id('nco'), parentId: null, kind: 'center' },
        { id: id('meti'), parentId: null, kind: 'ministry' },
        { id: id('ipa'), parentId: id('meti'), kind: 'agency' },
        { id: id('mof'), parentId: null, kind: 'ministry' },
      ];
      const analyst = await actorByEmail(db, 'analyst@nco.example.jp', 'test');
      await seedAnnualIncidents(db, {
        seed: 7,
        count: COUNT,
        from: FROM,
        to: TO,
        bodies,
        centerId: id('nco'),
        createdBy: analyst.userId,
      });
      await inTransaction(services.handle, (unit) =>
        draftReport({ unit, actor: analyst, input: { fiscalYear: 2025 }, deps: services.annualDeps }),
      );
    } finally {
      await services.close();
    }
    const rows = Array.from({ length: COUNT }, (_, i) =>
      seededIncident(i, { seed: 7, from: FROM, to: TO, bodies }),
    ).filter((x) => x.centerReceivedAt !== null);
    const meti = bodies
      .filter((b) => b.id === bodies[1]?.id || b.parentId === bodies[1]?.id)
      .map((b) => b.id);
    const metiCount = rows.filter((x) => meti.includes(x.orgId)).length;

    // CSV, English: every month's count, and each ministry's incidents in the evaluation.
    const csv = await ok([
      'report',
      'annual',
      '--fy',
      '2025',
      '--format',
      'csv',
      '--lang',
      'en',
      '--as',
      'analyst@nco.example.jp',
    ]);
    const monthOf = (iso: string) => new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(0, 7);
    for (const month of ['2025-04', '2025-10', '2026-03'])
      expect(csv).toContain(`${month},${rows.filter((x) => monthOf(x.reportedAt) === month).length}`);
    expect(csv).toContain(`meti,Incidents,${metiCount},count`);
    expect(csv).toContain('mof,Incidents,');
    // The ministry reads its own section only.
    const own = await ok([
      'report',
      'annual',
      '--fy',
      '2025',
      '--format',
      'csv',
      '--lang',
      'en',
      '--as',
      'so@meti.example.jp',
    ]);
    expect(own).toContain(`meti,Incidents,${metiCount},count`);
    expect(own).not.toContain('mof,Incidents,');

    // XLSX to a file: eight sheets, the months' counts as numbers.
    const xlsxPath = join(dataDir, 'annual.xlsx');
    await ok([
      'report',
      'annual',
      '--fy',
      '2025',
      '--format',
      'xlsx',
      '--out',
      xlsxPath,
      '--as',
      'analyst@nco.example.jp',
    ]);
    const files = unzipSync(new Uint8Array(readFileSync(xlsxPath)));
    expect(Object.keys(files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))).toHaveLength(8);
    const months = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    const counted = [...months.matchAll(/<c r="B(\d+)"(?![^>]*t="s")[^>]*><v>(\d+)<\/v>/g)].reduce(
      (n, m) => n + Number(m[2]),
      0,
    );
    expect(counted).toBe(rows.length);

    // PDF to a file, its text extracted: the title, and the deadline-profile indicator's definition beside it.
    const pdfPath = join(dataDir, 'annual.pdf');
    await ok([
      'report',
      'annual',
      '--fy',
      '2025',
      '--format',
      'pdf',
      '--lang',
      'en',
      '--out',
      pdfPath,
      '--as',
      'analyst@nco.example.jp',
    ]);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(readFileSync(pdfPath)) }).promise;
    let text = '';
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      text += `${content.items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
    }
    expect(text).toContain('Annual report, fiscal year 2025');
    expect(text).toContain('Deadline-profile clocks on time');

    // Refused: an agency (reads no report), an unknown person, a year without a report, a bad format or year.
    for (const args of [
      ['--fy', '2025', '--format', 'csv', '--as', 'so@ipa.example.jp'],
      ['--fy', '2025', '--format', 'csv', '--as', 'nobody@nco.example.jp'],
      ['--fy', '2024', '--format', 'csv', '--as', 'analyst@nco.example.jp'],
      ['--fy', '2025', '--format', 'docx', '--as', 'analyst@nco.example.jp'],
      ['--fy', '２０２５', '--format', 'csv', '--as', 'analyst@nco.example.jp'],
    ]) {
      const r = await renraku(['report', 'annual', ...args]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stdout, args.join(' ')).toBe('');
    }

    // Once as a real process (on SQLite only: the dialect is not what it tests): the same CSV through a pipe.
    if (dialect !== 'sqlite') return;
    const real = asProcess([
      'report',
      'annual',
      '--fy',
      '2025',
      '--format',
      'csv',
      '--lang',
      'en',
      '--as',
      'so@meti.example.jp',
    ]);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toBe(own);
  });
});
