import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { type Cell, type ExportOptions, localTime, type Sheet } from '../../platform/export/sheets.js';
import { incidentErrors } from './incidents.errors.js';
import type { presentDelivery, presentIncident, presentReport } from './incidents.presenter.js';
import { incidentsRepository } from './incidents.repository.js';
import { type IncidentDeps, readableIncident } from './incidents.usecases.js';

// An incident as a reader takes it away (XLSX or CSV): its facts as the incident page shows them, then every
// report in order, then its deliveries up the chain. Built from the presented incident: nothing the page
// does not show.

/** Reads an incident to export it: exactly its readers may, and the export is audited with its format. */
export async function exportIncident(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  format: string;
  deps: IncidentDeps;
}) {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  // Exercise data leaves in no export: it would travel on as if real.
  if (incident.exercise_id !== null) throw incidentErrors.exerciseNotExported();
  const [reports, deliveries] = await Promise.all([
    incidentsRepository.reports(unit.tx, incident.id),
    incidentsRepository.deliveries(unit.tx, incident.id),
  ]);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.export', 'incident', incident.id, { format: args.format }),
    deps.clock.now(),
  );
  return { incident, reports, deliveries };
}

type Presented = ReturnType<typeof presentIncident>;
type Report = ReturnType<typeof presentReport>;
type Delivery = ReturnType<typeof presentDelivery>;

const LABELS = {
  ja: {
    facts: '事案',
    reports: '報告',
    deliveries: '連絡経路',
    field: '項目',
    value: '内容',
    id: 'ID',
    number: '事案番号',
    body: '報告元',
    title: '件名',
    status: '状況',
    severity: '深刻度',
    category: '分類',
    tlp: 'TLP',
    summary: '概要',
    affectedSystems: '影響を受けたシステム',
    personalData: '個人情報',
    persons: '対象人数（概数）',
    serviceDisruption: 'サービス停止',
    informationLeaked: '情報漏えい',
    informationAltered: '情報改ざん',
    informationDestroyed: '情報破壊',
    detectedAt: '検知日時',
    reportedAt: '報告日時',
    ministryReceivedAt: '府省庁受領日時',
    centerReceivedAt: 'センター受領日時',
    finalAt: '確報日時',
    seq: '番号',
    kind: '種別',
    at: '日時',
    author: '報告者',
    authorBody: '報告者の組織',
    text: '本文',
    level: '段階',
    state: '状態',
    receivedAt: '受領日時',
    forwardedAt: '転送日時',
    yes: 'あり',
    no: 'なし',
    open: '対応中',
    final: '確報済',
    quick: '速報',
    update: '続報',
    finalReport: '確報',
    low: '低',
    medium: '中',
    high: '高',
    critical: '緊急',
  },
  en: {
    facts: 'Incident',
    reports: 'Reports',
    deliveries: 'Deliveries',
    field: 'Field',
    value: 'Value',
    id: 'ID',
    number: 'Incident number',
    body: 'Reporting body',
    title: 'Title',
    status: 'Status',
    severity: 'Severity',
    category: 'Category',
    tlp: 'TLP',
    summary: 'Summary',
    affectedSystems: 'Affected systems',
    personalData: 'Personal data',
    persons: 'Persons (approx.)',
    serviceDisruption: 'Service disruption',
    informationLeaked: 'Information leaked',
    informationAltered: 'Information altered',
    informationDestroyed: 'Information destroyed',
    detectedAt: 'Detected',
    reportedAt: 'Reported',
    ministryReceivedAt: 'Received by the ministry',
    centerReceivedAt: 'Received by the center',
    finalAt: 'Final report',
    seq: 'No.',
    kind: 'Kind',
    at: 'At',
    author: 'Author',
    authorBody: "Author's body",
    text: 'Text',
    level: 'Level',
    state: 'State',
    receivedAt: 'Received',
    forwardedAt: 'Forwarded',
    yes: 'Yes',
    no: 'No',
    open: 'Open',
    final: 'Final report filed',
    quick: 'Quick report',
    update: 'Update',
    finalReport: 'Final report',
    low: 'Low',
    medium: 'Medium',
    high: 'High',
    critical: 'Critical',
  },
} as const;

type Labels = (typeof LABELS)[keyof typeof LABELS];

const word = (l: Labels, key: string | null | undefined): string =>
  key ? ((l as Record<string, string>)[key] ?? key) : '';
const yesNo = (l: Labels, v: unknown): string => (v === true ? l.yes : v === false ? l.no : '');
const text = (v: unknown): Cell => (typeof v === 'string' ? v : null);

/** The incident's sheets: facts (field and value), reports, deliveries. */
export function incidentSheets(
  i: Presented,
  reports: Report[],
  deliveries: Delivery[],
  { lang, timeZone }: Pick<ExportOptions, 'lang' | 'timeZone'>,
): Sheet[] {
  const l = LABELS[lang];
  const at = (iso: string | null) => localTime(iso, timeZone);
  const name = (o: { nameJa: string; nameEn: string }) => (lang === 'ja' ? o.nameJa : o.nameEn);
  const impact = i.impact as {
    personalData?: { involved?: boolean; approxPersons?: number };
    [k: string]: unknown;
  };
  const facts: [string, Cell][] = [
    [l.number, i.number],
    [l.id, i.id],
    [l.title, i.title],
    [l.body, name(i.org)],
    [l.status, word(l, i.status)],
    [l.severity, word(l, i.severity)],
    [l.category, i.category],
    [l.tlp, i.tlp],
    [l.summary, i.summary],
    [l.affectedSystems, i.affectedSystems.join('\n')],
    [l.personalData, yesNo(l, impact.personalData?.involved)],
    [l.persons, impact.personalData?.approxPersons ?? null],
    [l.serviceDisruption, yesNo(l, impact.serviceDisruption)],
    [l.informationLeaked, yesNo(l, impact.informationLeaked)],
    [l.informationAltered, yesNo(l, impact.informationAltered)],
    [l.informationDestroyed, yesNo(l, impact.informationDestroyed)],
    [l.detectedAt, at(i.chain.detectedAt)],
    [l.reportedAt, at(i.chain.reportedAt)],
    [l.ministryReceivedAt, at(i.chain.ministryReceivedAt)],
    [l.centerReceivedAt, at(i.chain.centerReceivedAt)],
    [l.finalAt, at(i.chain.finalAt)],
  ];
  return [
    { name: l.facts, header: [l.field, l.value], rows: facts },
    {
      name: l.reports,
      header: [l.seq, l.kind, l.at, l.author, l.authorBody, l.title, l.summary, l.text],
      rows: reports.map((r) => [
        r.seq,
        word(l, r.kind === 'final' ? 'finalReport' : r.kind),
        at(r.createdAt),
        r.author.email,
        r.author.orgSlug,
        text(r.body.title),
        text(r.body.summary),
        text(r.body.text),
      ]),
    },
    {
      name: l.deliveries,
      header: [l.level, l.body, l.state, l.at, l.receivedAt, l.forwardedAt],
      rows: deliveries.map((d) => [
        d.level,
        name(d.org),
        d.state,
        at(d.createdAt),
        at(d.receivedAt),
        at(d.forwardedAt),
      ]),
    },
  ];
}
