import type { OrgRow } from '../orgs/orgs.directory.js';
import type { IncidentRow, incidentsRepository } from './incidents.repository.js';
import type { sendBacks } from './incidents.sendback.js';
import type { IncidentDetails } from './incidents.state.js';
import { jpCategory, profileCategories, type TaxonomyProfile } from './taxonomy.js';

// The explicit allow-list of what leaves the server about an incident. Add a field here, or it is not shown.

type Org = Pick<OrgRow, 'slug' | 'kind' | 'name_ja' | 'name_en'>;
type Awaited2<T> = T extends Promise<infer U> ? U : never;
type ReportRows = Awaited2<ReturnType<typeof incidentsRepository.reports>>;
type DeliveryRows = Awaited2<ReturnType<typeof incidentsRepository.deliveries>>;
type SendBackRows = Awaited2<ReturnType<typeof sendBacks.of>>;

export const presentOrg = (o: Org) => ({ slug: o.slug, kind: o.kind, nameJa: o.name_ja, nameEn: o.name_en });

/** The deployment's settings that presenting an incident uses. */
export interface PresentSettings {
  reportingTargetMinutes: number;
  incidentNumberPrefix: string;
}

/** What presenting incidents needs beyond their rows: their bodies and any review deadline. */
export interface IncidentContext {
  orgs: Map<string, OrgRow>;
  reviewDue: Map<string, string | null>;
  /** The supervising ministry's open request for more, by incident. */
  sentBack?: Map<string, { requested_at: string; message: string }>;
}

/** Presents incidents loaded together with their context (see incidentContext). */
export const presentIncidents = (
  rows: IncidentRow[],
  context: IncidentContext,
  settings: PresentSettings,
  now: Date,
) => rows.map((r) => presentInContext(r, context, settings, now));

/** Presents one incident loaded with its context (see incidentContext). */
export const presentInContext = (
  r: IncidentRow,
  context: IncidentContext,
  settings: PresentSettings,
  now: Date,
) =>
  presentIncident(
    r,
    context.orgs.get(r.org_id) as OrgRow,
    settings,
    now,
    context.reviewDue.get(r.id) ?? null,
    context.sentBack?.get(r.id) ?? null,
  );

export function presentIncident(
  i: IncidentRow,
  org: Org,
  settings: PresentSettings,
  now: Date,
  reviewDueAt: string | null,
  sentBack: { requested_at: string; message: string } | null = null,
) {
  const due = i.reporting_due_at;
  return {
    id: i.id,
    number: `${settings.incidentNumberPrefix}${i.number}`,
    org: presentOrg(org),
    status: i.status,
    title: i.title,
    summary: i.summary,
    category: i.category,
    severity: i.severity,
    tlp: i.tlp,
    impact: JSON.parse(i.impact) as Record<string, unknown>,
    affectedSystems: JSON.parse(i.affected_systems) as string[],
    ...presentDetails(JSON.parse(i.details) as IncidentDetails),
    exercise: i.exercise_id !== null,
    exerciseId: i.exercise_id,
    reportCount: i.report_count,
    sentBack: sentBack && { requestedAt: sentBack.requested_at, message: sentBack.message },
    chain: {
      detectedAt: i.detected_at,
      reportedAt: i.reported_at,
      ministryReceivedAt: i.ministry_received_at,
      centerReceivedAt: i.center_received_at,
      awaitingReview: reviewDueAt !== null,
      reviewDueAt,
      lastReportAt: i.last_report_at,
      finalAt: i.final_at,
    },
    reportingTarget: {
      minutes: settings.reportingTargetMinutes,
      dueAt: due,
      met: i.reported_at <= due,
      centerReceivedInTime: i.center_received_at
        ? i.center_received_at <= due
        : now.toISOString() > due
          ? false
          : null,
    },
  };
}

export const presentReport = (r: ReportRows[number]) => ({
  id: r.id,
  seq: r.seq,
  kind: r.kind,
  createdAt: r.created_at,
  author: { email: r.author_email, orgSlug: r.author_org_slug },
  body: JSON.parse(r.body) as Record<string, unknown>,
});

export const presentDelivery = (d: DeliveryRows[number]) => ({
  level: d.level,
  org: presentOrg(d),
  state: d.state,
  route: d.route,
  createdAt: d.created_at,
  receivedAt: d.received_at,
  reviewDueAt: d.review_due_at,
  forwardedAt: d.forwarded_at,
  note: d.note ?? null,
});

export const presentSendBack = (r: SendBackRows[number]) => ({
  requestedAt: r.requested_at,
  requestedBy: { email: r.requester_email, orgSlug: r.requester_org_slug },
  message: r.message,
  answeredAt: r.answered_at,
  answeredBySeq: r.answered_seq,
});

/** A profile's categories with their RSIT type and, where the profile names them, their names. */
export const presentCategories = (profile: TaxonomyProfile) =>
  profileCategories(profile).map(({ code, rsit }) => {
    const named = jpCategory(code);
    return { code, rsit, ...(named ? { nameJa: named.nameJa, nameEn: named.nameEn } : {}) };
  });

/** The form fields of an incident, each null when no report gave it (or the latest cleared it). */
const presentDetails = (d: IncidentDetails) => ({
  responseStatus: d.responseStatus ?? null,
  cause: d.cause ?? null,
  nextSteps: d.nextSteps ?? null,
  contactPerson: d.contactPerson ?? null,
  policeReport: d.policeReport ?? null,
  ppcReport: d.ppcReport ?? null,
});
