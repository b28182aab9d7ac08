// A Renraku node that plays exercises as `renraku serve` does (the same composition root, the same runner on the
// same worker), without the HTTP side: for the test that kills it with SIGKILL in the middle of an exercise.
// Configured by the environment like the server, plus RUNNER_INTERVAL_MS; talks to its parent over IPC.
import { loadConfig } from '../../src/config.js';
import { playDueInjects } from '../../src/features/exercises/exercises.runner.js';
import { startWorker } from '../../src/platform/worker.js';
import { buildServices } from '../../src/services.js';

const services = buildServices(loadConfig(process.env));
const stop = startWorker(
  Number(process.env.RUNNER_INTERVAL_MS ?? '50'),
  () => playDueInjects(services.handle, services.exerciseDeps),
  (e) =>
    process.stderr.write(`exercise node ${process.pid}: ${e instanceof Error ? e.message : String(e)}\n`),
);
process.on('message', (m) => {
  if (m === 'stop') {
    stop();
    void services.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready' });
