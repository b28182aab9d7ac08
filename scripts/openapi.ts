// Writes the OpenAPI document to the file named (for the linter in `npm run check`), or to standard output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openapiDocument } from '../src/openapi-document.js';

const target = process.argv[2];
const text = `${JSON.stringify(await openapiDocument(), null, 2)}\n`;
if (target) {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
} else process.stdout.write(text);
