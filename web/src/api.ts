import type { Static } from 'typebox';
import type {
  IncidentDetailOut,
  IncidentListOut,
  IncidentOut,
} from '../../src/features/incidents/incidents.schemas.js';
import type { LoginOut } from '../../src/features/users/sessions.schemas.js';
import type { MeOut } from '../../src/features/users/users.schemas.js';

// The server's TypeBox schemas are the one source of the shapes the web app reads (type-only: nothing of the
// server is bundled).
export type Me = Static<typeof MeOut>;
export type Incident = Static<typeof IncidentOut>;
export type IncidentDetail = Static<typeof IncidentDetailOut>;
export type IncidentList = Static<typeof IncidentListOut>;
export type Report = IncidentDetail['reports'][number];

/** One field the server's schema refused (`path` like `body/slug`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A refusal by the API, with the stable problem code clients depend on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For request.validation_failed: which fields, so that a form can mark them. */
    readonly fields: readonly FieldProblem[] = [],
    /** Extension members of the refusal (a password's feedback, how long to wait, shares.undeclared_source's `incidentIds`). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onSessionLost: () => void = () => {};

/** The CSRF token of the browser session, echoed on every request that changes something. */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** Called when an authenticated request answers 401 (session expired or logged out elsewhere). */
export const setSessionLostHandler = (handler: () => void) => {
  onSessionLost = handler;
};

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  idempotencyKey?: string;
  /** A file sent as it is (an attachment) instead of a JSON body, with its own media type. */
  file?: Blob;
}

/**
 * One call to the API: JSON in and out, the CSRF token on changes, a refusal thrown as ApiError with its code.
 * Each part of the app keeps its own calls beside it (admin/admin.api.ts…) and goes through this.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  // The server words some refusals (a password's feedback) in the language the page is shown in.
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': document.documentElement.lang || 'ja',
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.file) headers['content-type'] = options.file.type || 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.file ? { body: options.file } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status === 204) return undefined as T;
  // Reading the body can fail when the request is aborted (a screen reloading on a live event): that must
  // reach the caller as an error, never as an empty success.
  const text = await response.text();
  type Body = { code?: string; detail?: string; errors?: FieldProblem[]; fields?: unknown } | null;
  let data: Body = null;
  try {
    data = text ? (JSON.parse(text) as Body) : null;
  } catch {
    if (response.ok) throw new ApiError(response.status, 'http.invalid_response', 'The answer was not JSON.');
  }
  if (response.ok && data === null)
    throw new ApiError(response.status, 'http.empty_response', 'The answer was empty.');
  if (!response.ok) {
    const error = new ApiError(
      response.status,
      data?.code ?? `http.${response.status}`,
      data?.detail ?? response.statusText,
      fieldsOf(data),
      (data ?? {}) as Record<string, unknown>,
    );
    // A refusal while logging in (a wrong code, a step still due) is not a session that was lost.
    if (response.status === 401 && !path.startsWith('/api/v1/session') && path !== '/api/v1/me')
      onSessionLost();
    throw error;
  }
  return data as T;
}

/**
 * The fields a refusal names: a schema refusal lists `errors` (path and message); a rule of a feature may name
 * its fields in `fields` (`content.indicators.3.value`, `tlp`), which are given as paths with the rule's code.
 */
function fieldsOf(data: { code?: string; errors?: FieldProblem[]; fields?: unknown } | null): FieldProblem[] {
  if (Array.isArray(data?.errors)) return data.errors;
  if (!Array.isArray(data?.fields)) return [];
  return data.fields
    .filter((f): f is string => typeof f === 'string')
    .map((path) => ({ path, message: data.code ?? '' }));
}

/** A random key so that a quick report sent twice (double click, retry) is filed once. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where a log-in stands (LoginOut on the server). */
export type LoginAnswer = Static<typeof LoginOut>;
export type LoginMethod = NonNullable<LoginAnswer['methods']>[number];

export const api = {
  me: () => request<Me & { csrfToken?: string }>('GET', '/api/v1/me'),
  logIn: (email: string, password: string) =>
    request<LoginAnswer>('POST', '/api/v1/session', { body: { email, password } }),
  loginState: () => request<LoginAnswer>('GET', '/api/v1/session'),
  logOut: () => request<void>('DELETE', '/api/v1/session'),
  incident: (id: string, signal: AbortSignal) =>
    request<IncidentDetail>('GET', `/api/v1/incidents/${encodeURIComponent(id)}`, { signal }),
  forward: (id: string) =>
    request<Incident>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/forward`, { body: {} }),
};
