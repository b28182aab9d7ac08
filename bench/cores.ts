// How many cores each process of a bench got over a window: CPU time (user + system, /proc) divided by the
// window's wall time. A group is one process or a process with its descendants (PostgreSQL's postmaster and
// its backends, nginx's master and worker), found again at each sample so that a backend started inside the
// window counts from zero; a process that exits inside the window takes its CPU time with it (the nodes' pools
// keep their connections, so their backends live through it).
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { processCpuMs } from './load.js';

export interface CoreGroup {
  name: string;
  /** The group's root process; null: this process (the load generator). */
  pid: number | null;
  /** Its descendants too. */
  tree?: boolean;
}

export interface CoreShare {
  name: string;
  /** CPU seconds per wall second over the window. */
  cores: number;
}

/** A process's parent; undefined when there is no such process here (Linux: /proc). */
export function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function parents(): Map<number, number> {
  const ppid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // The 4th field of stat, after the command's closing parenthesis (a command may hold parentheses).
    const parent = parentOf(Number(entry));
    if (parent !== undefined) ppid.set(Number(entry), parent);
  }
  return ppid;
}

function groupCpuMs(group: CoreGroup, ppid: Map<number, number>): number {
  if (group.pid === null) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  const pids = new Set([group.pid]);
  if (group.tree) {
    // Descendants at any depth: parents listed after their children are caught by going round again.
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, parent] of ppid)
        if (!pids.has(pid) && pids.has(parent)) {
          pids.add(pid);
          grew = true;
        }
    }
  }
  let ms = 0;
  for (const pid of pids) ms += processCpuMs(pid) ?? 0;
  return ms;
}

/** Samples the groups now; `end()` samples them again and gives each group's cores since. */
export function coreWindow(groups: CoreGroup[]): { end(): CoreShare[] } {
  const sample = () => {
    const ppid = parents();
    return groups.map((g) => groupCpuMs(g, ppid));
  };
  const startedAt = performance.now();
  const first = sample();
  return {
    end() {
      const last = sample();
      const wallMs = performance.now() - startedAt;
      return groups.map((g, i) => ({
        name: g.name,
        cores: ((last[i] as number) - (first[i] as number)) / wallMs,
      }));
    },
  };
}

/** Starts a window when the warm-up ends and closes it when the measured seconds do. */
export async function coresDuring<T>(
  groups: CoreGroup[],
  timing: { warmupSeconds: number; seconds: number },
  run: () => Promise<T>,
): Promise<{ result: T; cores: CoreShare[] }> {
  let window: { end(): CoreShare[] } | undefined;
  let cores: CoreShare[] = [];
  const open = setTimeout(() => {
    window = coreWindow(groups);
  }, timing.warmupSeconds * 1000);
  const close = setTimeout(
    () => {
      if (window) cores = window.end();
    },
    (timing.warmupSeconds + timing.seconds) * 1000,
  );
  try {
    const result = await run();
    // The run may end a moment before the closing timer's turn comes.
    if (window && cores.length === 0) cores = window.end();
    return { result, cores };
  } finally {
    clearTimeout(open);
    clearTimeout(close);
  }
}
