// Phases r and q of `npm run bench` (issue 13, large-scale situations), with the SMTP server of
// bench/mailbox.ts in this process. Unlike the other phases they share one fresh server and database: q's
// roll-call answers the situation r declared, to the same thousand bodies, so that the government is built once
// (it is most of the set-up time). Run alone, q declares its own situation.
import type { BenchOptions } from './args.js';
import type { RunningServer } from './child.js';
import { startMailbox } from './mailbox.js';
import type { ServerRequest } from './server.js';
import { type DeclarationResult, measureDeclaration } from './situations-declare.js';
import { measureStorm, type StormResult } from './situations-storm.js';

/** main.ts's runner of one phase on a fresh server. */
export type WithServer = <T>(
  kind: ServerRequest['kind'],
  phase: string,
  fn: (server: RunningServer) => Promise<T>,
  extra?: Partial<ServerRequest>,
) => Promise<T>;

type SituationResults = { declaration?: DeclarationResult; storm?: StormResult };

/** Runs phase r (the declaration) and phase q (the roll-call storm), those of them asked for. */
export async function runSituationPhases(
  options: BenchOptions,
  withServer: WithServer,
  log: (line: string) => void,
): Promise<SituationResults> {
  const declare = options.phases.includes('r');
  const storm = options.phases.includes('q');
  if (!declare && !storm) return {};
  const situations = {
    bodies: options.situationBodies,
    ministries: options.situationMinistries,
    centerBoards: options.centerBoards,
  };
  const mailbox = await startMailbox();
  try {
    return await withServer(
      'situations',
      `${declare ? 'r' : ''}${storm ? 'q' : ''}`,
      async ({ origin, situations: bodies }) => {
        if (!bodies) throw new Error('the Renraku server sent no credentials');
        const results: SituationResults = {};
        if (declare) {
          log(
            `(r) a situation declared to ${situations.bodies} bodies, every duty officer's live stream open`,
          );
          results.declaration = await measureDeclaration({ origin, bodies, mailbox });
        }
        if (storm) {
          log(
            `(q) roll-call storm: ${situations.bodies} bodies within ${options.stormSeconds} s, ${situations.centerBoards} center and ${situations.ministries} ministry boards`,
          );
          results.storm = await measureStorm({
            origin,
            bodies,
            mailbox,
            ministries: situations.ministries,
            seconds: options.stormSeconds,
            situationId: results.declaration?.situationId,
          });
        }
        return results;
      },
      { smtpUrl: mailbox.url, situations },
    );
  } finally {
    await mailbox.close();
  }
}
