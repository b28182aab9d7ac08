import type { Executor } from '../src/platform/db/database.js';

// A fiscal year of incidents written by bulk SQL (not the API), for the annual report's bench and tests: each
// row is a function of its index, so that a test can recompute the same rows in memory to check the report.

export interface SeedBody {
  id: string;
  /** The supervising ministry of an agency; null for a ministry or the center. */
  parentId: string | null;
  kind: 'center' | 'ministry' | 'agency';
}

export interface SeededIncident {
  id: string;
  orgId: string;
  category: string | null;
  severity: string | null;
  detectedAt: string;
  reportedAt: string;
  reportingDueAt: string;
  centerReceivedAt: string | null;
  finalAt: string | null;
  exerciseId: string | null;
  /** The clocks' outcomes as the deadline sweep records them (deadline_outcomes). */
  clocks: SeededClock[];
}

export interface SeededClock {
  profileId: string;
  clockKey: string;
  dueAt: string;
  satisfiedAt: string | null;
  outcome: 'on-time' | 'late' | 'pending' | 'overdue';
  lateMinutes: number | null;
}

const CATEGORIES = ['malicious-code', 'intrusions', 'availability', 'fraud', null] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical', null] as const;

/** A small deterministic hash of (seed, i, salt) in [0, 1). */
function unit(seed: number, i: number, salt: number): number {
  let x = (seed * 374761393 + i * 668265263 + salt * 2246822519) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 2246822507) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 3266489909) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}

/** The i-th incident of the seed: reported within [from, to), delivered to the center unless held at review. */
export function seededIncident(
  i: number,
  o: { seed: number; from: string; to: string; bodies: readonly SeedBody[]; exerciseId?: string | null },
): SeededIncident {
  const body = o.bodies[Math.floor(unit(o.seed, i, 1) * o.bodies.length)] as SeedBody;
  const start = Date.parse(o.from);
  const span = Date.parse(o.to) - start;
  const reported = start + Math.floor(unit(o.seed, i, 2) * span);
  const detected =
    reported - Math.floor(unit(o.seed, i, 3) * 180) * 60_000 - Math.floor(unit(o.seed, i, 9) * 60_000);
  const held = body.kind === 'agency' && unit(o.seed, i, 4) < 0.1;
  const center = body.kind === 'agency' ? reported + Math.floor(unit(o.seed, i, 5) * 7200) * 1000 : reported;
  const exercise = o.exerciseId && unit(o.seed, i, 8) < 0.05 ? o.exerciseId : null;
  const finalAt = unit(o.seed, i, 10) < 0.5 ? reported + 86_400_000 : null;
  const due = detected + 60 * 60_000;
  const clocks: SeededClock[] = [
    {
      profileId: 'quick-report',
      clockKey: 'quick-report',
      dueAt: new Date(due).toISOString(),
      satisfiedAt: new Date(reported).toISOString(),
      outcome: reported <= due ? 'on-time' : 'late',
      lateMinutes: reported <= due ? null : Math.ceil((reported - due) / 60_000),
    },
  ];
  // A third of them assessed into APPI: a final report due 30 days after detection (a day after it if filed).
  if (unit(o.seed, i, 11) < 1 / 3) {
    const appiDue = detected + 30 * 86_400_000;
    clocks.push({
      profileId: 'appi',
      clockKey: 'final',
      dueAt: new Date(appiDue).toISOString(),
      satisfiedAt: finalAt === null ? null : new Date(finalAt).toISOString(),
      outcome: finalAt === null ? 'overdue' : 'on-time',
      lateMinutes: null,
    });
  }
  return {
    id: `seed-${o.seed}-${i}`,
    orgId: body.id,
    category: CATEGORIES[Math.floor(unit(o.seed, i, 6) * CATEGORIES.length)] ?? null,
    severity: SEVERITIES[Math.floor(unit(o.seed, i, 7) * SEVERITIES.length)] ?? null,
    detectedAt: new Date(detected).toISOString(),
    reportedAt: new Date(reported).toISOString(),
    reportingDueAt: new Date(detected + 60 * 60_000).toISOString(),
    centerReceivedAt: held ? null : new Date(center).toISOString(),
    finalAt: finalAt === null ? null : new Date(finalAt).toISOString(),
    exerciseId: exercise,
    clocks,
  };
}

/**
 * Writes `count` seeded incidents, their reader sets (the body, its ministry, the center once delivered) and their
 * clocks' outcomes as the deadline sweep records them.
 */
export async function seedAnnualIncidents(
  db: Executor,
  o: {
    seed: number;
    count: number;
    from: string;
    to: string;
    bodies: readonly SeedBody[];
    centerId: string;
    createdBy: string;
    exerciseId?: string | null;
    chunk?: number;
    /** Whether to write the clocks' outcomes too (default: yes). */
    withClocks?: boolean;
  },
): Promise<void> {
  const chunk = o.chunk ?? 500;
  for (let first = 0; first < o.count; first += chunk) {
    const rows = Array.from({ length: Math.min(chunk, o.count - first) }, (_, k) =>
      seededIncident(first + k, o),
    );
    await db
      .insertInto('incidents')
      .values(
        rows.map((r, k) => ({
          id: r.id,
          org_id: r.orgId,
          number: `S${o.seed}-${first + k}`,
          exercise_id: r.exerciseId,
          status: r.finalAt ? 'final' : 'open',
          title: 'seeded',
          summary: '',
          category: r.category,
          severity: r.severity,
          tlp: 'TLP:AMBER',
          impact: '{}',
          affected_systems: '[]',
          details: '{}',
          detected_at: r.detectedAt,
          reported_at: r.reportedAt,
          last_report_at: r.finalAt ?? r.reportedAt,
          final_at: r.finalAt,
          report_count: r.finalAt ? 2 : 1,
          // No report bodies are written: nothing for the guard of sharing's index. Left behind (0), the indexer
          // walked every seeded incident in batches at every interval, finding nothing to mark, for ever.
          fingerprinted_seq: r.finalAt ? 2 : 1,
          ministry_received_at: null,
          center_received_at: r.centerReceivedAt,
          reporting_due_at: r.reportingDueAt,
          created_by: o.createdBy,
        })),
      )
      .execute();
    const parentOf = new Map(o.bodies.map((b) => [b.id, b.parentId]));
    const readers = rows.flatMap((r) => {
      const out = [{ incident_id: r.id, org_id: r.orgId, since: r.reportedAt }];
      const parent = parentOf.get(r.orgId);
      if (parent) out.push({ incident_id: r.id, org_id: parent, since: r.reportedAt });
      if (r.centerReceivedAt && r.orgId !== o.centerId)
        out.push({ incident_id: r.id, org_id: o.centerId, since: r.centerReceivedAt });
      return out;
    });
    await db.insertInto('incident_readers').values(readers).execute();
    if (o.withClocks === false) continue;
    await db
      .insertInto('deadline_outcomes')
      .values(
        rows.flatMap((r) =>
          r.clocks.map((c) => ({
            incident_id: r.id,
            org_id: r.orgId,
            profile_id: c.profileId,
            clock_key: c.clockKey,
            due_at: c.dueAt,
            satisfied_at: c.satisfiedAt,
            outcome: c.outcome,
            late_minutes: c.lateMinutes,
            recorded_at: r.reportedAt,
          })),
        ),
      )
      .execute();
  }
}
