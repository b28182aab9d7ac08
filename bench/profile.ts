// Reads a server profile written with `--cpu-prof DIR` and tells where the CPU went while it was loaded:
// `npx tsx bench/profile.ts FILE.cpuprofile [--seconds 10] [--reports N] [--top 40]`. The loaded window is the
// last `--seconds` before the last 100 ms in which the server was busy more than half the time (the bench stops
// the server right after its measured seconds); with `--reports` (the phase's answers) it prints the busy CPU
// per report, the figure to compare between two versions on a shared machine. "Busy" is the main thread's time
// out of idle, a sync it waits in (SQLite's commit) included, and no other thread's (V8's compiler and GC
// helpers): for the process's CPU by thread and function, sample it with perf (see README, Performance).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '10' },
    reports: { type: 'string' },
    top: { type: 'string', default: '40' },
  },
});
const file = positionals[0];
if (!file) throw new Error('usage: bench/profile.ts FILE.cpuprofile [--seconds 10] [--reports N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const IDLE = new Set(['(idle)', '(program)']);

// Each sample's time, and whether the process was doing something.
let t = profile.startTime;
const samples = profile.samples.map((id, i) => {
  t += profile.timeDeltas[i] ?? 0;
  const node = byId.get(id) as Node;
  return { at: t, node, busy: !IDLE.has(node.callFrame.functionName) };
});
const BUCKET = 100_000;
const busyIn = new Map<number, number>();
for (let i = 1; i < samples.length; i++) {
  const s = samples[i] as (typeof samples)[number];
  if (!s.busy) continue;
  const b = Math.floor(s.at / BUCKET);
  busyIn.set(b, (busyIn.get(b) ?? 0) + (s.at - (samples[i - 1] as (typeof samples)[number]).at));
}
const lastBusy = Math.max(...[...busyIn].filter(([, us]) => us > BUCKET / 2).map(([b]) => b));
const to = (lastBusy + 1) * BUCKET;
const from = to - Number(values.seconds) * 1_000_000;

const self = new Map<string, number>();
const files = new Map<string, number>();
let busy = 0;
let gc = 0;
for (let i = 1; i < samples.length; i++) {
  const s = samples[i] as (typeof samples)[number];
  if (s.at <= from || s.at > to || !s.busy) continue;
  const us = s.at - (samples[i - 1] as (typeof samples)[number]).at;
  busy += us;
  const { functionName, url, lineNumber } = s.node.callFrame;
  if (functionName === '(garbage collector)') gc += us;
  const where = url.replace(/^.*\/(node_modules|src)\//, '$1/').replace(/^file:\/\//, '');
  const name = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + us);
  const f = where.startsWith('node_modules/')
    ? where
        .split('/')
        .slice(0, where.split('/')[1]?.startsWith('@') ? 3 : 2)
        .join('/')
    : where || functionName;
  files.set(f, (files.get(f) ?? 0) + us);
}

const ms = (us: number) => (us / 1000).toFixed(1).padStart(9);
const top = Number(values.top);
const seconds = (to - from) / 1e6;
console.log(
  `${file}\nwindow ${seconds} s: busy ${ms(busy)} ms (${((busy / (to - from)) * 100).toFixed(0)} %), GC ${ms(gc)} ms`,
);
if (values.reports) {
  const reports = Number(values.reports);
  console.log(`busy CPU per report: ${(busy / 1000 / reports).toFixed(3)} ms (${reports} reports)`);
}
console.log('\nself time by file or package, ms');
for (const [f, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${f}`);
console.log('\nself time by function, ms');
for (const [f, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${f}`);
