import { accessSync, chmodSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Where the suite's scratch files go: the SQLite test databases, data folders, CLI workspaces and Chromium
// profiles, all made under os.tmpdir(). On Linux that is a folder of its own in /dev/shm (memory), removed
// after the run. The product's settings are unchanged (SQLite keeps synchronous=FULL and syncs every commit),
// but a sync to memory returns at once: on a disk, the hundreds of databases of a run wait on each other's
// syncs — as the CI's PostgreSQL, which runs with fsync off, does not. RENRAKU_TEST_TMPDIR names another
// folder (a disk, to test on one); the workers and every process the tests start inherit TMPDIR.

function memoryFolder(): string | undefined {
  try {
    if (!statSync('/dev/shm').isDirectory()) return undefined;
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return undefined;
  }
}

export default function setup() {
  const base = process.env.RENRAKU_TEST_TMPDIR ?? memoryFolder();
  if (!base) return undefined;
  const dir = mkdtempSync(join(base, 'renraku-test-'));
  // Others may pass through, not list: a throw-away PostgreSQL runs as its own user in a folder inside.
  chmodSync(dir, 0o711);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
