import type { Static } from 'typebox';
import type {
  FollowUpInput as FollowUpSchema,
  QuickReportInput as QuickReportSchema,
} from '../../../src/features/incidents/incidents.schemas.js';
import { type Incident, request } from '../api.js';

// The shapes the server validates, from its own TypeBox schemas (type-only: nothing of the server is bundled).
export type QuickReportInput = Static<typeof QuickReportSchema>;
export type FollowUpInput = Static<typeof FollowUpSchema>;
/** The optional fields a quick report and a follow-up share. */
export type IncidentFields = Pick<
  QuickReportInput,
  'severity' | 'category' | 'tlp' | 'impact' | 'affectedSystems'
>;

/** The report-form fields a first report may carry (a follow-up may also clear them). */
export type ReportFields = Pick<
  QuickReportInput,
  'responseStatus' | 'cause' | 'nextSteps' | 'contactPerson' | 'policeReport' | 'ppcReport'
>;

export const reportApi = {
  /**
   * Files a quick report (速報) — as exercise data of `exercise` when given (a participant's report in an
   * exercise); the same key with the same body answers the same incident, filed once.
   */
  fileQuickReport: (body: QuickReportInput, idempotencyKey: string, exercise: string | null = null) =>
    request<Incident>(
      'POST',
      exercise ? `/api/v1/incidents?exercise=${encodeURIComponent(exercise)}` : '/api/v1/incidents',
      { body, idempotencyKey },
    ),
  /** Adds an update (続報) or the final report (確報) to an incident of the caller's own body. */
  addFollowUp: (incidentId: string, body: FollowUpInput, idempotencyKey: string) =>
    request<Incident>('POST', `/api/v1/incidents/${encodeURIComponent(incidentId)}/reports`, {
      body,
      idempotencyKey,
    }),
};
