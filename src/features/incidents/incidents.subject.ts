import type { EventSubject } from '../../platform/events/events.js';
import type { IncidentRow } from './incidents.repository.js';

/** What an event about the incident carries for its subscribers; nothing for an exercise's (it alerts nobody). */
export const incidentSubject = (
  i: Pick<IncidentRow, 'id' | 'number' | 'org_id' | 'exercise_id' | 'tlp' | 'title' | 'summary' | 'severity'>,
): EventSubject | undefined =>
  i.exercise_id !== null
    ? undefined
    : {
        type: 'incident',
        id: i.id,
        orgId: i.org_id,
        tlp: i.tlp,
        title: i.title,
        summary: i.summary,
        severity: i.severity,
        number: i.number,
        link: `/incidents/${encodeURIComponent(i.id)}`,
      };
