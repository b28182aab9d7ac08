import type { Actor, OrgKind, Role } from './roles.js';

// Every access rule of Renraku, as data-shaped one-liners. Handlers ask these; they never test roles themselves.
// What an actor may *see* — which incidents, shares, consent requests, notifications and live events — is
// decided by the reader sets, in one module: visibility.ts beside this file.

export const CONTENT_ROLES: readonly Role[] = [
  'reporter',
  'security-officer',
  'center-analyst',
  'center-coordinator',
];
const FILING_ROLES: readonly Role[] = ['reporter', 'security-officer'];

/** An item a notification is about, as one body sees it (an incident, a share, a consent request). */
export interface NoticeItem {
  /** Only named people may read it (a TLP:RED share); no body as a whole. */
  namedOnly: boolean;
  /** The body reads it as a whole (its reader set, a share's recipient body, the body asked for consent). */
  bodyReads: boolean;
}

/** A contact of a body, and the Renraku user its e-mail address belongs to, if any. */
export interface NoticeContact {
  orgId: string;
  person: { orgId: string; role: string; active: boolean; named: boolean } | null;
}

export const can = {
  /**
   * Which sections of an annual report the actor reads (issue 15 point 5): the center's content roles and its
   * auditors every section; a ministry's reporters and security officers their own section (with the
   * government-wide totals); nobody else any (agencies, administrators).
   */
  annualSectionsOf: (a: Actor): 'all' | { ministryId: string } | null => {
    if (a.orgKind === 'center') return CONTENT_ROLES.includes(a.role) || a.role === 'auditor' ? 'all' : null;
    return a.orgKind === 'ministry' && FILING_ROLES.includes(a.role) ? { ministryId: a.orgId } : null;
  },
  /** Draft an annual report, change its draft and declare it final: the center's analysts and coordinators. */
  draftAnnualReport: (a: Actor) =>
    a.orgKind === 'center' && (a.role === 'center-analyst' || a.role === 'center-coordinator'),
  /** Comment on a ministry's section of a draft: that ministry's security officers, or the center's drafters. */
  commentOnAnnualSection: (a: Actor, ministryId: string) =>
    can.draftAnnualReport(a) || (a.role === 'security-officer' && a.orgId === ministryId),
  /** Read incident content at all (administrators and auditors see none by their role alone). */
  readIncidents: (a: Actor) => CONTENT_ROLES.includes(a.role),
  /**
   * Read correlations between incidents (issue 14): every role that reads incidents, each within the incidents
   * its body reads (visibility.ts, correlationReadableBy).
   */
  readCorrelations: (a: Actor) => CONTENT_ROLES.includes(a.role),
  /** File a quick report for the actor's own body. */
  fileIncident: (a: Actor) => FILING_ROLES.includes(a.role),
  /**
   * Post STIX objects to the body's TAXII inbox (issue 14), which become its reports' data: the people who file
   * its reports. Everyone else has no inbox at all.
   */
  postTaxiiInbox: (a: Actor) => FILING_ROLES.includes(a.role),
  /**
   * Import a STIX bundle of up to a bulk import's limits into an incident's indicators, as an update (issue 14,
   * T2): the people who file reports, into their own body's incidents only (addReport, asked of the incident).
   */
  importIndicators: (a: Actor) => FILING_ROLES.includes(a.role),
  /** Report a sighting of a received share's indicator (issue 14): the body's reporters and security officers. */
  reportSightings: (a: Actor) => FILING_ROLES.includes(a.role),
  /** Add an update or the final report: only the body whose incident it is. */
  addReport: (a: Actor, incident: { orgId: string }) =>
    FILING_ROLES.includes(a.role) && incident.orgId === a.orgId,
  /**
   * Record or change the impact assessment of an incident (issue 15): the reporting body's reporters and security
   * officers, as they add reports. Its readers see it (visibility.ts, the incident's reader set).
   */
  recordAssessment: (a: Actor, incident: { orgId: string }) =>
    FILING_ROLES.includes(a.role) && incident.orgId === a.orgId,
  /** Change or add a deadline profile (which bodies it covers, its clocks): the administrator's configuration. */
  configureDeadlines: (a: Actor) => a.role === 'admin',
  /** Attach a file to a report of an incident: the body whose incident it is, as it adds reports. */
  attachFile: (a: Actor, incident: { orgId: string }) =>
    FILING_ROLES.includes(a.role) && incident.orgId === a.orgId,
  /**
   * Withdraw a file attached by mistake (its bytes are erased, its record stays): whoever attached it, or a
   * security officer of the incident's body.
   */
  withdrawAttachment: (a: Actor, file: { orgId: string; uploadedBy: string }) =>
    can.attachFile(a, file) && (a.role === 'security-officer' || file.uploadedBy === a.userId),
  /** Forward an agency report waiting for review: the supervising ministry's security officer. */
  forward: (a: Actor, delivery: { orgId: string }) =>
    a.role === 'security-officer' && delivery.orgId === a.orgId,
  /** Send an agency report under review back to the agency for more (差し戻し): whoever may forward it. */
  sendBack: (a: Actor, delivery: { orgId: string }) => can.forward(a, delivery),
  /**
   * Read the supervising ministry's note to the center on forwarding: the center and that ministry, not the
   * reporting agency (the note is about its report, written for the center).
   */
  readForwardNote: (a: Actor, incident: { parentId: string | null }) =>
    CONTENT_ROLES.includes(a.role) && (a.orgKind === 'center' || a.orgId === incident.parentId),
  /** Create and change bodies and their routing settings. */
  manageOrgs: (a: Actor) => a.role === 'admin',
  /** Choose whether a ministry reviews its agencies' reports before they go to the center. */
  configureRouting: (a: Actor, org: { orgId: string }) =>
    a.role === 'admin' || (a.role === 'security-officer' && org.orgId === a.orgId),
  /** Read the organization tree (names and structure, no incident content). */
  readOrgs: (_a: Actor) => true,
  /**
   * Create or change users of a body: administrators anywhere, a security officer in its own body for body
   * roles (a change must be allowed for the user's role before and after it).
   */
  manageUsers: (a: Actor, target: { orgId: string; role: Role; orgKind: OrgKind }) =>
    a.role === 'admin' ||
    (a.role === 'security-officer' &&
      target.orgId === a.orgId &&
      (target.role === 'reporter' || target.role === 'security-officer')),
  /** Create the first security officer of a body that has nobody yet, at once: administrators. */
  startBody: (a: Actor, target: { role: Role }) => a.role === 'admin' && target.role === 'security-officer',
  /** Issue, list and revoke API tokens: each person its own (an administrator ends others' by disabling them). */
  manageTokens: (a: Actor, owner: { userId: string }) => a.userId === owner.userId,
  /** Create an API token: from a browser session that passed a second factor (a token works without one). */
  createToken: (a: Actor) => a.via === 'session' && a.mfa === true,
  /** Read the users of every body at once. */
  readAllUsers: (a: Actor) => a.role === 'admin',
  /** Read users of a body. */
  readUsers: (a: Actor, orgId: string) =>
    a.role === 'admin' || (a.role === 'security-officer' && orgId === a.orgId),
  /** Draft, edit and withdraw shares and advisories; see every share and its acknowledgments. */
  draftShares: (a: Actor) => a.role === 'center-analyst' || a.role === 'center-coordinator',
  /** Read the warning lists and their entries (values almost never malicious): the center's content roles. */
  readWarningLists: (a: Actor) => a.orgKind === 'center' && CONTENT_ROLES.includes(a.role),
  /** Create, import and change warning lists: the center's analysts and coordinators. */
  editWarningLists: (a: Actor) => can.draftShares(a),
  /** Remind the recipients of a published share who have not read it: whoever drafts shares (the center). */
  remindRecipients: (a: Actor) => can.draftShares(a),
  /** See every share, drafts included: the center's content roles (the center reads every source). */
  readAllShares: (a: Actor) => a.orgKind === 'center' && CONTENT_ROLES.includes(a.role),
  /** Publish the center's own advisories under TLP:GREEN or TLP:CLEAR (four eyes): center coordinators. */
  publishAdvisories: (a: Actor) => a.orgKind === 'center' && a.role === 'center-coordinator',
  /** Publish this one: a center coordinator who neither drafted nor changed it. */
  publishAdvisory: (a: Actor, share: { authorIds: readonly string[] }) =>
    can.publishAdvisories(a) && !share.authorIds.includes(a.userId),
  /** Answer the consent requests of a body, and manage its standing consents: its security officer. */
  answerConsent: (a: Actor, body: { orgId: string }) =>
    a.role === 'security-officer' && body.orgId === a.orgId,
  /** Withdraw a share: the center, or a security officer of a body whose consent it needed. */
  withdrawShare: (a: Actor, consentingOrgIds: readonly string[]) =>
    can.draftShares(a) || (a.role === 'security-officer' && consentingOrgIds.includes(a.orgId)),
  /** Change a body's contact structure (contacts, verification, webhook key): its security officer, admins. */
  manageContacts: (a: Actor, body: { orgId: string }) =>
    a.role === 'admin' || (a.role === 'security-officer' && body.orgId === a.orgId),
  /** Read a body's contacts: its own people, its supervising ministry's security officer, the center, admins. */
  readContacts: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    a.role === 'admin' ||
    (a.orgKind === 'center' && CONTENT_ROLES.includes(a.role)) ||
    (FILING_ROLES.includes(a.role) && body.orgId === a.orgId) ||
    (a.role === 'security-officer' && body.parentId === a.orgId),
  /** Read a body's notification rules: whoever reads its contact structure. */
  readNotificationRules: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    can.readContacts(a, body),
  /** Change a body's notification rules: whoever manages its contact structure. */
  manageNotificationRules: (a: Actor, body: { orgId: string }) => can.manageContacts(a, body),
  /** Start verification campaigns and communication checks at all: the center's coordinators, ministries' security officers. */
  runCampaigns: (a: Actor) =>
    (a.orgKind === 'center' && a.role === 'center-coordinator') ||
    (a.orgKind === 'ministry' && a.role === 'security-officer'),
  /** Include a body in a campaign or check: the center's coordinators any, a ministry's security officer its agencies. */
  runCampaignFor: (a: Actor, body: { parentId: string | null }) =>
    (a.orgKind === 'center' && a.role === 'center-coordinator') ||
    (a.role === 'security-officer' && body.parentId === a.orgId),
  /** Close a campaign: whoever may run campaigns, in the body that started it. */
  closeCampaign: (a: Actor, campaign: { orgId: string }) => can.runCampaigns(a) && campaign.orgId === a.orgId,
  /** See a body's entry in a campaign or check: its security officer, its ministry's, the center's content roles. */
  readCampaignEntry: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    (a.orgKind === 'center' && CONTENT_ROLES.includes(a.role)) ||
    (a.role === 'security-officer' && (body.orgId === a.orgId || body.parentId === a.orgId)),
  /** Confirm a body's contact structure for a campaign: its security officer. */
  confirmCampaign: (a: Actor, body: { orgId: string }) =>
    a.role === 'security-officer' && body.orgId === a.orgId,
  /**
   * Read large-scale situations at all: the content roles (administrators and auditors see none; they read the
   * audit log). Which situations and answers each body sees is in visibility.ts.
   */
  readSituations: (a: Actor) => CONTENT_ROLES.includes(a.role),
  /**
   * Run exercises (exercise control): write, start, pause, resume and end them, and read their scenarios — the
   * center's coordinators only; participants never see the injects to come.
   */
  runExercises: (a: Actor) => a.orgKind === 'center' && a.role === 'center-coordinator',
  /** Declare a situation, change its level, stand it down, write its notes and decisions: center coordinators. */
  coordinateSituations: (a: Actor) => a.orgKind === 'center' && a.role === 'center-coordinator',
  /**
   * See a situation's roll-call board: the center's analysts and coordinators (every body in scope), a
   * ministry's security officers and reporters (itself and its agencies in scope); never an agency.
   */
  readSituationBoard: (a: Actor) =>
    (a.orgKind === 'center' && (a.role === 'center-analyst' || a.role === 'center-coordinator')) ||
    (a.orgKind === 'ministry' && FILING_ROLES.includes(a.role)),
  /**
   * Answer the roll-call for a body in scope: its own reporters and security officers, or its supervising
   * ministry's on its behalf (recorded as such).
   */
  answerRollCall: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    FILING_ROLES.includes(a.role) &&
    (body.orgId === a.orgId || (a.orgKind === 'ministry' && body.parentId === a.orgId)),
  /**
   * Move an addressed body's state of a situation's request (受領 → 対応中 → 完了): its own reporters and
   * security officers, or its supervising ministry's on its behalf (recorded as such).
   */
  moveSituationRequest: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    FILING_ROLES.includes(a.role) &&
    (body.orgId === a.orgId || (a.orgKind === 'ministry' && body.parentId === a.orgId)),
  /** Read an addressed body's state of a request: the body itself, its supervising ministry, the center. */
  readSituationRequestState: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    CONTENT_ROLES.includes(a.role) &&
    (a.orgKind === 'center' || body.orgId === a.orgId || body.parentId === a.orgId),
  /** Read a body's roll-call answers: the body itself, its supervising ministry, the center. */
  readRollCallAnswers: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    CONTENT_ROLES.includes(a.role) &&
    (a.orgKind === 'center' || body.orgId === a.orgId || body.parentId === a.orgId),
  /**
   * Hear of an item through a contact of a body (e-mail, in-app). An address that is a Renraku user's is that
   * person, who must be active, of the contact's body and a reader; any other address speaks for the body, and
   * so never hears of an item for named people only.
   */
  hearOf: (item: NoticeItem, c: NoticeContact) =>
    c.person === null
      ? item.bodyReads && !item.namedOnly
      : c.person.active &&
        c.person.orgId === c.orgId &&
        (CONTENT_ROLES as readonly string[]).includes(c.person.role) &&
        (item.namedOnly ? c.person.named : item.bodyReads),
  /** Hear of an item through a body's own tool (its webhook): a tool is nobody named. */
  hearByTool: (item: NoticeItem) => item.bodyReads && !item.namedOnly,
  /**
   * See an exercise's report at all (which rows: readExerciseReportRow): exercise control at any time; a
   * ministry's security officers and reporters once it has ended.
   */
  seeExerciseReport: (a: Actor, ended: boolean) =>
    can.runExercises(a) || (ended && a.orgKind === 'ministry' && FILING_ROLES.includes(a.role)),
  /**
   * Read an exercise report's row of a body: exercise control every row (at any time); a ministry's security
   * officers and reporters, once the exercise has ended, itself and its agencies (as its roll-call board); never
   * an agency, an analyst, an administrator or an auditor.
   */
  readExerciseReportRow: (a: Actor, row: { ministryId: string }, ended: boolean) =>
    can.runExercises(a) ||
    (ended && a.orgKind === 'ministry' && FILING_ROLES.includes(a.role) && row.ministryId === a.orgId),
  /**
   * Read a lesson learned: exercise control all; the owning body's security officers and reporters, and its
   * supervising ministry's.
   */
  readLesson: (a: Actor, lesson: { ownerOrgId: string; ownerParentId: string | null }) =>
    can.runExercises(a) ||
    (FILING_ROLES.includes(a.role) && (lesson.ownerOrgId === a.orgId || lesson.ownerParentId === a.orgId)),
  /** Move a lesson's follow-up on: exercise control, or the owning body's security officer. */
  followUpLesson: (a: Actor, lesson: { ownerOrgId: string }) =>
    can.runExercises(a) || (a.role === 'security-officer' && lesson.ownerOrgId === a.orgId),
  /**
   * Open an incident's accountability track (国民への説明責任) and draft its public notices: the reporters and
   * security officers of the incident's body.
   */
  draftNotices: (a: Actor, body: { orgId: string }) =>
    FILING_ROLES.includes(a.role) && body.orgId === a.orgId,
  /** Decide whether the public is told (publish / not needed): the security officer of the incident's body. */
  decidePublicExplanation: (a: Actor, body: { orgId: string }) =>
    a.role === 'security-officer' && body.orgId === a.orgId,
  /**
   * Approve a version of a notice (four eyes): the body's designated approver — its security officer — who
   * neither wrote nor changed that version.
   */
  approveNotice: (a: Actor, version: { orgId: string; authorIds: readonly string[] }) =>
    a.role === 'security-officer' && version.orgId === a.orgId && !version.authorIds.includes(a.userId),
  /** Publish an approved version of a notice, or withdraw a published notice: the body's security officer. */
  publishNotice: (a: Actor, body: { orgId: string }) =>
    a.role === 'security-officer' && body.orgId === a.orgId,
  /**
   * Read an incident's accountability track and its notices before publication, and comment on them: the
   * body's content roles, its supervising ministry's, the center's (visibility.ts, noticeVisibleTo).
   */
  readNoticeDrafts: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    CONTENT_ROLES.includes(a.role) &&
    (a.orgKind === 'center' || body.orgId === a.orgId || body.parentId === a.orgId),
  /**
   * Read a body's policy clause register (ポリシーへの記載) and its coverage: the body's reporters and security
   * officers, its supervising ministry's, the center's content roles, and administrators and auditors, who change
   * nothing (visibility.ts, policyRecordVisibleTo, reads the same rows).
   */
  readPolicyRegister: (a: Actor, body: { orgId: string; parentId: string | null }) =>
    a.role === 'admin' ||
    a.role === 'auditor' ||
    (a.orgKind === 'center' && CONTENT_ROLES.includes(a.role)) ||
    (FILING_ROLES.includes(a.role) && (body.orgId === a.orgId || body.parentId === a.orgId)),
  /**
   * Record a clause of the body's policy, attach its excerpt, and confirm it: the body's own security officer
   * (an administrator does not act as a body).
   */
  recordPolicyClause: (a: Actor, body: { orgId: string }) =>
    a.role === 'security-officer' && body.orgId === a.orgId,
  /** Confirm a clause record of the body (who confirmed it and when is the register's evidence): likewise. */
  confirmPolicyClause: (a: Actor, body: { orgId: string }) =>
    a.role === 'security-officer' && body.orgId === a.orgId,
  /** Send policy requests (要請) at all: a ministry's security officer, the center's coordinators. */
  sendPolicyRequests: (a: Actor) =>
    (a.orgKind === 'ministry' && a.role === 'security-officer') ||
    (a.orgKind === 'center' && a.role === 'center-coordinator'),
  /** Ask this body: a ministry its own agencies, the center the ministries. */
  sendPolicyRequestTo: (a: Actor, body: { parentId: string | null; kind: OrgKind }) =>
    (a.orgKind === 'ministry' && a.role === 'security-officer' && body.parentId === a.orgId) ||
    (a.orgKind === 'center' && a.role === 'center-coordinator' && body.kind === 'ministry'),
  /** Close a request: whoever may send requests, in the body that sent it. */
  closePolicyRequest: (a: Actor, request: { orgId: string }) =>
    can.sendPolicyRequests(a) && request.orgId === a.orgId,
  /**
   * See an asked body's part of a request: the body's reporters and security officers, the sending body's, the
   * center's content roles, administrators and auditors. An asked body never sees the other bodies asked.
   */
  readPolicyRequestTarget: (a: Actor, target: { orgId: string; senderId: string }) =>
    can.readEveryPolicyRequest(a) ||
    (FILING_ROLES.includes(a.role) && (target.orgId === a.orgId || target.senderId === a.orgId)),
  /** See every body's part of every request: the center's content roles, administrators and auditors. */
  readEveryPolicyRequest: (a: Actor) =>
    a.role === 'admin' || a.role === 'auditor' || (a.orgKind === 'center' && CONTENT_ROLES.includes(a.role)),
  /** Answer a request for a body asked: its security officer, with the body's own confirmed clause record. */
  answerPolicyRequest: (a: Actor, target: { orgId: string }) =>
    a.role === 'security-officer' && target.orgId === a.orgId,
  /** Read and verify the audit log. */
  readAudit: (a: Actor) => a.role === 'auditor' || a.role === 'admin',
  /** Configure identity providers and their mappings (what changes an existing body waits for its confirmation). */
  manageSso: (a: Actor) => a.role === 'admin',
  /** Link one's account to an identity provider: a person at a browser, who can log in there (not a token). */
  linkIdentity: (a: Actor) => a.via === 'session',
  /** Change one's own password: a person at a browser who knows the current one (a token never does). */
  changeOwnPassword: (a: Actor) => a.via === 'session',
  /** Set up or remove one's own second factors: from a browser session (a token manages none). */
  manageOwnFactors: (a: Actor) => a.via === 'session',
  /** See a provider and its mappings: administrators, and the security officers of the bodies it logs in. */
  readSso: (a: Actor, bodies: readonly string[]) =>
    a.role === 'admin' || (a.role === 'security-officer' && bodies.includes(a.orgId)),
  /** Turn a body's local passwords off or on and name its break-glass accounts: its security officer, admins. */
  manageLoginPolicy: (a: Actor, body: { orgId: string }) =>
    a.role === 'admin' || (a.role === 'security-officer' && body.orgId === a.orgId),
  /**
   * Change a body's people and contacts at once, confirm its structure, replace its webhook key: its own
   * security officer. Anyone else who may manage them (an administrator) asks, and the body confirms.
   */
  changeBodyDirectly: (a: Actor, body: { orgId: string }) =>
    a.role === 'security-officer' && body.orgId === a.orgId,
  /** See what was asked or done to a body's people and contacts: its security officers; administrators all. */
  readChanges: (a: Actor, body: { orgId: string }) =>
    can.readAllChanges(a) || (a.role === 'security-officer' && body.orgId === a.orgId),
  /** See the changes of every body at once: administrators. */
  readAllChanges: (a: Actor) => a.role === 'admin',
  /** Confirm or reject a change asked of a body: its security officer, or another administrator when so asked. */
  confirmChange: (a: Actor, change: { orgId: string; confirmBy: string | null; requestedBy: string }) =>
    a.userId !== change.requestedBy &&
    (change.confirmBy === 'body'
      ? a.role === 'security-officer' && change.orgId === a.orgId
      : change.confirmBy === 'second-admin' && a.role === 'admin'),
};
