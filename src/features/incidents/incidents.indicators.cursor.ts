import { incidentErrors } from './incidents.errors.js';

/** Where a page of an incident's indicators ends: a report and a place in it. */
export interface IndicatorPlace {
  reportSeq: number;
  position: number;
}

/** The place as an opaque cursor. */
export const indicatorCursor = (p: IndicatorPlace) =>
  Buffer.from(`i|${p.reportSeq}|${p.position}`, 'utf8').toString('base64url');

/** The place a cursor of indicatorCursor names; one this server did not give out is refused. */
export function indicatorPlace(cursor: string): IndicatorPlace {
  const [tag, seq, position, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const int = (s: string | undefined) => (s !== undefined && /^(0|[1-9]\d{0,8})$/.test(s) ? Number(s) : null);
  const reportSeq = int(seq);
  const at = int(position);
  if (tag !== 'i' || reportSeq === null || at === null || rest.length > 0) throw incidentErrors.badCursor();
  return { reportSeq, position: at };
}
