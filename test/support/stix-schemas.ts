import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// The OASIS STIX 2.1 JSON schemas (test/fixtures/stix2-json-schemas), by object type. They use `\-` inside some
// patterns, which the `unicode` regular-expression mode rejects (../shared/interop/README.md).
const ROOT = join(import.meta.dirname, '..', 'fixtures', 'stix2-json-schemas', 'schemas');

function load() {
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true });
  addFormats.default(ajv);
  for (const folder of ['common', 'sdos'])
    for (const file of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.json')))
      ajv.addSchema(JSON.parse(readFileSync(join(ROOT, folder, file), 'utf8')) as object);
  return ajv;
}

let ajv: Ajv2020 | undefined;

/** The schema errors of a STIX object of an SDO type (report, indicator…); [] when it is valid. */
export function stixErrors(object: { type: string }): string[] {
  ajv ??= load();
  const id = `http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/sdos/${object.type}.json`;
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`no OASIS schema for ${object.type}`);
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
