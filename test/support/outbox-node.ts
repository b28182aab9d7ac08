// A Renraku node that delivers the outbox as `renraku serve` does (the same composition root, the same worker),
// without the HTTP side: for tests that kill it or run several on one database. Configured by the environment
// like the server, plus OUTBOX_TIMING (JSON) for faster claims; talks to its parent over IPC.
import { loadConfig } from '../../src/config.js';
import { buildServices } from '../../src/services.js';

export type NodeMessage = { type: 'ready' } | { type: 'stats'; sent: number; failed: number };

const services = buildServices(loadConfig(process.env), {
  outboxTiming: JSON.parse(process.env.OUTBOX_TIMING ?? '{}'),
});
let sent = 0;
let failed = 0;
services.outbox.onOutcome((o) => {
  if (o.ok) sent++;
  else if (o.permanent) failed++;
});
const write = (obj: object, msg: string) =>
  process.stderr.write(
    `outbox node ${process.pid}: ${msg} ${JSON.stringify(obj, (_k, v) => (v instanceof Error ? v.message : v))}\n`,
  );
services.outbox.start({ log: { warn: write, error: write } });
const send = (m: NodeMessage) => process.send?.(m);
process.on('message', (m) => {
  if (m === 'stats') send({ type: 'stats', sent, failed });
  if (m === 'stop')
    void services.close().then(() => {
      send({ type: 'stats', sent, failed });
      process.exit(0);
    });
});
send({ type: 'ready' });
