import { processIo } from './cli.support.js';
import { runCli } from './program.js';

void runCli(process.argv, processIo).then((code) => {
  process.exitCode = code;
});
