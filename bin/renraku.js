#!/usr/bin/env node
import { createServer } from 'node:net';

// `renraku serve` on a port that is taken says so, and how to choose another, before it loads the server (its
// modules, the database, the migrations): a second `npm start` fails at once, not after a minute of work.

/** Whether something listens on the port already: 'taken', 'free', or 'unknown' (let the server try). */
function portState(host, port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e) => resolve(e.code === 'EADDRINUSE' ? 'taken' : 'unknown'));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve('free')));
  });
}

if (process.argv[2] === 'serve') {
  const raw = process.env.PORT ?? '8080';
  const port = Number(raw);
  const host = process.env.HOST || '127.0.0.1';
  if (/^\d+$/.test(raw) && port > 0 && port <= 65535 && (await portState(host, port)) === 'taken') {
    process.stderr.write(
      `Renraku cannot start: port ${port} on ${host} is already in use (another Renraku, or another program).\n` +
        `Choose another port with PORT, e.g.  PORT=${port === 65535 ? 8081 : port + 1} npm start\n`,
    );
    process.exit(1);
  }
}

await import('../dist/cli/main.js');
