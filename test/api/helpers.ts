import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../support/harness.js';

/** Rows a refused request must never add to. */
export async function writtenRows(t: TestApp) {
  const count = t.count;
  return {
    incidents: await count('incidents'),
    reports: await count('incident_reports'),
    audit: await count('audit_log'),
    deliveries: await count('deliveries'),
    idempotencyKeys: await count('idempotency_keys'),
  };
}

/** Asserts an RFC 9457 problem answer with the given status and stable code, and no leaked internals. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect({ status: res.statusCode, code: safeCode(res) }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:renraku:error:${code}` });
  expect(typeof body.title).toBe('string');
  expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(body).not.toHaveProperty('stack');
}

function safeCode(res: LightMyRequestResponse): unknown {
  try {
    return (res.json() as { code?: unknown }).code;
  } catch {
    return `<not JSON: ${res.body.slice(0, 200)}>`;
  }
}

export const iso = (d: Date) => d.toISOString();
