import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { IndicatorType as ReportKind } from '../indicators/indicators.types.js';
import type { SharingDeps } from './sharing.deps.js';
import { clip, type NotImported, type Reading } from './sharing.import.reading.js';
import { shareImportsRepository } from './sharing.import.repository.js';
import { normaliseIndicators } from './sharing.indicators.js';
import { shareTypeOf } from './sharing.kinds.js';
import { managers } from './sharing.publication.js';
import { contentColumns, type ShareRow, sharesRepository } from './sharing.repository.js';
import type { AudienceSpec, Indicator, IndicatorType, ShareContent, Tlp } from './sharing.terms.js';

// A file from outside (a STIX bundle, a MISP event) made into a draft share of the center: nobody receives a
// draft; the center reviews it, sets its audience and sends it (PATCH), and only then does it go through the
// rules of any share — the guard of sharing refuses it if it carries what a body reported, TLP applies, four
// eyes publish it. The same file imported again returns its draft.

export type ImportFormat = 'stix-2.1' | 'misp';

/** The limits of a share (sharing.schemas ContentIn): what goes beyond them is listed as not imported. */
const TITLE_MAX = 200;
const BODY_MAX = 20_000;
const INDICATORS_MAX = 500;
const MITIGATIONS_MAX = 50;
const MITIGATION_MAX = 2000;
/** The TLP of a draft made from a file that carries none: not published, so the center sets it before sending. */
export const ASSUMED_TLP: Tlp = 'TLP:AMBER';

const FORMAT_NAMES: Record<ImportFormat, string> = { 'stix-2.1': 'STIX bundle', misp: 'MISP event' };

/** The content of the draft, within a share's limits; every part left out is added to `notImported`. */
export function draftContent(
  reading: Reading,
  format: ImportFormat,
  sourceId: string,
): { content: ShareContent; notImported: NotImported[] } {
  const notImported = [...reading.notImported];
  const firstLine =
    (reading.title ?? '')
      .split(/\r\n|\r|\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  let title = firstLine || `${FORMAT_NAMES[format]} ${sourceId}`;
  if (Array.from(title).length > TITLE_MAX) {
    title = clip(title, TITLE_MAX);
    notImported.push({
      id: sourceId,
      code: 'imports.truncated',
      reason: `the title was cut to ${TITLE_MAX} characters`,
    });
  }
  let body = reading.body?.trim() ? reading.body : `${FORMAT_NAMES[format]} ${sourceId}`;
  if (body.length > BODY_MAX) {
    body = body.slice(0, BODY_MAX);
    notImported.push({
      id: sourceId,
      code: 'imports.truncated',
      reason: `the body was cut to ${BODY_MAX} characters`,
    });
  }
  const indicators: Indicator[] = [];
  for (const i of reading.indicators) {
    const type = shareTypeOf(i.type, i.value);
    if (indicators.length >= INDICATORS_MAX) {
      notImported.push({
        id: i.from,
        code: 'imports.too_many',
        reason: `a share carries at most ${INDICATORS_MAX} indicators`,
      });
      continue;
    }
    const indicator: Indicator = {
      type,
      value: i.value,
      ...(i.description ? { description: clip(i.description, 2000) } : {}),
    };
    try {
      indicators.push(...normaliseIndicators([indicator]));
    } catch {
      // A value the reports' rules take that a share's own, older check of its type refuses (an e-mail address
      // on a host with an underscore, for one): since every kind has a share type, the only ones not carried.
      notImported.push({
        id: i.from,
        code: 'imports.not_carried_by_shares',
        reason: `a share does not take the ${type} '${clip(i.display)}'`,
      });
    }
  }
  const mitigations: string[] = [];
  for (const m of reading.mitigations.map((x) => x.trim()).filter((x) => x !== '')) {
    if (mitigations.length >= MITIGATIONS_MAX) {
      notImported.push({
        id: sourceId,
        code: 'imports.too_many',
        reason: `a share carries at most ${MITIGATIONS_MAX} mitigations`,
      });
      break;
    }
    if (m.length > MITIGATION_MAX)
      notImported.push({
        id: sourceId,
        code: 'imports.truncated',
        reason: `a mitigation was cut to ${MITIGATION_MAX} characters`,
      });
    mitigations.push(m.slice(0, MITIGATION_MAX));
  }
  return { content: { title, body, indicators, mitigations }, notImported };
}

/** JSON with every object's keys in order: the same content gives the same text however it was written. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The digest a file is known by: its format, its id and its whole content. */
export const importFingerprint = (format: ImportFormat, sourceId: string, file: unknown): string =>
  createHash('sha256')
    .update(`${format}\u0000${sourceId}\u0000${stableJson(file)}`)
    .digest('hex');

export interface ImportResult {
  share: ShareRow;
  /** False when this file had been imported already: its draft is returned, nothing new is made. */
  created: boolean;
  notImported: NotImported[];
  /** The file carried no TLP marking: the draft has ASSUMED_TLP until the center sets one. */
  tlpAssumed: boolean;
}

/** Makes a draft share of a file read for import (center), or returns the draft this same file made before. */
export async function importIntoDraft(args: {
  unit: Unit;
  actor: Actor;
  format: ImportFormat;
  file: unknown;
  reading: Reading & { sourceId: string };
  deps: SharingDeps;
}): Promise<ImportResult> {
  const { unit, actor, format, file, reading, deps } = args;
  if (!can.draftShares(actor))
    throw commonErrors.forbidden('Only center analysts and coordinators import into draft shares.');
  const { content, notImported } = draftContent(reading, format, reading.sourceId);
  const tlpAssumed = reading.tlp === null;
  const fingerprint = importFingerprint(format, reading.sourceId, file);
  const now = deps.clock.now();
  const at = now.toISOString();
  const earlier = async () => {
    const held = await shareImportsRepository.byFingerprint(unit.tx, fingerprint);
    return held ? sharesRepository.byId(unit.tx, held.share_id) : undefined;
  };
  const id = newId();
  const claimed = await shareImportsRepository.claim(unit.tx, {
    fingerprint,
    share_id: id,
    format,
    source_id: reading.sourceId,
    created_at: at,
  });
  if (!claimed) {
    const existing = await earlier();
    if (existing) return { share: existing, created: false, notImported, tlpAssumed };
    // Its draft is gone (purged): the file makes a new one.
    await shareImportsRepository.repoint(unit.tx, fingerprint, id, at);
  }
  const tlp = reading.tlp ?? ASSUMED_TLP;
  // A placeholder the center replaces before sending: TLP:RED names people, any other TLP every body.
  const audience: AudienceSpec = tlp === 'TLP:RED' ? { kind: 'users', users: [] } : { kind: 'all' };
  const share: ShareRow = {
    id,
    kind: 'share',
    status: 'draft',
    round: 1,
    revision: 1,
    ...contentColumns(content),
    tlp,
    audience: JSON.stringify(audience),
    recipients: JSON.stringify({ orgIds: [], users: [] }),
    redactions: '[]',
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
    consent_due_at: null,
    published_at: null,
    withdrawn_at: null,
    withdrawn_by: null,
    withdraw_reason: null,
    edited_by: '[]',
    published_by: null,
  };
  await sharesRepository.insert(unit.tx, share);
  await deps.audit.append(
    unit,
    audited(actor, 'share.import', 'share', id, {
      format,
      sourceId: reading.sourceId,
      fingerprint,
      tlp,
      indicators: content.indicators.length,
      mitigations: content.mitigations.length,
      notImported: notImported.length,
    }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'share.updated',
      incidentId: null,
      readerOrgIds: await managers(unit, []),
      payload: { shareId: id, status: 'draft' },
    },
    now,
  );
  return { share, created: true, notImported, tlpAssumed };
}
