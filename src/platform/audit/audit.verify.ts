import type { KeyObject } from 'node:crypto';
import type { Executor } from '../db/database.js';
import {
  type Anchor,
  type AnchoredRow,
  checkAnchorChain,
  digestRow,
  parseAnchor,
  ZERO_HASH,
} from './anchor.format.js';
import { trustedMap } from './anchor.keys.js';
import { anchorsRepository } from './anchor.repository.js';

export interface AnchorSummary {
  n: number;
  seq: number;
  at: string;
  key: string;
}

export type VerifyResult =
  | {
      ok: true;
      rows: number;
      /** Whether every row's HMAC was checked (false without the audit key: an auditor's check). */
      hmacChecked: boolean;
      /** The newest anchor the log was checked against; null when none exists yet. */
      anchor: AnchorSummary | null;
      /** Rows after that anchor: a deletion among them could not be told from their never having existed. */
      unanchoredRows: number;
      /** Rows committed but not yet sealed into the chain (PostgreSQL), younger than the bound. */
      unsealedRows: number;
      warnings: string[];
    }
  | {
      ok: false;
      rows: number;
      /** The first row concerned, when the problem is one of rows. */
      seq: number | null;
      /** The anchor concerned, when the problem is one of anchors or rows that contradict one. */
      anchor: number | null;
      problem: string;
      hmacChecked: boolean;
    };

export interface VerifyInput {
  db: Executor;
  /** A row's HMAC after the previous hash; absent when no audit key is at hand. */
  hmac?: ((prevHash: string, row: AnchoredRow) => string) | undefined;
  /**
   * An anchor file's lines, checked besides the database's anchors: the server's own, which has no gaps, or
   * one an auditor collected (from e-mail, say), which may (`gaps`).
   */
  file?: { label: string; lines: readonly string[]; gaps?: boolean } | undefined;
  /** Public keys that may sign anchors. */
  trustedKeys: readonly KeyObject[];
  /** False: the chain alone, as before anchors existed (a deleted tail then goes unseen). */
  anchors?: boolean;
  /**
   * Fails when a row has stayed unsealed longer than `maxSeconds` before `now` (its sealer stopped); absent:
   * unsealed rows are counted only.
   */
  unsealed?: { now: Date; maxSeconds: number } | undefined;
}

const PAGE = 5000;

/**
 * Checks the audit log: an unbroken chain from row 1 (each HMAC, with the key), and agreement with every signed
 * anchor — the database's and the file's, which must agree with each other. The log must reach the newest
 * anchor: a deleted tail, an emptied table or a chain rewritten even with the key no longer matches it.
 */
export async function verifyAuditLog(input: VerifyInput): Promise<VerifyResult> {
  const { db, hmac } = input;
  const hmacChecked = hmac !== undefined;
  let rows = 0;
  const fail = (problem: string, seq: number | null, anchor: number | null): VerifyResult => ({
    ok: false,
    rows,
    seq,
    anchor,
    problem,
    hmacChecked,
  });

  const anchors =
    input.anchors === false
      ? { ok: true as const, bySeq: new Map<number, Anchor[]>(), latest: undefined, warnings: [] }
      : await readAnchors(input);
  if (!anchors.ok) return fail(anchors.problem, anchors.seq, anchors.n);
  const { bySeq, latest, warnings } = anchors;

  let expectedSeq = 1;
  let prevHash = ZERO_HASH;
  let digest = ZERO_HASH;
  let after: number | null = null;
  for (;;) {
    // The first page has no lower bound, so that a row slipped in before the first one is seen too.
    const page = await anchorsRepository.rows(db, after, null, PAGE);
    for (const row of page) {
      rows++;
      if (row.seq !== expectedSeq)
        return fail(
          row.seq > expectedSeq ? `rows ${expectedSeq}..${row.seq - 1} are missing` : 'is out of sequence',
          row.seq,
          null,
        );
      if (row.prev_hash !== prevHash) return fail('does not link to the row before it', row.seq, null);
      if (hmac && row.hash !== hmac(prevHash, row))
        return fail('was changed or not written by Renraku', row.seq, null);
      digest = digestRow(digest, row);
      for (const a of bySeq.get(row.seq) ?? []) {
        if (a.hash !== row.hash)
          return fail(
            `differs from anchor #${a.n} of ${a.at}: the chain was rewritten after it`,
            row.seq,
            a.n,
          );
        if (a.digest !== digest)
          return fail(
            `rows 1..${row.seq} differ from anchor #${a.n} of ${a.at}: a row was changed after it`,
            row.seq,
            a.n,
          );
      }
      prevHash = row.hash;
      after = row.seq;
      expectedSeq++;
    }
    if (page.length < PAGE) break;
  }

  if (latest && expectedSeq - 1 < latest.seq) {
    const last = expectedSeq - 1;
    const problem =
      last === 0
        ? `the audit log is empty, but anchor #${latest.n} of ${latest.at} covers rows 1..${latest.seq}: every row was deleted`
        : `the audit log ends at row ${last}, but anchor #${latest.n} of ${latest.at} covers rows through ${latest.seq}: rows ${last + 1}..${latest.seq} were deleted`;
    return fail(problem, last + 1, latest.n);
  }
  const unsealed = await anchorsRepository.unsealed(db);
  if (unsealed.oldest !== null && input.unsealed) {
    const age = input.unsealed.now.getTime() - Date.parse(unsealed.oldest);
    if (age > input.unsealed.maxSeconds * 1000)
      return fail(
        `${unsealed.count} audit row(s) are not sealed into the chain, the oldest written at ${unsealed.oldest}, more than ${input.unsealed.maxSeconds} s ago: no node seals them`,
        null,
        null,
      );
  }
  if (!latest) warnings.push('no anchor yet: rows deleted from the end of the log could not be detected');
  if (!hmacChecked)
    warnings.push(
      'no audit key here: rows were checked against the signed anchors, and those after the newest anchor only for their links',
    );
  return {
    ok: true,
    rows,
    hmacChecked,
    anchor: latest ? { n: latest.n, seq: latest.seq, at: latest.at, key: latest.key } : null,
    unanchoredRows: rows - (latest?.seq ?? 0),
    unsealedRows: unsealed.count,
    warnings,
  };
}

type AnchorsRead =
  | { ok: true; bySeq: Map<number, Anchor[]>; latest: Anchor | undefined; warnings: string[] }
  | { ok: false; problem: string; seq: number | null; n: number | null };

/** The anchors of the database and of the file, each checked as a chain, and checked against each other. */
async function readAnchors(input: VerifyInput): Promise<AnchorsRead> {
  const stored = await anchorsRepository.after(input.db, 0);
  const fromDb: Anchor[] = [];
  for (const row of stored) {
    const a = parseAnchor(row.line);
    if (!a || a.n !== row.n || a.seq !== row.audit_seq || a.hash !== row.hash)
      return {
        ok: false,
        problem: `anchor #${row.n} in the database is not a valid anchor`,
        seq: null,
        n: row.n,
      };
    fromDb.push(a);
  }
  const db = checkAnchorChain(fromDb, trustedMap(input.trustedKeys), {
    gaps: false,
    fromFirst: true,
    label: 'the database',
  });
  if (!db.ok) return { ok: false, problem: db.problem, seq: null, n: db.n };
  const warnings = [...db.warnings];

  if (input.file) {
    const { label, lines } = input.file;
    const fromFile: Anchor[] = [];
    for (const [i, line] of lines.entries()) {
      const a = parseAnchor(line);
      if (!a) return { ok: false, problem: `line ${i + 1} of ${label} is not an anchor`, seq: null, n: null };
      fromFile.push(a);
    }
    const file = checkAnchorChain(fromFile, db.keys, { gaps: input.file.gaps === true, label });
    if (!file.ok) return { ok: false, problem: file.problem, seq: null, n: file.n };
    warnings.push(...file.warnings);
    const byNumber = new Map(fromDb.map((a) => [a.n, a]));
    for (const a of fromFile) {
      const same = byNumber.get(a.n);
      if (!same)
        return {
          ok: false,
          problem: `anchor #${a.n} of ${label} is missing from the database: its anchors were deleted`,
          seq: a.seq,
          n: a.n,
        };
      if (same.line !== a.line)
        return {
          ok: false,
          problem: `anchor #${a.n} differs between ${label} and the database`,
          seq: a.seq,
          n: a.n,
        };
    }
    const lastInFile = fromFile.at(-1)?.n ?? 0;
    const lastInDb = fromDb.at(-1)?.n ?? 0;
    if (lastInFile < lastInDb)
      warnings.push(`${label} lacks anchors #${lastInFile + 1}..#${lastInDb}, which the database holds`);
  }

  const bySeq = new Map<number, Anchor[]>();
  for (const a of fromDb) bySeq.set(a.seq, [...(bySeq.get(a.seq) ?? []), a]);
  return { ok: true, bySeq, latest: fromDb.at(-1), warnings };
}
