import type { Executor } from '../../platform/db/database.js';
import type { ReportFacts } from './report.figures.js';
import { liveFacts } from './report.js';
import { reportRepository } from './report.repository.js';

/** One body in scope of one situation of an ended exercise, with its timings (seconds, pauses left out). */
export interface Participation {
  exerciseId: string;
  orgId: string;
  /** From the declaration to its acknowledgment; null when not acknowledged by the exercise's end. */
  ackSeconds: number | null;
  /** From the declaration to the body's first report (roll-call answer); null when none by the end. */
  reportSeconds: number | null;
}

/**
 * The bodies that took part in the exercises ended in [from, to), with their timings as the exercise report gives
 * them: from the report frozen at final (which survives the purge), otherwise from the exercise's data. Figures
 * only: never an exercise incident, its text or its scenario.
 */
export async function participationIn(db: Executor, from: string, to: string): Promise<Participation[]> {
  const out: Participation[] = [];
  for (const e of await reportRepository.endedIn(db, from, to)) {
    const frozen = e.status === 'ended' ? null : await reportRepository.frozen(db, e.id);
    const facts: ReportFacts = frozen ? (JSON.parse(frozen) as ReportFacts) : await liveFacts(db, e);
    for (const r of facts.rows)
      out.push({
        exerciseId: e.id,
        orgId: r.org.id,
        ackSeconds: r.ackDeclaration.seconds,
        reportSeconds: r.answerRollCall.seconds,
      });
  }
  return out;
}
