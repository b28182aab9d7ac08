import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

// The anchor file is only ever appended to (O_APPEND), each append synced to disk before it counts, so that it
// can live on append-only or WORM storage; the folder is synced when a file is created in it.

export const ANCHOR_FILE = 'audit-anchors.jsonl';
export const PUBLIC_KEY_FILE = 'audit-signing.pub';

function syncDir(dir: string) {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Appends text and syncs it; creates the file (and its folder) with `mode` if needed. */
export function appendDurably(file: string, text: string, mode: number): void {
  const created = !existsSync(file);
  if (created) mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  const fd = openSync(file, 'a', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) syncDir(dirname(file));
}

/** Writes a file that must not exist yet; if another process wrote it first, theirs is kept. */
export function writeNewFile(file: string, text: string, mode: number): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', mode);
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return;
    throw e;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDir(dirname(file));
}

export const anchorFileIn = (dir: string): string => join(dir, ANCHOR_FILE);
export const publicKeyFileIn = (dir: string): string => join(dir, PUBLIC_KEY_FILE);

/** Every non-empty line of an anchor file, in order; none when it does not exist. */
export function readAnchorLines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The last line of a file, read from its end (anchor files grow for years). */
export function lastLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    for (let length = Math.min(size, 4096); ; length = Math.min(size, length * 4)) {
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      const lines = buffer
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      // The first piece may be the end of a longer line; the last is whole once a newline precedes it.
      if (length === size || lines.length >= 2) return lines.at(-1);
    }
  } finally {
    closeSync(fd);
  }
}

/** Appends anchor lines, one per line, synced. */
export function appendAnchorLines(file: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  appendDurably(file, `${lines.join('\n')}\n`, 0o644);
}
