// Phase n, server side: the bodies, people and contacts of the notification bench, created in the server
// process through Renraku's own use-cases. The thousand recipient bodies and their contacts are written in
// one transaction each: one disk sync per hundred bodies, rather than three per body, keeps the set-up short.
import { contactDepsOf, createContact } from '../src/features/contacts/contacts.usecases.js';
import { createOrg } from '../src/features/orgs/orgs.usecases.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import type { Services } from '../src/services.js';
import { peopleMaker } from './government.js';

/** API tokens and addresses of the notification bench. */
export interface NotificationBodies {
  /** Files the timed quick reports (a reporter of the reporting ministry). */
  reporter: string;
  /** The reporting ministry's duty officer (24/7, e-mail): told of each of its quick reports. */
  dutyEmail: string;
  /** Drafts the advisory (center analyst). */
  analyst: string;
  /** Publishes it: a second person (center coordinator). */
  coordinator: string;
  /** Bodies the advisory goes to, each with one duty officer (24/7, e-mail). */
  recipients: { slug: string; email: string }[];
}

const dutyOfficer = (email: string) =>
  ({ name: '当番 担当者', role: 'duty-officer', email, availability: '24/7' }) as const;

/** The center with an analyst, the reporting ministry with its reporter and duty officer, and `count` bodies. */
export async function buildNotificationBodies(
  services: Services,
  count: number,
): Promise<NotificationBodies> {
  const { handle, audit, clock } = services;
  const { org, person } = peopleMaker(services);
  const deps = contactDepsOf(services);
  await org('center', 'center');
  await org('ministry', 'reporting');
  const dutyEmail = 'duty@reporting.bench';
  await inTransaction(handle, (unit) =>
    createContact({ unit, actor: null, slug: 'reporting', input: dutyOfficer(dutyEmail), deps }),
  );
  const recipients: NotificationBodies['recipients'] = [];
  for (let start = 0; start < count; start += 100) {
    await inTransaction(handle, async (unit) => {
      for (let i = start; i < Math.min(start + 100, count); i++) {
        const slug = `body-${i}`;
        const email = `duty@${slug}.bench`;
        const input = {
          kind: 'ministry',
          slug,
          nameJa: `${slug} 日本語`,
          nameEn: `${slug} English`,
        } as const;
        await createOrg({ unit, actor: null, input, audit, clock });
        await createContact({ unit, actor: null, slug, input: dutyOfficer(email), deps });
        recipients.push({ slug, email });
      }
    });
  }
  return {
    reporter: await person('reporting', 'reporter'),
    dutyEmail,
    analyst: await person('center', 'center-analyst'),
    coordinator: await person('center', 'center-coordinator'),
    recipients,
  };
}
