// `npm run bench`: how fast Renraku takes a quick report compared with the bare minimum, how fast the report
// reaches the live streams of the ministry and the center, (phase d) how fast the incident list and the
// statistics answer over 100,000 incidents, and (phase s) how fast an approved share reaches the live streams of
// 100 recipient bodies, (phase n) how fast notification e-mail reaches a real SMTP server, one quick report's
// and a thousand bodies' at once, (phase r) how fast a situation's declaration reaches a thousand bodies' duty
// officers by e-mail and live stream, and (phase q) how fast a thousand roll-call answers in a minute reach the
// center's and the ministries' boards, and whether any reaches a board that may not see it. Named only: (k)
// crashes, (m) two nodes, (g) national load, and (y) the annual report of a fiscal year of 10⁶ incidents across
// the demo government — the draft's numbers, the PDF and the XLSX timed over HTTP, and checked whole
// (bench/annual.ts). See `npm run bench -- --help`.
//
// Set-up: each phase gets a fresh database (SQLite in a temp folder, or a new PostgreSQL database) and a fresh
// server (r and q share one, see bench/situations.ts) in a child process (bench/server.ts, run with
// `node --import tsx`), so that the load generator and the SSE clients in this process do not compete with the
// server for its event loop. Load goes over real HTTP/1.1 on loopback with keep-alive.
//
// Dependencies (devDependencies only):
// - undici: its Pool gives keep-alive connections and open-loop requests at a much lower CPU cost per request
//   than node:http's client; on a 2-core machine every cycle the load generator spends is taken from the server.
//   Node bundles undici for fetch but does not expose Pool/Client.
// - tsx: runs the TypeScript of bench/ and src/ directly, so the bench needs no build step.
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import SQLite from 'better-sqlite3';
import { type AnnualResult, annualLines, annualTargetsMet, runAnnual } from './annual.js';
import { readOptions } from './args.js';
import { type BundleResult, measureBundle } from './bundle.js';
import { type RunningServer, startServer } from './child.js';
import type { CoreShare } from './cores.js';
import { type CorrelationResult, reportWithIndicators } from './correlation.js';
import { type CrashResult, measureCrashes } from './crash.js';
import { type ImportResult, measureImport, measureTaxii, type TaxiiResult } from './feeds.js';
import type { GovernmentShape } from './government.js';
import { measureGuard, measureListing, type QueryResult, type Readers } from './listing.js';
import { type ClosedLoopResult, closedLoop } from './load.js';
import { startMailbox } from './mailbox.js';
import { type NationalResult, nationalLines, runNational } from './national.js';
import { measureNodes, type NodesResult } from './nodes.js';
import { mailArrivals, measureNotifications, type NotificationResult } from './notifications.js';
import { clusterCpuMs, createDatabase, describeServer, postmasterOf, startCluster } from './postgres.js';
import { measurePropagation, type PropagationResult } from './propagation.js';
import { measurePublicSite, type PublicSiteResult } from './public-site.js';
import type { ServerRequest } from './server.js';
import { measureSharing, type SharingResult } from './sharing.js';
import { runSituationPhases } from './situations.js';
import type { DeclarationResult } from './situations-declare.js';
import { situationLines, situationSummary } from './situations-report.js';
import type { StormResult } from './situations-storm.js';
import { quantile, round } from './stats.js';

// Shares sent before phase s measures: the first requests of a fresh server compile its code paths.
const SHARING_WARMUPS = 5;
// Quick reports sent before phase n measures, for the same reason.
const NOTIFICATION_WARMUPS = 10;

const options = readOptions(process.argv.slice(2), process.env);

const TARGETS = {
  // With notifications active: SQLite, the embedded default, ≥ 0.40; PostgreSQL ≥ 0.35.
  throughputRatio: options.dialect === 'sqlite' ? 0.4 : 0.35,
  propagationP99Ms: 25,
  listP99Ms: 200,
  sharingP99Ms: 100,
  notificationP99Ms: 1000,
  firstPageJsGzipKb: 250,
  correlationP99Ms: 20,
  publicSiteP99Ms: 20,
  importPerSecond: 50_000,
  taxiiPageP99Ms: 100,
};
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
let adminUrl: string | undefined;
let postmaster: number | undefined;
let storage: Record<string, string>;
if (options.dialect === 'postgres') {
  adminUrl = options.databaseUrl;
  if (!adminUrl) {
    log('starting a throw-away PostgreSQL cluster');
    cluster = await startCluster(options.postgresConf);
    adminUrl = cluster.url;
  }
  storage = { postgres: JSON.stringify(await describeServer(adminUrl)) };
  // The throw-away cluster's own CPU can be counted (a server given by URL may serve others meanwhile).
  if (cluster) postmaster = await postmasterOf(adminUrl);
} else {
  const probe = new SQLite(':memory:');
  storage = {
    sqlite: String(probe.prepare('select sqlite_version()').pluck().get()),
    sqliteSettings: 'WAL, synchronous=FULL',
  };
  probe.close();
}

const shape: GovernmentShape = {
  ministries: options.ministries,
  agenciesPerMinistry: options.agenciesPerMinistry,
  reporters: options.concurrency,
  ministrySubscribers: options.ministrySubscribers,
  centerSubscribers: options.centerSubscribers,
};

/** Runs one phase against a fresh server on a fresh database. */
async function withServer<T>(
  kind: ServerRequest['kind'],
  phase: string,
  fn: (server: RunningServer) => Promise<T>,
  extra: Partial<ServerRequest> = {},
): Promise<T> {
  const database = adminUrl
    ? await createDatabase(adminUrl, `renraku_bench_${phase}_${process.pid}_${Date.now()}`)
    : undefined;
  const server = await startServer(
    {
      kind,
      dialect: options.dialect,
      databaseUrl: database?.url,
      shape,
      incidents: options.incidents,
      recipients: options.recipients,
      ...extra,
    },
    { cpuProfDir: options.cpuProfDir },
  );
  try {
    return await fn(server);
  } finally {
    await server.stop();
    await database?.drop();
  }
}

let baseline: ClosedLoopResult | undefined;
let renraku: ClosedLoopResult | undefined;
let propagation: PropagationResult | undefined;
let listing: { readers: Readers; queries: QueryResult[] } | undefined;
let sharing: SharingResult | undefined;
let notifications: NotificationResult | undefined;
let declaration: DeclarationResult | undefined;
let storm: StormResult | undefined;
let bundle: BundleResult | undefined;
let publicSite: PublicSiteResult | undefined;
let crashes: CrashResult | undefined;
let nodes: NodesResult | undefined;
let national: NationalResult | undefined;
let annual: AnnualResult | undefined;
let imports: ImportResult | undefined;
let taxii: TaxiiResult | undefined;
let correlation:
  | (CorrelationResult & { plain: ClosedLoopResult; withIndicators: ClosedLoopResult })
  | undefined;
try {
  if (options.phases.includes('a')) {
    log(
      `(a) baseline: ${options.concurrency} clients, ${options.warmupSeconds} s warm-up + ${options.seconds} s`,
    );
    baseline = await withServer('baseline', 'a', ({ origin }) =>
      closedLoop({
        origin,
        tokens: ['baseline'],
        clients: options.concurrency,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
      }),
    );
  }
  if (options.phases.includes('b')) {
    log(
      `(b) Renraku quick reports: ${options.concurrency} clients, ${options.warmupSeconds} s warm-up + ${options.seconds} s`,
    );
    renraku = await withServer('renraku', 'b', ({ origin, government, pid }) =>
      closedLoop({
        origin,
        tokens: (government?.reporters ?? []).map((r) => r.token),
        clients: options.concurrency,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
        serverPid: pid,
      }),
    );
  }
  if (options.phases.includes('c')) {
    log(
      `(c) propagation: ${options.rate} reports/s, ${options.warmupSeconds} s warm-up + ${options.seconds} s`,
    );
    propagation = await withServer('renraku', 'c', ({ origin, government }) => {
      if (!government) throw new Error('the Renraku server sent no credentials');
      return measurePropagation({
        origin,
        government,
        rate: options.rate,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
      });
    });
  }
  if (options.phases.includes('d')) {
    log(`(d) list and statistics: ${options.incidents} incidents, ${options.samples} requests per query`);
    listing = await withServer('listing', 'd', async ({ origin, readers }) => {
      if (!readers) throw new Error('the Renraku server sent no credentials');
      log(
        `(d) seeded in ${round(readers.seedSeconds)} s, reports indexed for sharing in ${round(readers.indexSeconds)} s`,
      );
      const queries = await measureListing({ origin, readers, samples: options.samples });
      // Each answer that goes out writes a share: fewer samples than the reads.
      const guard = await measureGuard({ origin, readers, samples: Math.min(options.samples, 50) });
      return { readers, queries: [...queries, ...guard] };
    });
  }
  if (options.phases.includes('s')) {
    log(
      `(s) sharing: ${options.recipients} recipient streams, ${SHARING_WARMUPS} warm-up + ${options.shares} shares`,
    );
    sharing = await withServer('sharing', 's', ({ origin, sharing: bodies }) => {
      if (!bodies) throw new Error('the Renraku server sent no credentials');
      return measureSharing({ origin, bodies, shares: options.shares, warmups: SHARING_WARMUPS });
    });
  }
  if (options.phases.includes('n')) {
    log(
      `(n) notification e-mail: ${NOTIFICATION_WARMUPS} warm-up + ${options.notices} quick reports, then one advisory to ${options.fanout} bodies`,
    );
    let arrivals: ReturnType<typeof mailArrivals> | undefined;
    const mailbox = await startMailbox((m) => arrivals?.accept(m));
    try {
      notifications = await withServer(
        'notifications',
        'n',
        ({ origin, notifications: bodies }) => {
          if (!bodies) throw new Error('the Renraku server sent no credentials');
          arrivals = mailArrivals(bodies.dutyEmail);
          return measureNotifications({
            origin,
            bodies,
            mailbox,
            arrivals,
            reports: options.notices,
            warmups: NOTIFICATION_WARMUPS,
          });
        },
        { fanout: options.fanout, smtpUrl: mailbox.url },
      );
    } finally {
      await mailbox.close();
    }
  }
  ({ declaration, storm } = await runSituationPhases(options, withServer, log));
  if (options.phases.includes('x')) {
    log(
      `(x) correlation: ${options.indicators} stored values, ${options.samples} reports of 100; then filing with ${options.reportIndicators} indicators each`,
    );
    correlation = await withServer(
      'correlation',
      'x',
      async (server) => {
        const { origin, correlation: c } = server;
        if (!c) throw new Error('the correlation server sent no result');
        const loop = (body?: (n: number) => string) =>
          closedLoop({
            origin,
            tokens: c.tokens,
            clients: options.concurrency,
            warmupSeconds: options.warmupSeconds,
            seconds: options.seconds,
            serverPid: server.pid,
            ...(body ? { body } : {}),
          });
        const plain = await loop();
        const withIndicators = await loop(reportWithIndicators(options.reportIndicators));
        return { ...c, plain, withIndicators };
      },
      { correlation: { indicators: options.indicators, samples: options.samples } },
    );
  }
  if (options.phases.includes('p')) {
    log(
      `(p) public site: ${options.publicNotices} notices, ${options.publicRate} requests/s for ${options.warmupSeconds} s warm-up + ${options.seconds} s, ${options.publicReportRate} reports/s meanwhile`,
    );
    publicSite = await withServer('public', 'p', ({ origin, government, pid }) => {
      if (!government) throw new Error('the Renraku server sent no credentials');
      return measurePublicSite({
        origin,
        government,
        notices: options.publicNotices,
        rate: options.publicRate,
        reportRate: options.publicReportRate,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
        serverPid: pid,
      });
    });
  }
  if (options.phases.includes('i')) {
    log(
      `(i) STIX import: bundles of ${options.bundleIndicators} indicators into incidents, then the former paths`,
    );
    imports = await withServer(
      'feeds',
      'i',
      ({ origin, feeds, pid }) => {
        if (!feeds) throw new Error('the feeds server sent no credentials');
        return measureImport({ origin, setup: feeds, indicators: options.bundleIndicators, pid });
      },
      { feeds: { taxiiObjects: 0 } },
    );
  }
  if (options.phases.includes('t')) {
    log(`(t) TAXII: ${options.taxiiObjects} objects, ${options.samples} pages of 1,000`);
    taxii = await withServer(
      'feeds',
      't',
      ({ origin, feeds, pid }) => {
        if (!feeds) throw new Error('the feeds server sent no credentials');
        log(`(t) seeded in ${round(feeds.seedSeconds)} s`);
        return measureTaxii({
          origin,
          setup: feeds,
          pages: options.samples,
          pid,
          ...(postmaster ? { databaseCpuMs: () => clusterCpuMs(postmaster as number) } : {}),
        });
      },
      { feeds: { taxiiObjects: options.taxiiObjects } },
    );
  }
  if (options.phases.includes('w')) {
    log('(w) building the web app to weigh it');
    bundle = await measureBundle();
  }
  if (options.phases.includes('m')) {
    log(`(m) quick reports, one node, then two behind nginx: ${options.concurrency} clients`);
    nodes = await measureNodes({
      adminUrl,
      clients: options.concurrency,
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
      rate: options.nodesRate,
    });
  }
  national = await runNational(options, withServer, log);
  annual = await runAnnual(options, withServer, log);
  if (options.phases.includes('k')) {
    log(`(k) crashes: reports at ${options.rate}/s, the server killed with SIGKILL ${options.kills} times`);
    crashes = await measureCrashes({
      dialect: options.dialect,
      adminUrl,
      kills: options.kills,
      rate: options.rate,
      log,
    });
  }
} finally {
  cluster?.stop();
}

const f = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '-' : round(n, digits).toFixed(digits);
const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
const closedRow = (name: string, r: ClosedLoopResult | undefined) =>
  row(
    [
      name,
      String(r?.completed ?? '-'),
      String(r?.errors ?? '-'),
      f(r?.perSecond),
      f(r && quantile(r.latenciesMs, 0.5), 2),
      f(r && quantile(r.latenciesMs, 0.99), 2),
    ],
    [46, 9, 6, 9, 8, 8],
  );

const throughputRatio = baseline && renraku ? renraku.perSecond / baseline.perSecond : Number.NaN;
const machine = {
  cpuModel: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  node: process.version,
  platform: `${process.platform} ${release()}`,
  memoryGb: round(totalmem() / 2 ** 30),
};

const out = process.stdout;
out.write(
  `\nRenraku bench — ${options.dialect} (${Object.values(storage).join('; ')}); server in a child process; HTTP/1.1 keep-alive over loopback (undici)\n`,
);
out.write(`${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}\n\n`);
out.write(`${row(['closed loop', 'answers', 'errors', 'per s', 'p50 ms', 'p99 ms'], [46, 9, 6, 9, 8, 8])}\n`);
out.write(`${closedRow(`(a) baseline: Fastify + 1 insert, ${options.concurrency} clients`, baseline)}\n`);
out.write(`${closedRow(`(b) Renraku quick report, ${options.concurrency} clients`, renraku)}\n`);
for (const [name, r] of [
  ['a', baseline],
  ['b', renraku],
] as const)
  if (r) {
    out.write(`    (${name}) answers per second: ${r.timeline.join(' ')}\n`);
    // The server process's own CPU time (all its threads, from /proc): unlike throughput, it hardly moves
    // with what else the machine runs, so it is what to compare between two versions on a shared machine.
    if (r.serverCpuMsPerAnswer !== undefined)
      out.write(`    (${name}) server CPU per answer: ${f(r.serverCpuMsPerAnswer, 3)} ms\n`);
  }
out.write(`    throughput ratio b/a: ${f(throughputRatio, 3)} (target ≥ ${TARGETS.throughputRatio})\n\n`);
if (propagation) {
  const p = propagation;
  out.write(
    `(c) propagation at ${options.rate} reports/s open loop, ${options.seconds} s, ${options.ministrySubscribers} ministry + ${options.centerSubscribers} center subscribers\n`,
  );
  out.write(
    `    reports ${p.reports} (errors ${p.errors}); POST answer p50 ${f(p.postP50Ms, 2)} ms, p99 ${f(p.postP99Ms, 2)} ms\n`,
  );
  out.write(
    `    deliveries ${p.deliveries}, missing ${p.missing}, leaked to other ministries ${p.leaks}, repeated ${p.repeated}, arrived before the answer ${p.beforeAnswer}\n`,
  );
  out.write(
    `    answer → event: p50 ${f(p.p50Ms, 2)} ms, p99 ${f(p.p99Ms, 2)} ms (ministry ${f(p.ministryP99Ms, 2)}, center ${f(p.centerP99Ms, 2)}), max ${f(p.maxMs, 2)} ms (target p99 ≤ ${TARGETS.propagationP99Ms})\n`,
  );
  out.write(`    send → event p99 ${f(p.fromSendP99Ms, 2)} ms\n`);
}
if (listing) {
  out.write(
    `(d) reading ${listing.readers.incidents} incidents (demo government, one year), one request at a time\n`,
  );
  out.write(`    ${row(['query', 'total', 'errors', 'p50 ms', 'p99 ms'], [40, 9, 6, 8, 8])}\n`);
  for (const q of listing.queries)
    out.write(
      `    ${row([q.name, String(q.total ?? '-'), String(q.errors), f(q.p50Ms, 2), f(q.p99Ms, 2)], [40, 9, 6, 8, 8])}\n`,
    );
}
if (sharing) {
  const s = sharing;
  out.write(
    `(s) sharing: ${s.shares} shares one at a time, each TLP:GREEN to ${s.recipients} bodies with a live stream each; from the approval being sent\n`,
  );
  out.write(
    `    deliveries ${s.deliveries}, missing ${s.missing}, leaked or repeated ${s.leaks}, errors ${s.errors}, arrived before the approval's answer ${s.beforeAnswer}\n`,
  );
  out.write(`    ${row(['approval sent →', 'p50 ms', 'p99 ms'], [40, 8, 8])}\n`);
  for (const [name, p50, p99] of [
    ['each delivery', s.p50Ms, s.p99Ms],
    [`first of ${s.recipients} streams, per share`, s.firstP50Ms, s.firstP99Ms],
    [`last of ${s.recipients} streams, per share`, s.lastP50Ms, s.lastP99Ms],
    ["the approval's answer", s.answerP50Ms, s.answerP99Ms],
  ] as const)
    out.write(`    ${row([name, f(p50, 2), f(p99, 2)], [40, 8, 8])}\n`);
  out.write(`    max ${f(s.maxMs, 2)} ms (target p99 of each delivery < ${TARGETS.sharingP99Ms})\n`);
}
if (notifications) {
  const n = notifications;
  const fo = n.fanout;
  out.write(
    `(n) notification e-mail to a real SMTP server on loopback: ${n.reports} quick reports one at a time, each to the ministry's duty officer\n`,
  );
  out.write(
    `    e-mails missing ${n.missing}, errors ${n.errors}, accepted before the report's answer ${n.beforeAnswer}; POST answer p50 ${f(n.answerP50Ms, 2)} ms, p99 ${f(n.answerP99Ms, 2)} ms\n`,
  );
  out.write(
    `    answer → e-mail accepted: p50 ${f(n.p50Ms, 2)} ms, p99 ${f(n.p99Ms, 2)} ms, max ${f(n.maxMs, 2)} ms (target p99 < ${TARGETS.notificationP99Ms})\n`,
  );
  out.write(
    `    one advisory to ${fo.recipients} bodies' duty officers: answered in ${f(fo.answerMs)} ms; accepted ${fo.accepted}, wrong or repeated ${fo.wrong}\n`,
  );
  out.write(
    `    answer → first e-mail ${f(fo.firstMs)} ms, → all ${f(fo.allMs)} ms; ${f(fo.perSecond)} e-mails accepted per second\n`,
  );
}
out.write(situationLines(declaration, storm));
if (nodes) {
  out.write(`${closedRow(`(m) one node, ${nodes.clients} clients`, nodes.one)}\n`);
  out.write(`${closedRow(`(m) two nodes behind nginx, ${nodes.clients} clients`, nodes.two)}\n`);
  out.write(
    `    two / one: ${f(nodes.two.perSecond / nodes.one.perSecond, 2)} (target ≥ 1.3; ${machine.cores} cores shared by both nodes, nginx, PostgreSQL and the clients)\n`,
  );
  const cores = (shares: CoreShare[]) => shares.map((c) => `${c.name} ${f(c.cores, 2)}`).join(', ');
  out.write(`    cores each process got: one node — ${cores(nodes.oneCores)}\n`);
  out.write(`                            two nodes — ${cores(nodes.twoCores)}\n`);
  const x = nodes.across;
  out.write(
    `(m) live stream across nodes at ${f(x.rate)} reports/s: ${x.reports} reports, ${x.errors} errors, ${x.missing} missing, ${x.leaks} leaked, ${x.repeated} repeated; POST p50 / p99 ${f(x.postP50Ms, 1)} / ${f(x.postP99Ms, 1)} ms\n`,
  );
  for (const [name, l] of [
    ['same node', x.sameNode],
    ['other node', x.otherNode],
  ] as const)
    out.write(
      `    ${name}: answer → frame p50 / p99 / max ${f(l.p50Ms, 2)} / ${f(l.p99Ms, 2)} / ${f(l.maxMs, 2)} ms${name === 'other node' ? ' (target p99 ≤ 25)' : ''}, ${l.deliveries} frames, ${l.beforeAnswer} before the answer; due → frame p99 ${f(l.fromSendP99Ms, 1)} ms\n`,
    );
  if (x.firstError) out.write(`    first error: ${x.firstError}\n`);
}
if (national) for (const line of nationalLines(national, f)) out.write(`${line}\n`);
if (annual) for (const line of annualLines(annual, f)) out.write(`${line}\n`);
if (crashes) {
  const k = crashes;
  out.write(
    `(k) crashes at ${k.rate} reports/s: ${k.kills} kills, ${k.sent} sent, ${k.acknowledged} acknowledged, ${k.found} found, ${k.retried} retried, ${k.duplicates} duplicates; ${k.problems.length} problems (${k.seconds} s)\n`,
  );
  for (const p of k.problems.slice(0, 20)) out.write(`    ${p}\n`);
  if (k.problems.length > 0) process.exitCode = 1;
}
if (correlation) {
  const c = correlation;
  out.write(
    `(x) correlation: ${c.indicators} values stored over ${c.incidents} incidents (seeded in ${f(c.seedSeconds)} s)\n`,
  );
  out.write(
    `    a 100-value report (equality + containment), ${c.samples} reports: p50 ${f(c.p50Ms, 2)} ms, p99 ${f(c.p99Ms, 2)} ms, max ${f(c.maxMs, 2)} ms (target p99 ≤ ${TARGETS.correlationP99Ms}); ${f(c.matchesPerReport)} matches per report; CPU of the server process p50 ${f(c.cpuP50Ms, 2)} ms, p99 ${f(c.cpuP99Ms, 2)} ms\n`,
  );
  out.write(`${closedRow(`    quick report, no indicators`, c.plain)}\n`);
  out.write(
    `${closedRow(`    quick report, ${options.reportIndicators} indicators each`, c.withIndicators)}\n`,
  );
  out.write(
    `    throughput with indicators / without: ${f(c.withIndicators.perSecond / c.plain.perSecond, 3)} (target ≥ 0.9)\n`,
  );
  const cpuPlain = c.plain.serverCpuMsPerAnswer;
  const cpuWith = c.withIndicators.serverCpuMsPerAnswer;
  if (cpuPlain !== undefined && cpuWith !== undefined)
    out.write(
      `    server CPU per report: ${f(cpuPlain, 2)} ms without, ${f(cpuWith, 2)} ms with; ratio ${f(cpuPlain / cpuWith, 3)} (the throughput ratio of a CPU-bound server, less disturbed by the machine's load)\n`,
    );
  if (c.withIndicators.firstError)
    out.write(`    first error with indicators: ${c.withIndicators.firstError}\n`);
}
if (publicSite) {
  const p = publicSite;
  out.write(
    `(p) public site: ${p.notices} published notices; a notice page (${f(p.bytesPerPage / 1024)} kB) and the Atom feed in turn at ${options.publicRate}/s for ${options.seconds} s while ${p.reportsFiled} quick reports were filed (${p.reportErrors} refused)\n`,
  );
  out.write(
    `    ${p.requests} answers (${f(p.perSecond)}/s), ${p.errors} errors: p50 ${f(p.p50Ms, 2)} ms, p99 ${f(p.p99Ms, 2)} ms (page ${f(p.pageP99Ms, 2)}, feed ${f(p.feedP99Ms, 2)}), max ${f(p.maxMs, 2)} ms (target p99 ≤ ${TARGETS.publicSiteP99Ms}); generator behind by up to ${f(p.behindMs)} ms\n`,
  );
  if (p.serverCpuMsPerAnswer !== undefined)
    out.write(
      `    server CPU per answer: ${f(p.serverCpuMsPerAnswer, 2)} ms (the filing meanwhile included): ${f(1000 / p.serverCpuMsPerAnswer)} answers per CPU-second\n`,
    );
  if (p.firstError) out.write(`    first public-site error: ${p.firstError}\n`);
}
if (imports) {
  const i = imports;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  for (const [n, b] of i.bulk.entries())
    out.write(
      `(i) bulk STIX import into an incident, run ${n + 1}: ${b.indicators} indicators (${f(b.bytes / 1_048_576, 1)} MiB) in ${f(b.ms, 0)} ms: ${f(b.perSecond, 0)} indicators/s (target ≥ ${TARGETS.importPerSecond}), server CPU ${f(b.cpuMsPerThousand, 2)} ms per 1,000\n`,
    );
  if (i.bulk.length > 0)
    out.write(
      `    mean of ${i.bulk.length} runs: ${f(mean(i.bulk.map((b) => b.perSecond)), 0)} indicators/s, server CPU ${f(mean(i.bulk.map((b) => b.cpuMsPerThousand ?? 0)), 2)} ms per 1,000${i.repeat ? `; the last bundle again (nothing new, ${i.repeat.added} added): ${f(i.repeat.ms, 0)} ms, CPU ${f(i.repeat.cpuMsPerThousand, 2)} ms per 1,000` : ''}\n`,
    );
  out.write(
    `(i) STIX import over HTTP, one client: ${i.indicators} indicators read into candidates in bundles of ${i.bundleSize}: ${f(i.readPerSecond, 0)} indicators/s (target ≥ ${TARGETS.importPerSecond}), ${f(i.readP50Ms)} ms per bundle (max ${f(i.readMaxMs)}), server CPU ${f(i.readCpuMsPerThousand, 2)} ms per 1,000\n`,
  );
  out.write(
    `    read and stored as quick reports of 500 (stored, correlated): ${i.stored} indicators, ${f(i.storedPerSecond, 0)} indicators/s, server CPU ${f(i.storedCpuMsPerThousand, 2)} ms per 1,000; errors ${i.errors}\n`,
  );
  if (i.firstError) out.write(`    first import error: ${i.firstError}\n`);
}
if (taxii) {
  const t = taxii;
  out.write(
    `(t) TAXII "indicators received", ${t.objects} objects: ${t.pages} pages of limit=1000 (${t.walks} whole walks by next): p50 ${f(t.p50Ms, 2)} ms, p99 ${f(t.p99Ms, 2)} ms, max ${f(t.maxMs, 2)} ms (target p99 ≤ ${TARGETS.taxiiPageP99Ms}); server CPU ${f(t.cpuMsPerPage, 2)} ms per page${t.databaseCpuMsPerPage === undefined ? '' : `, PostgreSQL's ${f(t.databaseCpuMsPerPage, 2)} ms (the cluster's processes)`}; missing or repeated ${t.wrong}, errors ${t.errors}\n`,
  );
  if (t.firstError) out.write(`    first TAXII error: ${t.firstError}\n`);
}
if (bundle) {
  out.write(
    `(w) web app, gzipped: first page JavaScript ${f(bundle.firstPageJsGzipKb)} kB (target < ${TARGETS.firstPageJsGzipKb}), CSS ${f(bundle.firstPageCssGzipKb)} kB\n`,
  );
  out.write(
    `    loaded on first use: ${bundle.lazyChunks
      .filter((c) => c.gzipKb >= 1)
      .map((c) => `${c.name} ${f(c.gzipKb)} kB`)
      .join(', ')}\n`,
  );
}
for (const [name, r] of [
  ['baseline', baseline],
  ['renraku', renraku],
  ['propagation', propagation],
  ['sharing', sharing],
  ['notifications', notifications],
] as const)
  if (r?.firstError) out.write(`    first ${name} error: ${r.firstError}\n`);
out.write('\n');

const { targetsMet: situationTargets, ...situationFigures } = situationSummary(declaration, storm);
const result = {
  dialect: options.dialect,
  server: 'child process',
  throughputRatio: round(throughputRatio, 3),
  reportsPerSecond: renraku ? round(renraku.perSecond) : null,
  baselinePerSecond: baseline ? round(baseline.perSecond) : null,
  propagationP50Ms: propagation ? round(propagation.p50Ms, 2) : null,
  propagationP99Ms: propagation ? round(propagation.p99Ms, 2) : null,
  reportP99Ms: renraku ? round(quantile(renraku.latenciesMs, 0.99), 2) : null,
  baselineP99Ms: baseline ? round(quantile(baseline.latenciesMs, 0.99), 2) : null,
  propagationDeliveries: propagation?.deliveries ?? null,
  propagationMissing: propagation?.missing ?? null,
  propagationLeaks: propagation?.leaks ?? null,
  propagationRepeated: propagation?.repeated ?? null,
  listing: listing
    ? {
        incidents: listing.readers.incidents,
        queries: listing.queries.map((q) => ({
          name: q.name,
          p50Ms: round(q.p50Ms, 2),
          p99Ms: round(q.p99Ms, 2),
          total: q.total,
        })),
      }
    : null,
  sharing: sharing
    ? {
        recipients: sharing.recipients,
        shares: sharing.shares,
        deliveries: sharing.deliveries,
        missing: sharing.missing,
        leaks: sharing.leaks,
        p50Ms: round(sharing.p50Ms, 2),
        p99Ms: round(sharing.p99Ms, 2),
        lastP50Ms: round(sharing.lastP50Ms, 2),
        lastP99Ms: round(sharing.lastP99Ms, 2),
      }
    : null,
  notifications: notifications
    ? {
        reports: notifications.reports,
        missing: notifications.missing,
        p50Ms: round(notifications.p50Ms, 2),
        p99Ms: round(notifications.p99Ms, 2),
        fanoutRecipients: notifications.fanout.recipients,
        fanoutAccepted: notifications.fanout.accepted,
        fanoutWrong: notifications.fanout.wrong,
        fanoutAnswerMs: round(notifications.fanout.answerMs),
        fanoutAllMs: round(notifications.fanout.allMs),
        fanoutPerSecond: round(notifications.fanout.perSecond),
      }
    : null,
  web: bundle ?? null,
  crashes: crashes ?? null,
  national: national ?? null,
  annual: annual ?? null,
  nodes: nodes
    ? {
        onePerSecond: round(nodes.one.perSecond),
        twoPerSecond: round(nodes.two.perSecond),
        ratio: round(nodes.two.perSecond / nodes.one.perSecond, 2),
        errors: nodes.one.errors + nodes.two.errors,
        oneCores: nodes.oneCores.map((c) => ({ name: c.name, cores: round(c.cores, 2) })),
        twoCores: nodes.twoCores.map((c) => ({ name: c.name, cores: round(c.cores, 2) })),
        across: {
          ...nodes.across,
          sameNode: { ...nodes.across.sameNode, p99Ms: round(nodes.across.sameNode.p99Ms, 2) },
          otherNode: { ...nodes.across.otherNode, p99Ms: round(nodes.across.otherNode.p99Ms, 2) },
        },
      }
    : null,
  correlation: correlation
    ? {
        indicators: correlation.indicators,
        samples: correlation.samples,
        p50Ms: round(correlation.p50Ms, 2),
        p99Ms: round(correlation.p99Ms, 2),
        matchesPerReport: round(correlation.matchesPerReport),
        filingRatio: round(correlation.withIndicators.perSecond / correlation.plain.perSecond, 3),
        filingCpuMsPerReport: {
          plain: round(correlation.plain.serverCpuMsPerAnswer ?? Number.NaN, 2),
          withIndicators: round(correlation.withIndicators.serverCpuMsPerAnswer ?? Number.NaN, 2),
        },
        reportIndicators: options.reportIndicators,
      }
    : null,
  publicSite: publicSite
    ? {
        notices: publicSite.notices,
        requests: publicSite.requests,
        perSecond: round(publicSite.perSecond),
        p50Ms: round(publicSite.p50Ms, 2),
        p99Ms: round(publicSite.p99Ms, 2),
        pageP99Ms: round(publicSite.pageP99Ms, 2),
        feedP99Ms: round(publicSite.feedP99Ms, 2),
        reportsFiled: publicSite.reportsFiled,
        serverCpuMsPerAnswer: round(publicSite.serverCpuMsPerAnswer ?? Number.NaN, 3),
      }
    : null,
  imports: imports
    ? {
        indicators: imports.indicators,
        readPerSecond: round(imports.readPerSecond),
        stored: imports.stored,
        storedPerSecond: round(imports.storedPerSecond),
        readCpuMsPerThousand: round(imports.readCpuMsPerThousand ?? Number.NaN, 2),
        storedCpuMsPerThousand: round(imports.storedCpuMsPerThousand ?? Number.NaN, 2),
      }
    : null,
  taxii: taxii
    ? {
        objects: taxii.objects,
        pages: taxii.pages,
        p50Ms: round(taxii.p50Ms, 2),
        p99Ms: round(taxii.p99Ms, 2),
        cpuMsPerPage: round(taxii.cpuMsPerPage ?? Number.NaN, 2),
        databaseCpuMsPerPage: round(taxii.databaseCpuMsPerPage ?? Number.NaN, 2),
        wrong: taxii.wrong,
      }
    : null,
  ...situationFigures,
  errors:
    (imports?.errors ?? 0) +
    (taxii?.errors ?? 0) +
    (baseline?.errors ?? 0) +
    (renraku?.errors ?? 0) +
    (propagation?.errors ?? 0) +
    (sharing?.errors ?? 0) +
    (notifications?.errors ?? 0) +
    (declaration?.errors ?? 0) +
    (storm?.errors ?? 0) +
    (correlation ? correlation.plain.errors + correlation.withIndicators.errors : 0) +
    (publicSite?.errors ?? 0) +
    (annual?.errors ?? 0) +
    (listing?.queries.reduce((n, q) => n + q.errors, 0) ?? 0),
  targetsMet: {
    throughputRatio: Number.isNaN(throughputRatio) ? null : throughputRatio >= TARGETS.throughputRatio,
    propagationP99Ms: propagation ? propagation.p99Ms <= TARGETS.propagationP99Ms : null,
    listP99Ms: listing
      ? listing.queries.filter((q) => q.target).every((q) => q.p99Ms <= TARGETS.listP99Ms)
      : null,
    sharingP99Ms: sharing ? sharing.p99Ms < TARGETS.sharingP99Ms : null,
    notificationP99Ms: notifications
      ? notifications.missing === 0 && notifications.p99Ms < TARGETS.notificationP99Ms
      : null,
    firstPageJsGzipKb: bundle ? bundle.firstPageJsGzipKb < TARGETS.firstPageJsGzipKb : null,
    correlationP99Ms: correlation ? correlation.p99Ms <= TARGETS.correlationP99Ms : null,
    filingWithIndicators: correlation
      ? correlation.withIndicators.perSecond / correlation.plain.perSecond >= 0.9
      : null,
    publicSiteP99Ms: publicSite
      ? publicSite.errors === 0 && publicSite.p99Ms <= TARGETS.publicSiteP99Ms
      : null,
    importPerSecond: imports ? imports.readPerSecond >= TARGETS.importPerSecond : null,
    taxiiPageP99Ms: taxii ? taxii.wrong === 0 && taxii.p99Ms <= TARGETS.taxiiPageP99Ms : null,
    ...situationTargets,
    ...(annual ? annualTargetsMet(annual) : {}),
  },
  settings: {
    seconds: options.seconds,
    warmupSeconds: options.warmupSeconds,
    concurrency: options.concurrency,
    rate: options.rate,
    ministries: options.ministries,
    agenciesPerMinistry: options.agenciesPerMinistry,
    ministrySubscribers: options.ministrySubscribers,
    centerSubscribers: options.centerSubscribers,
    recipients: options.recipients,
    shares: options.shares,
    notices: options.notices,
    fanout: options.fanout,
    situationBodies: options.situationBodies,
    situationMinistries: options.situationMinistries,
    centerBoards: options.centerBoards,
    stormSeconds: options.stormSeconds,
    publicRate: options.publicRate,
    publicReportRate: options.publicReportRate,
  },
  storage,
  machine,
};
out.write(`${JSON.stringify(result)}\n`);
