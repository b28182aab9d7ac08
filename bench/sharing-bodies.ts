// Phase s, server side: the bodies and people of the sharing bench, created in the server process through
// Renraku's own use-cases (bench/government.ts). The incident the shares derive from is filed over HTTP by the
// phase itself, as a ministry would file it.
import type { Services } from '../src/services.js';
import { peopleMaker } from './government.js';

/** API tokens of the sharing bench's people, and the slugs of the bodies that receive each share. */
export interface SharingBodies {
  /** Drafts every share (center analyst). */
  analyst: string;
  /** Files the source incident and answers each consent request (the source ministry's security officer). */
  officer: string;
  /** One reader in each recipient ministry. */
  recipients: { slug: string; token: string }[];
  /** A reader in a ministry that no share names: it must receive nothing. */
  bystander: string;
}

/** The center with an analyst, the source ministry with its officer, `count` recipient ministries and a bystander. */
export async function buildSharingBodies(services: Services, count: number): Promise<SharingBodies> {
  const { org, person } = peopleMaker(services);
  await org('center', 'center');
  await org('ministry', 'source');
  await org('ministry', 'bystander');
  const recipients: SharingBodies['recipients'] = [];
  for (let i = 0; i < count; i++) {
    const slug = `recipient-${i}`;
    await org('ministry', slug);
    recipients.push({ slug, token: await person(slug, 'reporter') });
  }
  return {
    analyst: await person('center', 'center-analyst'),
    officer: await person('source', 'security-officer'),
    recipients,
    bystander: await person('bystander', 'reporter'),
  };
}
