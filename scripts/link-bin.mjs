// `npx renraku` looks for the command in node_modules/.bin. npm 11 cannot run a project's own `bin` through npx
// (it tries to install the project into its cache and fails), so the project declares none and links it here.

import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';

mkdirSync('node_modules/.bin', { recursive: true });
rmSync('node_modules/.bin/renraku', { force: true });
symlinkSync('../../bin/renraku.js', 'node_modules/.bin/renraku');
chmodSync('bin/renraku.js', 0o755);
