// Phase y of `npm run bench` (issue 15, the annual report's performance; only when named): the demo government
// with a fiscal year of 10⁶ incidents across its bodies (bench/annual-setup.ts). The center's analyst drafts the
// report over HTTP and reads its numbers, then downloads the PDF and the XLSX, each several times, one request at
// a time: min / median / max of each answer and the server's CPU for it. Then it checks that the answers are
// whole: the numbers total the incidents the center received, the PDF parses and names every ministry, the
// workbook's month column totals them too. Targets: the draft's numbers ≤ 10 s; PDF and XLSX each ≤ 20 s.
import { performance } from 'node:perf_hooks';
import { unzipSync } from 'fflate';
import { Pool } from 'undici';
import type { AnnualSetup } from './annual-setup.js';
import type { BenchOptions } from './args.js';
import { processCpuMs } from './load.js';
import type { WithServer } from './situations.js';
import { quantile } from './stats.js';

export const ANNUAL_TARGETS = { draftMs: 10_000, pdfMs: 20_000, xlsxMs: 20_000 };

/** One kind of request, asked several times. */
export interface Timed {
  name: string;
  ms: number[];
  cpuMs: number[];
  bytes: number;
}

export interface AnnualResult {
  incidents: number;
  atCenter: number;
  bodies: number;
  ministries: number;
  seedSeconds: number;
  /** The draft made (POST) and its numbers read the first time (GET): what the center waits for. */
  draftMs: number;
  draftCpuMs: number | undefined;
  timed: Timed[];
  /** Totals read back: the report's, the workbook's month column; what they must be. */
  expectedTotal: number;
  reportTotal: number;
  xlsxTotal: number;
  sections: number;
  pdfPages: number;
  /** Ministries the PDF does not name (must be none). */
  pdfMissing: string[];
  errors: number;
  firstError: string | undefined;
}

const BASE = '/api/v1/annual-reports';

/** Phase y (see the file's head). */
export async function measureAnnual(args: {
  origin: string;
  setup: AnnualSetup;
  samples: number;
  pid: number;
}): Promise<AnnualResult> {
  const { origin, setup, samples, pid } = args;
  const pool = new Pool(origin, { connections: 1, keepAliveTimeout: 600_000, bodyTimeout: 600_000 });
  const headers = { authorization: `Bearer ${setup.token}`, 'content-type': 'application/json' };
  let errors = 0;
  let firstError: string | undefined;
  const ask = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const cpu0 = processCpuMs(pid);
    const t0 = performance.now();
    const res = await pool.request({
      method,
      path,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const ms = performance.now() - t0;
    const cpu1 = processCpuMs(pid);
    if (res.statusCode >= 300) {
      errors++;
      firstError ??= `${method} ${path} ${res.statusCode} ${bytes.toString('utf8').slice(0, 300)}`;
    }
    return { ms, cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0, bytes };
  };
  const year = `${BASE}/${setup.fiscalYear}`;
  try {
    const made = await ask('POST', BASE, { fiscalYear: setup.fiscalYear });
    const first = await ask('GET', year);
    const draftMs = made.ms + first.ms;
    const draftCpuMs =
      made.cpuMs === undefined || first.cpuMs === undefined ? undefined : made.cpuMs + first.cpuMs;
    const report = JSON.parse(first.bytes.toString('utf8')) as {
      trends?: { total: number };
      sections?: unknown[];
    };
    const timed: Timed[] = [];
    const repeat = async (name: string, path: string) => {
      const t: Timed = { name, ms: [], cpuMs: [], bytes: 0 };
      let last = Buffer.alloc(0);
      for (let i = 0; i < samples; i++) {
        const a = await ask('GET', path);
        t.ms.push(a.ms);
        if (a.cpuMs !== undefined) t.cpuMs.push(a.cpuMs);
        last = a.bytes;
      }
      t.bytes = last.length;
      timed.push(t);
      return last;
    };
    await repeat("the draft's numbers (JSON)", year);
    const pdf = await repeat('PDF (ja)', `${year}/export?format=pdf`);
    const xlsx = await repeat('XLSX (ja)', `${year}/export?format=xlsx`);

    // Off the clock: are the answers whole?
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    let pdfPages = 0;
    let text = '';
    try {
      const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
      pdfPages = doc.numPages;
      for (let p = 1; p <= doc.numPages; p++) {
        const content = await (await doc.getPage(p)).getTextContent();
        text += content.items.map((i) => ('str' in i ? i.str : '')).join('');
      }
    } catch (e) {
      errors++;
      firstError ??= `the PDF does not parse: ${String(e)}`;
    }
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    const flat = squeeze(text);
    const pdfMissing = setup.ministries.map((m) => m.nameJa).filter((name) => !flat.includes(squeeze(name)));
    let xlsxTotal = 0;
    try {
      const files = unzipSync(new Uint8Array(xlsx));
      const months = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
      for (const m of months.matchAll(/<c r="B(\d+)"(?![^>]*t="s")[^>]*><v>(\d+)<\/v>/g))
        xlsxTotal += Number(m[2]);
    } catch (e) {
      errors++;
      firstError ??= `the workbook does not open: ${String(e)}`;
    }
    return {
      incidents: setup.incidents,
      atCenter: setup.atCenter,
      bodies: setup.bodies,
      ministries: setup.ministries.length,
      seedSeconds: setup.seedSeconds,
      draftMs,
      draftCpuMs,
      timed,
      expectedTotal: setup.before + setup.atCenter,
      reportTotal: report.trends?.total ?? -1,
      xlsxTotal,
      sections: report.sections?.length ?? -1,
      pdfPages,
      pdfMissing,
      errors,
      firstError,
    };
  } finally {
    await pool.close();
  }
}

/** Whether the answers were whole and within the targets. */
export function annualTargetsMet(y: AnnualResult) {
  const whole =
    y.errors === 0 &&
    y.reportTotal === y.expectedTotal &&
    y.xlsxTotal === y.expectedTotal &&
    y.sections === y.ministries &&
    y.pdfMissing.length === 0;
  const worst = (name: string) =>
    Math.max(...(y.timed.find((t) => t.name.startsWith(name))?.ms ?? [Infinity]));
  return {
    annualWhole: whole,
    annualDraftMs: y.draftMs <= ANNUAL_TARGETS.draftMs && worst('the draft') <= ANNUAL_TARGETS.draftMs,
    annualPdfMs: worst('PDF') <= ANNUAL_TARGETS.pdfMs,
    annualXlsxMs: worst('XLSX') <= ANNUAL_TARGETS.xlsxMs,
  };
}

/** Runs phase y on a fresh server and database. */
export async function runAnnual(
  options: BenchOptions,
  withServer: WithServer,
  log: (line: string) => void,
): Promise<AnnualResult | undefined> {
  if (!options.phases.includes('y')) return undefined;
  log(
    `(y) annual report: the demo government, ${options.annualIncidents} incidents in a fiscal year; ${options.annualSamples} requests of each kind`,
  );
  return withServer(
    'annual',
    'y',
    ({ origin, annual, pid }) => {
      if (!annual) throw new Error('the annual server sent no credentials');
      log(`(y) seeded in ${annual.seedSeconds.toFixed(1)} s`);
      return measureAnnual({ origin, setup: annual, samples: options.annualSamples, pid });
    },
    { annualIncidents: options.annualIncidents },
  );
}

/** The lines phase y prints. */
export function annualLines(
  y: AnnualResult,
  f: (n: number | undefined, digits?: number) => string,
): string[] {
  const s = (ms: number) => f(ms / 1000, 2);
  return [
    `(y) annual report: the demo government (${y.bodies} bodies, ${y.ministries} ministries), ${y.incidents} incidents in the fiscal year (${y.atCenter} delivered to the center; seeded in ${f(y.seedSeconds)} s); one request at a time`,
    `    draft made and its numbers first read: ${s(y.draftMs)} s, server CPU ${s(y.draftCpuMs ?? Number.NaN)} s (target ≤ ${ANNUAL_TARGETS.draftMs / 1000} s)`,
    ...y.timed.map(
      (t) =>
        `    ${t.name}, ${t.ms.length} times: min ${s(Math.min(...t.ms))} s, median ${s(quantile(t.ms, 0.5))} s, max ${s(Math.max(...t.ms))} s; server CPU median ${s(quantile(t.cpuMs, 0.5))} s; ${f(t.bytes / 1024)} kB`,
    ),
    `    whole: total ${y.reportTotal} (JSON), ${y.xlsxTotal} (workbook's months) of ${y.expectedTotal}; ${y.sections} sections of ${y.ministries} ministries; PDF ${y.pdfPages} pages, ministries not named ${y.pdfMissing.length}${y.pdfMissing.length ? ` (${y.pdfMissing.join(', ')})` : ''}; errors ${y.errors}${y.firstError ? `: ${y.firstError}` : ''}`,
  ];
}
