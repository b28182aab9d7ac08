import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

// The OpenAPI document as a contract: every answer the server gives is held against the operation it answers
// (status, media type, body schema, the headers that carry meaning), and every operation is counted.

interface MediaObject {
  schema?: object;
}
interface ResponseObject {
  headers?: Record<string, unknown>;
  content?: Record<string, MediaObject>;
}
interface Operation {
  operationId: string;
  responses: Record<string, ResponseObject>;
  parameters?: { in: string; name: string }[];
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, object> };
}

/** An answer, from app.inject or from a real socket. */
export interface Answer {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Headers that mean something to a client: when the server sends one, the document must say so. */
const MEANINGFUL = ['location', 'retry-after', 'www-authenticate', 'content-disposition', 'allow'];
const JSON_MEDIA = /^application\/([a-z0-9.+-]+\+)?json$/;

const mediaTypeOf = (header: unknown) =>
  String(header ?? '')
    .split(';')
    .map((p) =>
      p
        .trim()
        .toLowerCase()
        .replace(/="(.*)"$/, '=$1'),
    )
    .filter((p) => p !== '' && !p.startsWith('charset='));

const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function contractOf(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(document as object, 'openapi');
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();

  const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({
      path,
      method: method.toUpperCase(),
      op,
      params: (path.match(/\{/g) ?? []).length,
      pattern: new RegExp(
        `^${path
          .split('/')
          .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/')}$`,
      ),
    })),
  );
  /** Statuses seen per operationId. */
  const seen = new Map<string, Set<number>>();
  const violations: string[] = [];

  function operationOf(method: string, url: string) {
    const path = decodeURI(url.split('?')[0] ?? '');
    // A literal segment wins over a parameter, as in the router.
    return operations
      .filter((o) => o.method === method && o.pattern.test(path))
      .sort((a, b) => a.params - b.params)[0];
  }

  /** Holds one answer against the document; returns what is wrong with it (also kept in `violations`). */
  function check(answer: Answer): string[] {
    const wrong: string[] = [];
    const where = `${answer.method} ${answer.url.split('?')[0]} → ${answer.status}`;
    const found = operationOf(answer.method, answer.url);
    if (!found) {
      // No operation: an unknown path (404) or a method the path does not have (405), as problem details.
      const problem = ajv.getSchema('openapi#/components/schemas/Problem');
      if (![404, 405].includes(answer.status)) wrong.push(`${where}: no documented operation`);
      else if (!/^application\/problem\+json/.test(String(answer.headers['content-type'])))
        wrong.push(`${where}: not problem details`);
      else if (problem && !problem(JSON.parse(answer.body)))
        wrong.push(`${where}: not problem details: ${ajv.errorsText(problem.errors)}`);
      violations.push(...wrong);
      return wrong;
    }
    const { op, path, method } = found;
    if (!seen.has(op.operationId)) seen.set(op.operationId, new Set());
    seen.get(op.operationId)?.add(answer.status);
    const key = String(answer.status);
    const response = op.responses[key] ?? op.responses[`${key[0]}XX`] ?? op.responses.default;
    if (!response) {
      wrong.push(`${where}: status not documented for ${op.operationId}`);
    } else {
      const documentedHeaders = Object.keys(response.headers ?? {}).map((h) => h.toLowerCase());
      for (const h of MEANINGFUL)
        if (answer.headers[h] !== undefined && !documentedHeaders.includes(h))
          wrong.push(`${where}: header ${h} not documented for ${op.operationId}`);
      const content = response.content ?? {};
      const mediaKeys = Object.keys(content);
      if (answer.body.length === 0 && mediaKeys.length === 0) {
        // An empty answer, documented as such.
      } else if (mediaKeys.length === 0) {
        wrong.push(`${where}: a body where ${op.operationId} documents none`);
      } else {
        const sent = mediaTypeOf(answer.headers['content-type']);
        const mediaKey = mediaKeys.find((k) => {
          const documented = mediaTypeOf(k);
          return documented[0] === sent[0] && documented.slice(1).every((p) => sent.includes(p));
        });
        if (!mediaKey) {
          wrong.push(`${where}: content type ${sent.join(';')} not documented (${mediaKeys.join(', ')})`);
        } else if (JSON_MEDIA.test(sent[0] ?? '')) {
          const pointer = `openapi#/paths/${pointerPart(path)}/${method.toLowerCase()}/responses/${key in op.responses ? key : `${key[0]}XX`}/content/${pointerPart(mediaKey)}/schema`;
          let validate = validators.get(pointer);
          if (!validate) {
            validate = ajv.compile({ $ref: pointer });
            validators.set(pointer, validate);
          }
          let body: unknown;
          try {
            body = JSON.parse(answer.body);
          } catch {
            wrong.push(`${where}: not JSON: ${answer.body.slice(0, 100)}`);
          }
          if (body !== undefined && !validate(body))
            wrong.push(
              `${where}: body does not match ${op.operationId}'s schema: ${ajv.errorsText(validate.errors)}`,
            );
        }
      }
    }
    violations.push(...wrong);
    return wrong;
  }

  return {
    check,
    violations,
    seen,
    operations,
    /** Every answer of this app's inject is checked from now on. */
    watch(app: FastifyInstance) {
      const inject = app.inject.bind(app) as (opts: InjectOptions) => Promise<LightMyRequestResponse>;
      (app as { inject: unknown }).inject = async (opts: InjectOptions) => {
        const res = await inject(opts);
        check({
          method: (opts.method ?? 'GET').toUpperCase(),
          url: typeof opts.url === 'string' ? opts.url : String(opts.path),
          status: res.statusCode,
          headers: res.headers,
          body: res.body,
        });
        return res;
      };
    },
  };
}
