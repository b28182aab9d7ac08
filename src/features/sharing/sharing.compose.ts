import { domainsOf, type OrgRow } from '../orgs/orgs.directory.js';
import { namesOf } from './sharing.canonical.js';
import { shareErrors } from './sharing.errors.js';
import { normaliseIndicators } from './sharing.indicators.js';
import { type RedactionKind, redactContent } from './sharing.redaction.js';
import type { RedactIn } from './sharing.schemas.js';
import { namedBody } from './sharing.sources.js';
import type { Indicator, ShareContent } from './sharing.terms.js';

export interface ContentInput {
  title: string;
  body: string;
  indicators?: Indicator[];
  mitigations?: string[];
}

/**
 * What recipients will read: the given content with its indicators checked and written canonically, then
 * redacted as asked. The result is stored as it is; nobody downstream redacts again.
 */
export function composeContent(
  input: ContentInput,
  redact: RedactIn | undefined,
  sourceBodies: OrgRow[],
): { content: ShareContent; applied: { kind: RedactionKind; count: number }[] } {
  const base: ShareContent = {
    title: input.title.trim(),
    body: input.body,
    indicators: normaliseIndicators(input.indicators ?? []),
    mitigations: (input.mitigations ?? []).map((m) => m.trim()).filter((m) => m.length > 0),
  };
  const result = redactContent(base, {
    sourceNames: redact?.anonymiseSource ? namesOf(sourceBodies.map(namedBody)) : [],
    terms: redact?.terms ?? [],
    internalAddresses: redact?.internalAddresses ?? false,
    internalDomains: sourceBodies.flatMap(domainsOf),
    personalData: redact?.personalData ?? false,
  });
  if (!/[^\s■]/.test(result.content.title) || !/[^\s■]/.test(result.content.body))
    throw shareErrors.nothingLeft();
  return result;
}
