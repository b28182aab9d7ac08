import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { RulesInput, RulesOut } from '../../../src/features/notifications/notifications.schemas.js';
import { request } from '../api.js';
import type { Change } from '../changes/changes.api.js';

// The calls of a body's notification rules, typed from the server's schemas (type-only imports).

export type Rules = Static<typeof RulesOut>;
export type Rule = Rules['rules'][number];
export type RuleInput = Static<typeof RulesInput>['rules'][number];

const rulesPath = (slug: string) => `/api/v1/orgs/${encodeURIComponent(slug)}/notification-rules`;

export const rulesApi = {
  get: (slug: string, signal?: AbortSignal) =>
    request<Rules>('GET', rulesPath(slug), signal ? { signal } : {}),
  // Asked by someone outside the body (an administrator), the change waits for the body's confirmation (202).
  replace: (slug: string, rules: RuleInput[]) =>
    request<Rules | Change>('PUT', rulesPath(slug), { body: { rules } }),
};

/** A body's notification rules: ['rules', slug]. */
export const ruleQueries = {
  get: (slug: string) =>
    queryOptions({ queryKey: ['rules', slug], queryFn: ({ signal }) => rulesApi.get(slug, signal) }),
};
