// Phases r and q of `npm run bench` (issue 13, large-scale situations): each on a fresh server and database
// (main.ts's withServer) with the SMTP server of bench/mailbox.ts in this process.
import type { BenchOptions } from './args.js';
import type { RunningServer } from './child.js';
import { startMailbox } from './mailbox.js';
import type { ServerRequest } from './server.js';
import type { SituationBodies } from './situations-bodies.js';
import { type DeclarationResult, measureDeclaration } from './situations-declare.js';
import { measureStorm, type StormResult } from './situations-storm.js';

/** main.ts's runner of one phase on a fresh server. */
export type WithServer = <T>(
  kind: ServerRequest['kind'],
  phase: string,
  fn: (server: RunningServer) => Promise<T>,
  extra?: Partial<ServerRequest>,
) => Promise<T>;

/** Runs phase r (the declaration) and phase q (the roll-call storm), those of them asked for. */
export async function runSituationPhases(
  options: BenchOptions,
  withServer: WithServer,
  log: (line: string) => void,
): Promise<{ declaration?: DeclarationResult; storm?: StormResult }> {
  const results: { declaration?: DeclarationResult; storm?: StormResult } = {};
  const situations = {
    bodies: options.situationBodies,
    ministries: options.situationMinistries,
    centerBoards: options.centerBoards,
  };
  for (const phase of ['r', 'q'] as const) {
    if (!options.phases.includes(phase)) continue;
    log(
      phase === 'r'
        ? `(r) a situation declared to ${situations.bodies} bodies, every duty officer's live stream open`
        : `(q) roll-call storm: ${situations.bodies} bodies within ${options.stormSeconds} s, ${situations.centerBoards} center and ${situations.ministries} ministry boards`,
    );
    const mailbox = await startMailbox();
    try {
      const run = <T>(measure: (origin: string, bodies: SituationBodies) => Promise<T>) =>
        withServer(
          'situations',
          phase,
          ({ origin, situations: bodies }) => {
            if (!bodies) throw new Error('the Renraku server sent no credentials');
            return measure(origin, bodies);
          },
          { smtpUrl: mailbox.url, situations },
        );
      if (phase === 'r')
        results.declaration = await run((origin, bodies) => measureDeclaration({ origin, bodies, mailbox }));
      else
        results.storm = await run((origin, bodies) =>
          measureStorm({
            origin,
            bodies,
            mailbox,
            ministries: situations.ministries,
            seconds: options.stormSeconds,
          }),
        );
    } finally {
      await mailbox.close();
    }
  }
  return results;
}
