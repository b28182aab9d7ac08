import SerializerSelector from '@fastify/fast-json-stringify-compiler';
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

// Compiling a route's schemas is most of what building the app costs (ajv and fast-json-stringify generate code
// for each): a process that builds the app more than once — the tests build hundreds — compiles each schema once.
// Route schemas are module constants, so the same object comes back; a compiled function depends on nothing else
// (the validators use no shared schemas; a serializer is kept per set of shared schemas and options).
let validators: { body: Ajv; text: Ajv; compiled: WeakMap<object, ReturnType<Ajv['compile']>>[] } | undefined;

/**
 * Bodies are validated exactly (no type coercion, unknown fields refused by the schemas); query strings and
 * path parameters arrive as text and are coerced to the declared types.
 */
export function validatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  validators ??= {
    body: makeAjv({ coerceTypes: false }),
    text: makeAjv({ coerceTypes: 'array' }),
    compiled: [new WeakMap(), new WeakMap()],
  };
  const { body, text, compiled } = validators;
  return ({ schema, httpPart }) => {
    const isBody = httpPart === 'body';
    const cache = compiled[isBody ? 0 : 1] as WeakMap<object, ReturnType<Ajv['compile']>>;
    let validate = cache.get(schema as object);
    if (!validate) {
      validate = (isBody ? body : text).compile(schema as object);
      cache.set(schema as object, validate);
    }
    return validate;
  };
}

const serializers = new WeakMap<object, Map<string, SerializerSelector.Serializer>>();

/**
 * Fastify's serializer factory (fast-json-stringify), keeping each compiled serializer for the life of the
 * process: the key is the response schema object and the app's shared schemas and serializer options.
 */
export function cachedSerializerFactory(): SerializerSelector.SerializerFactory {
  const build = SerializerSelector.SerializerSelector();
  return (externalSchemas, serializerOpts) => {
    const compile = build(externalSchemas, serializerOpts);
    const context = JSON.stringify([externalSchemas ?? null, serializerOpts ?? null]);
    return (route) => {
      const schema = route.schema;
      if (typeof schema !== 'object' || schema === null) return compile(route);
      let byContext = serializers.get(schema);
      if (!byContext) {
        byContext = new Map();
        serializers.set(schema, byContext);
      }
      let serialize = byContext.get(context);
      if (!serialize) {
        serialize = compile(route);
        byContext.set(context, serialize);
      }
      return serialize;
    };
  };
}
