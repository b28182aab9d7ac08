import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  addFormats.default(ajv);
  // RFC 3339 allows a leap second (23:59:60) and ajv-formats an hour-only offset (+09), neither of which a
  // JavaScript Date can hold: a date-time is valid only if the server can also read it.
  const rfc3339 = addFormats.default.get('date-time') as { validate: (s: string) => boolean };
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => rfc3339.validate(s) && !Number.isNaN(Date.parse(s)),
  });
  return ajv;
}

/**
 * Bodies are validated exactly (no type coercion, unknown fields refused by the schemas); query strings and
 * path parameters arrive as text and are coerced to the declared types.
 */
export function validatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const bodyAjv = makeAjv({ coerceTypes: false });
  const textAjv = makeAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : textAjv;
    return ajv.compile(schema as object);
  };
}
