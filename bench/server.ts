// The server side of the bench, run as a child process (`node --import tsx bench/server.ts`) so that the load
// generator and the SSE clients do not compete with the server for its event loop. It is told what to serve in
// BENCH_SERVER (JSON), answers over the IPC channel with its port (and the credentials it created), and stops
// when told to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { type AnnualSetup, prepareAnnual } from './annual-setup.js';
import type { BenchDialect } from './args.js';
import { buildBaseline } from './baseline.js';
import { type CorrelationResult, prepareCorrelation } from './correlation.js';
import { type FeedsSetup, prepareFeeds } from './feeds.js';
import { buildGovernment, type Government, type GovernmentShape } from './government.js';
import { prepareReaders, type Readers } from './listing.js';
import { buildNationalBodies, type NationalBodies, type NationalShape } from './national-bodies.js';
import { buildNotificationBodies, type NotificationBodies } from './notifications-bodies.js';
import { buildSharingBodies, type SharingBodies } from './sharing-bodies.js';
import { buildSituationBodies, type SituationBodies, type SituationShape } from './situations-bodies.js';

export interface ServerRequest {
  /** listing: the demo government with `incidents` incidents (phase d); sharing: phase s's bodies;
   * notifications: phase n's bodies and contacts, e-mail to `smtpUrl`; situations: phases r and q's
   * government (`situations`), e-mail to `smtpUrl`. */
  kind:
    | 'baseline'
    | 'renraku'
    | 'public'
    | 'listing'
    | 'sharing'
    | 'notifications'
    | 'situations'
    | 'national'
    | 'annual'
    | 'correlation'
    | 'feeds';
  dialect: BenchDialect;
  databaseUrl?: string | undefined;
  shape: GovernmentShape;
  incidents?: number;
  /** Recipient bodies of phase s. */
  recipients?: number;
  /** Bodies of phase n's advisory, each with a duty officer. */
  fanout?: number;
  /** Phase n's, r's and q's SMTP server. */
  smtpUrl?: string;
  /** The government of phases r and q. */
  situations?: SituationShape;
  /** Phase x: values in correlation's index, and reports timed against them. */
  correlation?: { indicators: number; samples: number };
  /** Phase g: the national government. */
  national?: NationalShape;
  /** Phases i and t: indicators of incidents delivered to the center (t's TAXII collection). */
  feeds?: { taxiiObjects: number };
  /** Phase y: incidents of the annual report's fiscal year. */
  annualIncidents?: number;
}

export type ServerMessage =
  | {
      type: 'ready';
      port: number;
      government?: Government | undefined;
      readers?: Readers | undefined;
      sharing?: SharingBodies | undefined;
      notifications?: NotificationBodies | undefined;
      situations?: SituationBodies | undefined;
      national?: NationalBodies | undefined;
      correlation?: CorrelationResult | undefined;
      feeds?: FeedsSetup | undefined;
      annual?: AnnualSetup | undefined;
      dataDir: string;
    }
  | { type: 'failed'; error: string };

async function start(request: ServerRequest): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'renraku-bench-'));
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  if (request.kind === 'baseline') {
    const baseline = await buildBaseline(request.dialect, { dataDir, databaseUrl: request.databaseUrl });
    await baseline.app.listen({ host: '127.0.0.1', port: 0 });
    send(baseline.app, dataDir);
    return {
      app: baseline.app,
      async close() {
        await baseline.close();
        removeData();
      },
    };
  }
  // As `renraku serve` runs it, with request logging off (the baseline does not log either).
  const config = loadConfig(
    {},
    {
      dataDir,
      databaseUrl: request.dialect === 'postgres' ? request.databaseUrl : undefined,
      logLevel: 'warn',
      host: '127.0.0.1',
      port: 0,
      ...(request.smtpUrl ? { smtpUrl: request.smtpUrl } : {}),
    },
  );
  let government: Government | undefined;
  let readers: Readers | undefined;
  let sharing: SharingBodies | undefined;
  let notifications: NotificationBodies | undefined;
  let situations: SituationBodies | undefined;
  let correlation: CorrelationResult | undefined;
  let feeds: FeedsSetup | undefined;
  let national: NationalBodies | undefined;
  let annual: AnnualSetup | undefined;
  const server = await startServer(config, {
    prepare: async (services) => {
      if (request.kind === 'listing') readers = await prepareReaders(services, request.incidents ?? 100_000);
      else if (request.kind === 'sharing')
        sharing = await buildSharingBodies(services, request.recipients ?? 100);
      else if (request.kind === 'notifications')
        notifications = await buildNotificationBodies(services, request.fanout ?? 1000);
      else if (request.kind === 'correlation' && request.correlation)
        correlation = await prepareCorrelation(services, request.correlation);
      else if (request.kind === 'feeds')
        feeds = await prepareFeeds(services, request.feeds?.taxiiObjects ?? 0);
      else if (request.kind === 'annual')
        annual = await prepareAnnual(services, request.annualIncidents ?? 1_000_000);
      else if (request.kind === 'national' && request.national)
        national = await buildNationalBodies(services, request.national);
      else if (request.kind === 'situations' && request.situations)
        situations = await buildSituationBodies(services, request.situations);
      else
        government = await buildGovernment(services, request.shape, {
          publicOfficer: request.kind === 'public',
        });
    },
  });
  send(server.app, dataDir, {
    government,
    readers,
    sharing,
    notifications,
    situations,
    national,
    correlation,
    feeds,
    annual,
  });
  return {
    app: server.app,
    async close() {
      await server.close();
      removeData();
    },
  };
}

function send(
  app: FastifyInstance,
  dataDir: string,
  made: {
    government?: Government;
    readers?: Readers;
    sharing?: SharingBodies;
    notifications?: NotificationBodies;
    situations?: SituationBodies;
    national?: NationalBodies | undefined;
    correlation?: CorrelationResult;
    feeds?: FeedsSetup | undefined;
    annual?: AnnualSetup | undefined;
  } = {},
) {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  const message: ServerMessage = { type: 'ready', port: address.port, dataDir, ...made };
  process.send?.(message);
}

const request = JSON.parse(process.env.BENCH_SERVER ?? 'null') as ServerRequest | null;
if (!request || !process.send) throw new Error('bench/server.ts is started by bench/main.ts');
try {
  const server = await start(request);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    // SSE connections stay open until the clients go; do not wait for them.
    server.app.server.closeAllConnections();
    void server.close().finally(() => process.disconnect());
  });
} catch (e) {
  const message: ServerMessage = {
    type: 'failed',
    error: e instanceof Error ? (e.stack ?? e.message) : String(e),
  };
  process.send(message);
  process.exitCode = 1;
  process.disconnect();
}
