import type { KeyObject } from 'node:crypto';
import type { DatabaseHandle } from '../db/database.js';
import { appendAnchorLines, lastLine } from './anchor.file.js';
import { type Anchor, checkAnchorChain, parseAnchor } from './anchor.format.js';
import { withAnchorFileLock } from './anchor.lock.js';
import { anchorsRepository } from './anchor.repository.js';

/**
 * Appends to the anchor file the anchors the database holds after the file's last one, each once and in order:
 * under a lock shared by every process of the deployment, and only anchors that hold (signed by a trusted key,
 * numbered on from the file's last line, linked to it). Returns how many were appended, or why none could be.
 */
export async function mirrorAnchors(
  handle: DatabaseHandle,
  file: string,
  trusted: Map<string, KeyObject>,
): Promise<number | string> {
  // Most passes find the file up to date: that is seen without taking the lock.
  const newest = await anchorsRepository.last(handle.db);
  const tail = lastLine(file);
  if (!newest || newest.n <= (tail ? (parseAnchor(tail)?.n ?? 0) : 0)) return 0;
  return withAnchorFileLock(handle, async (db) => {
    // Read again under the lock: another process may have appended meanwhile.
    const line = lastLine(file);
    const inFile = line === undefined ? undefined : parseAnchor(line);
    if (line !== undefined && !inFile)
      return `the last line of ${file} is not an anchor: nothing more is appended to it`;
    if (inFile && (await anchorsRepository.byNumber(db, inFile.n))?.line !== inFile.line)
      return `${file} and the database differ at anchor #${inFile.n}: nothing more is appended to it`;
    const rows = await anchorsRepository.after(db, inFile?.n ?? 0);
    const run = [...(inFile ? [inFile] : []), ...rows.map((r) => parseAnchor(r.line))];
    const numbered = run.every((a, i) => a && (i === 0 || a.n === (run[i - 1]?.n ?? 0) + 1));
    // A row forged in the database must not reach the file.
    if (!numbered || !checkAnchorChain(run as Anchor[], trusted, { gaps: false, label: 'the database' }).ok)
      return `the anchors in the database after #${inFile?.n ?? 0} do not hold: none is appended to ${file}`;
    appendAnchorLines(
      file,
      rows.map((r) => r.line),
    );
    return rows.length;
  });
}
