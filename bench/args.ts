import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { NationalShape } from './national-bodies.js';

export type BenchDialect = 'sqlite' | 'postgres';

export interface BenchOptions {
  dialect: BenchDialect;
  databaseUrl: string | undefined;
  /**
   * A settings file the throw-away cluster includes (e.g. bench/postgresql-server.conf: the deployment's memory
   * and WAL settings); without it, PostgreSQL's defaults.
   */
  postgresConf: string | undefined;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  rate: number;
  /** Phase m: reports per second while the live stream across the two nodes is timed. */
  nodesRate: number;
  ministries: number;
  agenciesPerMinistry: number;
  ministrySubscribers: number;
  centerSubscribers: number;
  /** Phases to run, in order: a (baseline), b (throughput), c (propagation), d (list and stats), s (sharing),
   * n (notification e-mail), r (a situation's declaration), q (the roll-call storm), w (web app weight),
   * x (correlation), i (STIX bundle import), t (TAXII pages), p (the public site). */
  phases: string[];
  /** Incidents in the database of phase d. */
  incidents: number;
  /** Requests measured per query in phase d. */
  samples: number;
  /** Recipient bodies of each share in phase s. */
  recipients: number;
  /** Shares measured in phase s (after a few unmeasured ones). */
  shares: number;
  /** Quick reports whose duty-officer e-mail is timed in phase n (after a few unmeasured ones). */
  notices: number;
  /** Bodies, each with a duty officer, that phase n's advisory goes to. */
  fanout: number;
  /** Bodies in scope of phases r and q (ministries and agencies), each with a duty officer. */
  situationBodies: number;
  /** Of which ministries (phase q: one board each). */
  situationMinistries: number;
  /** Center boards (live streams of center users) watching phase q's roll-call. */
  centerBoards: number;
  /** Phase q's window: every body answers once within it. */
  stormSeconds: number;
  /** Values in correlation's index in phase x. */
  indicators: number;
  /** Indicators on every quick report of phase x's filing throughput. */
  reportIndicators: number;
  /** Phase p: public-site requests per second, notices published, quick reports filed per second meanwhile. */
  publicRate: number;
  publicNotices: number;
  publicReportRate: number;
  /** Indicators imported in phase i (read in bundles of 10,000, then stored through reports of 500). */
  bundleIndicators: number;
  /** Indicators in phase t's TAXII collection; --samples pages are timed. */
  taxiiObjects: number;
  /** Write V8 CPU profiles of the server process into this folder. */
  cpuProfDir: string | undefined;
  /** Phase k (on request only): SIGKILLs of the server while clients file reports at --rate a second. */
  kills: number;
  /** Phase g (on request only): the national government, and the burst's window in seconds. */
  national: NationalShape;
  nationalSeconds: number;
  /** Phase y (on request only): incidents of the annual report's fiscal year, and requests of each kind timed. */
  annualIncidents: number;
  annualSamples: number;
}

const PHASES = 'abcdsnrqwxitp';
// Phases run only when named: k (crashes) kills the server 20 times and takes minutes; m (two nodes behind nginx,
// PostgreSQL only) starts nginx; g (national load) builds 10,000 bodies and 10⁶ incidents first; y (the annual
// report) seeds 10⁶ incidents first.
const ON_REQUEST = 'kmgy';

const HELP = `npm run bench -- [options]
  --db sqlite|postgres      storage to measure (default sqlite)
  --database-url URL        PostgreSQL server for --db postgres (or RENRAKU_BENCH_DATABASE_URL);
                            without either, a throw-away cluster is started from /usr/lib/postgresql
  --pg-conf FILE            a settings file the throw-away cluster includes (bench/postgresql-server.conf:
                            the deployment's memory and WAL settings); default PostgreSQL's own
  --seconds N               measured seconds per phase (default 10)
  --warmup N                warm-up seconds before phases a and b (default 2)
  --concurrency N           closed-loop clients of phases a and b (default 50)
  --rate N                  open-loop reports per second of phase c (default 200)
  --ministries N            ministries; each has --agencies agencies (default 4, 2)
  --ministry-subscribers N  live-stream subscribers spread over the ministries (default 20)
  --center-subscribers N    live-stream subscribers at the center (default 20)
  --phases abcdsnrqw        which phases to run (default abcdsnrqw); d: the incident list and statistics with
                            --incidents incidents in the database (default 100000), --samples requests each
                            (default 200); s: a share approved and pushed to the live streams of
                            --recipients bodies (default 100), --shares times (default 50);
                            n: --notices quick reports (default 100) each e-mailed to the duty officer, and
                            one advisory e-mailed to the duty officers of --fanout bodies (default and most 1000);
                            r: a situation declared to --situation-bodies bodies (default 1000, of which
                            --situation-ministries ministries, default 50, the rest their agencies), each with a
                            duty officer (e-mail, in-app) on the live stream; q: the same bodies answer the
                            roll-call once each within --storm-seconds (default 60) while --center-boards center
                            boards (default 20) and one board per ministry watch;
                            w: the web app's JavaScript, gzipped; x: correlation of --samples 100-value
                            reports against --indicators stored values (default 10000000), then the quick-report
                            throughput with and without --report-indicators values each (default 10);
                            p: the public site — a notice page and the Atom feed at --public-rate requests/s
                            (default 500) for --seconds, with --public-notices published notices (default 20),
                            while quick reports are filed at --public-report-rate per second (default 20);
                            k (only when named): quick reports at --rate a second while the server is killed
                            with SIGKILL --kills times (default 20), then nothing acknowledged may be missing;
                            m (only when named, --db postgres): phase b's closed loop on one node, then through
                            nginx over two nodes on the same database (the cores each process got in each),
                            then live streams on both nodes while one takes --nodes-rate reports/s (default 50);
                            i: bulk imports of a --bundle-indicators STIX bundle (default 100000) into an
                            incident, 3 runs and a repeat; then (at most 20,000) read in bundles of 10,000
                            and stored through quick reports of 500 each;
                            t: TAXII pages of 1,000 objects (--samples pages) over a collection of
                            --taxii-objects indicators (default 100000);
                            g (only when named): national load — --national-bodies bodies (default 10000, of
                            which --national-ministries ministries, default 50), --national-users people
                            (default 100000), --national-incidents incidents (default 1000000); then
                            --national-reports agencies (default 1000) file a quick report each within
                            --national-seconds (default 60) while --national-streams live streams (default
                            500) watch;
                            y (only when named): the annual report — the demo government with
                            --annual-incidents incidents (default 1000000) in the last whole fiscal year; the center
                            drafts it and reads its numbers, then downloads the PDF and the XLSX, --annual-samples
                            times each (default 5)
  --cpu-prof DIR            write V8 CPU profiles of each server process into DIR`;

const positive = (name: string, raw: string | undefined, def: number): number => {
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};

/** Reads the command line of `npm run bench`. */
export function readOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'sqlite' },
      'database-url': { type: 'string' },
      'pg-conf': { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      'nodes-rate': { type: 'string' },
      ministries: { type: 'string' },
      agencies: { type: 'string' },
      'ministry-subscribers': { type: 'string' },
      'center-subscribers': { type: 'string' },
      phases: { type: 'string', default: PHASES },
      incidents: { type: 'string' },
      samples: { type: 'string' },
      recipients: { type: 'string' },
      shares: { type: 'string' },
      notices: { type: 'string' },
      fanout: { type: 'string' },
      'situation-bodies': { type: 'string' },
      'situation-ministries': { type: 'string' },
      'center-boards': { type: 'string' },
      'storm-seconds': { type: 'string' },
      indicators: { type: 'string' },
      'report-indicators': { type: 'string' },
      'public-rate': { type: 'string' },
      'public-notices': { type: 'string' },
      'public-report-rate': { type: 'string' },
      'bundle-indicators': { type: 'string' },
      'taxii-objects': { type: 'string' },
      'cpu-prof': { type: 'string' },
      kills: { type: 'string' },
      'national-bodies': { type: 'string' },
      'national-ministries': { type: 'string' },
      'national-users': { type: 'string' },
      'national-incidents': { type: 'string' },
      'national-streams': { type: 'string' },
      'national-reports': { type: 'string' },
      'national-seconds': { type: 'string' },
      'annual-incidents': { type: 'string' },
      'annual-samples': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db must be sqlite or postgres');
  const phases = [...(values.phases ?? PHASES)];
  if (phases.length === 0 || phases.some((p) => !(PHASES + ON_REQUEST).includes(p)))
    throw new Error(`--phases takes letters of ${PHASES}${ON_REQUEST}`);
  const situationBodies = Math.round(positive('situation-bodies', values['situation-bodies'], 1000));
  const situationMinistries = Math.round(
    positive('situation-ministries', values['situation-ministries'], 50),
  );
  if (situationMinistries > situationBodies)
    throw new Error('--situation-ministries must not exceed --situation-bodies');
  return {
    dialect: values.db,
    databaseUrl: values['database-url'] ?? env.RENRAKU_BENCH_DATABASE_URL,
    postgresConf: values['pg-conf'] === undefined ? undefined : resolve(values['pg-conf']),
    seconds: positive('seconds', values.seconds, 10),
    warmupSeconds: values.warmup === '0' ? 0 : positive('warmup', values.warmup, 2),
    concurrency: Math.round(positive('concurrency', values.concurrency, 50)),
    rate: positive('rate', values.rate, 200),
    nodesRate: positive('nodes-rate', values['nodes-rate'], 50),
    ministries: Math.round(positive('ministries', values.ministries, 4)),
    agenciesPerMinistry: Math.round(positive('agencies', values.agencies, 2)),
    ministrySubscribers: Math.round(positive('ministry-subscribers', values['ministry-subscribers'], 20)),
    centerSubscribers: Math.round(positive('center-subscribers', values['center-subscribers'], 20)),
    phases,
    incidents: Math.round(positive('incidents', values.incidents, 100_000)),
    samples: Math.round(positive('samples', values.samples, 200)),
    recipients: Math.round(positive('recipients', values.recipients, 100)),
    shares: Math.round(positive('shares', values.shares, 50)),
    notices: Math.round(positive('notices', values.notices, 100)),
    fanout: Math.round(positive('fanout', values.fanout, 1000)),
    situationBodies,
    situationMinistries,
    centerBoards: Math.round(positive('center-boards', values['center-boards'], 20)),
    stormSeconds: positive('storm-seconds', values['storm-seconds'], 60),
    indicators: Math.round(positive('indicators', values.indicators, 10_000_000)),
    reportIndicators: Math.round(positive('report-indicators', values['report-indicators'], 10)),
    publicRate: positive('public-rate', values['public-rate'], 500),
    publicNotices: Math.round(positive('public-notices', values['public-notices'], 20)),
    publicReportRate: positive('public-report-rate', values['public-report-rate'], 20),
    bundleIndicators: Math.round(positive('bundle-indicators', values['bundle-indicators'], 100_000)),
    taxiiObjects: Math.round(positive('taxii-objects', values['taxii-objects'], 100_000)),
    cpuProfDir: values['cpu-prof'],
    kills: Math.round(positive('kills', values.kills, 20)),
    national: {
      bodies: Math.round(positive('national-bodies', values['national-bodies'], 10_000)),
      ministries: Math.round(positive('national-ministries', values['national-ministries'], 50)),
      users: Math.round(positive('national-users', values['national-users'], 100_000)),
      incidents: Math.round(positive('national-incidents', values['national-incidents'], 1_000_000)),
      streams: Math.round(positive('national-streams', values['national-streams'], 500)),
      reports: Math.round(positive('national-reports', values['national-reports'], 1000)),
    },
    nationalSeconds: positive('national-seconds', values['national-seconds'], 60),
    annualIncidents: Math.round(positive('annual-incidents', values['annual-incidents'], 1_000_000)),
    annualSamples: Math.round(positive('annual-samples', values['annual-samples'], 5)),
  };
}
