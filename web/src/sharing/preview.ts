import { canonicalIndicators, namesOf } from '../../../src/features/sharing/sharing.canonical.js';
import { redactContent } from '../../../src/features/sharing/sharing.redaction.js';
import type { ShareContent } from '../../../src/features/sharing/sharing.terms.js';
import type { Org } from '../admin/admin.api.js';
import { type ComposerValues, contentOf, lines, type SourceIncident } from './composer.values.js';
import type { OrgRef, RedactionKind } from './sharing.api.js';

// The composer's preview is computed with the server's own redaction module, on the content prepared the way
// the server prepares it (sharing.compose.ts), so that the preview is the text that will be stored.

type Body = Pick<OrgRef, 'slug' | 'nameJa' | 'nameEn' | 'kind'> & {
  aliases?: readonly string[];
  domains?: readonly string[];
};

/** The bodies an anonymised share stops naming: each source's body and, for an agency, its ministry. */
export function sourceBodiesOf(
  sources: readonly SourceIncident[],
  storedSources: readonly { orgSlug: string }[],
  orgs: readonly Org[],
): Body[] {
  const bySlug = new Map(orgs.map((o) => [o.slug, o]));
  const found = new Map<string, Body>();
  const add = (slug: string, known?: Body) => {
    const org = bySlug.get(slug) ?? known;
    if (!org || found.has(slug)) return;
    found.set(slug, org);
    const parent = bySlug.get(slug)?.parent;
    if (parent) add(parent);
  };
  for (const s of sources) add(s.org.slug, s.org);
  for (const s of storedSources) add(s.orgSlug);
  return [...found.values()];
}

export interface Preview {
  content: ShareContent;
  counts: { kind: RedactionKind; count: number }[];
}

/** The content as it will be stored, and how many redactions of each kind made it so. */
export function previewOf(values: ComposerValues, bodies: readonly Body[]): Preview {
  const typed = contentOf(values);
  const base = { ...typed, indicators: canonicalIndicators(typed.indicators) };
  const { content, applied } = redactContent(base, {
    sourceNames: values.anonymiseSource
      ? namesOf(bodies.map((b) => ({ ...b, aliases: b.aliases ?? [] })))
      : [],
    terms: lines(values.terms),
    internalAddresses: values.internalAddresses,
    internalDomains: bodies.flatMap((b) => b.domains ?? []),
    personalData: values.personalData,
  });
  return { content, counts: applied };
}
