// Phases r and q in the printed table and in the summary JSON of `npm run bench`.
import type { DeclarationResult, StreamArrivals } from './situations-declare.js';
import type { StormResult } from './situations-storm.js';
import { round } from './stats.js';

export const SITUATION_TARGETS = {
  /** Declaration answered → the last duty officer's e-mail accepted. */
  declarationEmailAllMs: 10_000,
  /** Declaration answered → the in-app notice on each duty officer's live stream, p99. */
  declarationNoticeP99Ms: 1000,
  /** An answer's response → its event at each board that may see it, p99. */
  boardP99Ms: 100,
};

const f = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '-' : round(n, digits).toFixed(digits);

const streamLine = (name: string, a: StreamArrivals | null) =>
  a === null
    ? `    ${name}: n/a (none came: the notifications of situations are not there)\n`
    : `    ${name}: ${a.received} of ${a.streams} streams (missing ${a.missing}, before the answer ${a.beforeAnswer}); p50 ${f(a.p50Ms, 2)} ms, p99 ${f(a.p99Ms, 2)} ms, last ${f(a.maxMs, 2)} ms; from the declaration sent p99 ${f(a.fromSendP99Ms, 2)} ms\n`;

/** The lines of phases r and q in the printed table. */
export function situationLines(r: DeclarationResult | undefined, q: StormResult | undefined): string {
  let out = '';
  if (r) {
    out += `(r) a situation declared to ${r.bodies} bodies, each with a duty officer (e-mail to a real SMTP server on loopback, in-app) whose live stream is open; from the declaration's answer (${f(r.answerMs)} ms)\n`;
    out += streamLine('situation.declared event', r.declared);
    out += streamLine(
      `in-app notice (target p99 ≤ ${SITUATION_TARGETS.declarationNoticeP99Ms} ms)`,
      r.notices,
    );
    const e = r.email;
    out += e
      ? `    e-mail: ${e.accepted} of ${e.expected} duty officers, wrong or repeated ${e.wrong}; first ${f(e.firstMs)} ms, last ${f(e.allMs)} ms (target all ≤ ${SITUATION_TARGETS.declarationEmailAllMs}), ${f(e.perSecond)} per second\n`
      : '    e-mail: n/a (none came: the notifications of situations are not there)\n';
    if (r.firstError) out += `    first error: ${r.firstError}\n`;
  }
  if (q) {
    out += `(q) roll-call storm: ${q.bodies} bodies answer once each within ${q.seconds} s (open loop) while ${q.centerBoards} center and ${q.ministryBoards} ministry boards watch; begun once the declaration's e-mails were out (waited ${f(q.settledMs / 1000)} s)\n`;
    out += `    answered ${q.answered}, errors ${q.errors}; answer p50 ${f(q.answerP50Ms, 2)} ms, p99 ${f(q.answerP99Ms, 2)} ms, max ${f(q.answerMaxMs, 2)} ms (sender behind by at most ${f(q.behindMs)} ms)\n`;
    out += `    board deliveries ${q.deliveries} of ${q.expected}, missing ${q.missing}, leaked to other ministries ${q.leaks}, repeated ${q.repeated}, before the answer ${q.beforeAnswer}\n`;
    out += `    answer → board: p50 ${f(q.boardP50Ms, 2)} ms, p99 ${f(q.boardP99Ms, 2)} ms (center ${f(q.centerP99Ms, 2)}, ministry ${f(q.ministryP99Ms, 2)}), max ${f(q.boardMaxMs, 2)} ms (target p99 ≤ ${SITUATION_TARGETS.boardP99Ms})\n`;
    if (q.firstError) out += `    first error: ${q.firstError}\n`;
  }
  return out;
}

const arrivalsJson = (a: StreamArrivals | null) =>
  a && {
    received: a.received,
    missing: a.missing,
    p50Ms: round(a.p50Ms, 2),
    p99Ms: round(a.p99Ms, 2),
    lastMs: round(a.maxMs, 2),
    fromSendP99Ms: round(a.fromSendP99Ms, 2),
  };

/** Phases r and q in the summary JSON: figures, and whether each target is met (null: not measured). */
export function situationSummary(r: DeclarationResult | undefined, q: StormResult | undefined) {
  const email = r?.email;
  return {
    declaration: r
      ? {
          bodies: r.bodies,
          answerMs: round(r.answerMs),
          declared: arrivalsJson(r.declared),
          notices: arrivalsJson(r.notices),
          email: email
            ? {
                expected: email.expected,
                accepted: email.accepted,
                wrong: email.wrong,
                firstMs: round(email.firstMs),
                allMs: round(email.allMs),
                perSecond: round(email.perSecond),
              }
            : null,
        }
      : null,
    rollCallStorm: q
      ? {
          bodies: q.bodies,
          seconds: q.seconds,
          centerBoards: q.centerBoards,
          ministryBoards: q.ministryBoards,
          answered: q.answered,
          errors: q.errors,
          answerP50Ms: round(q.answerP50Ms, 2),
          answerP99Ms: round(q.answerP99Ms, 2),
          expected: q.expected,
          deliveries: q.deliveries,
          missing: q.missing,
          leaks: q.leaks,
          repeated: q.repeated,
          boardP50Ms: round(q.boardP50Ms, 2),
          boardP99Ms: round(q.boardP99Ms, 2),
        }
      : null,
    targetsMet: {
      declarationEmailAllMs: email
        ? email.accepted === email.expected &&
          email.wrong === 0 &&
          email.allMs <= SITUATION_TARGETS.declarationEmailAllMs
        : null,
      declarationNoticeP99Ms: r?.notices
        ? r.notices.missing === 0 && r.notices.p99Ms <= SITUATION_TARGETS.declarationNoticeP99Ms
        : null,
      boardP99Ms: q
        ? q.errors === 0 && q.missing === 0 && q.leaks === 0 && q.boardP99Ms <= SITUATION_TARGETS.boardP99Ms
        : null,
    },
  };
}
