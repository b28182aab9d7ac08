import type { NotifiedEvent } from './notifications.rules.js';

/** What a notification tells, before the TLP rule decides how much of it may leave Renraku. */
export interface AlertContent {
  /** The event, or 'alert.unacknowledged' when the center is told of an alert it may not read. */
  event: NotifiedEvent | 'alert.unacknowledged';
  /** For 'alert.unacknowledged': the event nobody acknowledged, when the recipient may know it. */
  originalEvent?: NotifiedEvent;
  tlp: string;
  /** The body the event is about (for 'alert.unacknowledged': the body that did not acknowledge). */
  org: { slug: string; nameJa: string; nameEn: string };
  at: Date;
  title: string | null;
  summary: string | null;
  /** The incident's severity (low … critical), when the recipient may know what it is about. */
  severity?: string | null;
  /** The incident the event is about, with its number (prefixed), when the recipient may read it. */
  incident?: { id: string; number: string };
  /** A consent request's: the numbers (prefixed) of the share's source incidents the asked body reads. */
  sourceNumbers?: string[];
  /** The situation the event is about (its name is the title), when the recipient may read it. */
  situation?: SituationContent;
  /** The body whose incident the recipient may not read yet, because it is in its ministry's review. */
  inReviewOf?: { slug: string; nameJa: string; nameEn: string };
  /** Absolute link to what the event is about, in the web app. */
  link: string | null;
  /** The one-time acknowledgment link, when an acknowledgment is asked. */
  ackLink: string | null;
  /** Set when a previous contact did not acknowledge (or could not be reached). */
  escalated: boolean;
  /** The exercise the notice is about data of: its subject and first line say so. Absent for real data. */
  exercise?: { id: string; number: string; name: string };
}

/** A situation as a notice names it: its number, its name and its posture level (null: no longer configured). */
export interface SituationContent {
  number: string;
  name: string;
  level: { ja: string; en: string } | null;
  /** For a situation report's notice: its number (第n報) and version (版), and its title. */
  report?: { number: number; version: number; title: string };
  /** For a request's notice: its number (R-n), its title and its due time. */
  request?: { number: string; title: string; dueAt: string };
}

export interface Recipient {
  locale: 'ja' | 'en';
  timeZone: string;
}

/** The words of one kind of notice: its label, and the sentence that opens its e-mail (naming the body). */
export interface KindWords {
  label: { ja: string; en: string };
  sentence: { ja: (o: string) => string; en: (o: string) => string };
}
