import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AnnualSetup } from './annual-setup.js';
import type { CorrelationResult } from './correlation.js';
import type { FeedsSetup } from './feeds.js';
import type { Government } from './government.js';
import type { Readers } from './listing.js';
import type { NationalBodies } from './national-bodies.js';
import type { NotificationBodies } from './notifications-bodies.js';
import type { ServerMessage, ServerRequest } from './server.js';
import type { SharingBodies } from './sharing-bodies.js';
import type { SituationBodies } from './situations-bodies.js';

export interface RunningServer {
  origin: string;
  government: Government | undefined;
  readers: Readers | undefined;
  sharing: SharingBodies | undefined;
  notifications: NotificationBodies | undefined;
  situations: SituationBodies | undefined;
  national: NationalBodies | undefined;
  correlation: CorrelationResult | undefined;
  feeds: FeedsSetup | undefined;
  annual: AnnualSetup | undefined;
  pid: number;
  stop(): Promise<void>;
}

const serverScript = fileURLToPath(new URL('./server.ts', import.meta.url));

/** Starts bench/server.ts in its own Node process and waits until it listens. */
export function startServer(
  request: ServerRequest,
  options: { cpuProfDir?: string | undefined },
): Promise<RunningServer> {
  const execArgv = ['--import', 'tsx'];
  if (options.cpuProfDir)
    execArgv.push(
      '--cpu-prof',
      `--cpu-prof-dir=${options.cpuProfDir}`,
      `--cpu-prof-name=${request.kind}-${request.dialect}-${Date.now()}.cpuprofile`,
    );
  const child: ChildProcess = fork(serverScript, [], {
    execArgv,
    env: { ...process.env, BENCH_SERVER: JSON.stringify(request) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the ${request.kind} server exited (${code}) before it was ready`)),
    );
    child.once('message', (raw) => {
      const message = raw as ServerMessage;
      if (message.type === 'failed') {
        reject(new Error(`the ${request.kind} server failed:\n${message.error}`));
        return;
      }
      resolve({
        origin: `http://127.0.0.1:${message.port}`,
        government: message.government,
        readers: message.readers,
        sharing: message.sharing,
        notifications: message.notifications,
        situations: message.situations,
        national: message.national,
        correlation: message.correlation,
        feeds: message.feeds,
        annual: message.annual,
        pid: child.pid ?? -1,
        async stop() {
          if (child.exitCode !== null) return;
          child.send('stop');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}
