import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/events.js';
import type { IncidentDeps } from '../incidents/incidents.usecases.js';
import type { SituationDeps } from '../situations/situations.deps.js';

/** What exercises run on: their own audit, clock and events, and the use cases the injects play. */
export interface ExerciseDeps {
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  /** Zone of the fiscal year that numbers exercises. */
  timeZone: string;
  situationDeps: SituationDeps;
  incidentDeps: IncidentDeps;
}
