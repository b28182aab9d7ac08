import { type Command, InvalidArgumentError } from 'commander';
import { CONTACT_ROLES, type ContactRole } from '../features/contacts/contacts.schemas.js';
import { createContact } from '../features/contacts/contacts.usecases.js';
import { personalWords } from '../features/users/passwords.strength.js';
import { createToken } from '../features/users/tokens.usecases.js';
import { createUser, preparePassword } from '../features/users/users.create.js';
import { usersReads } from '../features/users/users.reads.js';
import { isRole } from '../platform/access/roles.js';
import { inTransaction } from '../platform/db/transaction.js';
import { CliError, type CliIo, oneOf, readStdin, withServices } from './cli.support.js';

const role = (v: string) => {
  if (!isRole(v)) throw new InvalidArgumentError('a role of DESIGN §3');
  return v;
};

/** user add, contact add, token create: people, contacts and API tokens. */
export function peopleCommands(program: Command, io: CliIo): void {
  const user = program.command('user').description('People');
  user
    .command('add')
    .description('Add a user to a body')
    .requiredOption('--org <slug>', 'the body')
    .requiredOption(
      '--role <role>',
      'reporter, security-officer, center-analyst, center-coordinator, admin or auditor',
      role,
    )
    .requiredOption('--email <email>', 'login e-mail')
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input')
    .action((o: { org: string; role: 'reporter'; email: string; name?: string; passwordStdin?: boolean }) =>
      withServices(async (services) => {
        const passwordHash = await preparePassword(o.passwordStdin ? await readStdin(io.stdin) : undefined, {
          inputs: await personalWords(services.handle.db, {
            email: o.email,
            displayName: o.name,
            orgSlug: o.org,
          }),
          locale: 'en',
          minScore: services.config.passwordMinScore,
        });
        const row = await inTransaction(services.handle, (unit) =>
          createUser({
            unit,
            actor: null,
            input: { org: o.org, role: o.role, email: o.email, displayName: o.name },
            deps: services.userDeps,
            passwordHash,
          }),
        );
        io.stdout.write(`added ${row.email} (${row.role}) to ${o.org}\n`);
      }, io),
    );

  const contact = program.command('contact').description("A body's contact structure");
  contact
    .command('add')
    .description("Add a contact to a body's structure (last in the escalation order unless --order)")
    .requiredOption('--org <slug>', 'the body')
    .requiredOption('--email <email>', 'where the contact is reached', (v) => {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) || v.length > 254)
        throw new InvalidArgumentError('an e-mail address');
      return v;
    })
    .requiredOption('--role <role>', CONTACT_ROLES.join(', '), oneOf(CONTACT_ROLES))
    .option('--order <n>', 'place in the escalation order, 1 first', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('1 to 1000');
      return n;
    })
    .option('--name <name>', 'person or desk (default: the e-mail)', (v) => {
      if (!/\S/.test(v) || /[\r\n]/.test(v) || v.length > 200)
        throw new InvalidArgumentError('one line of text');
      return v;
    })
    .option('--locale <locale>', 'language of its notifications: ja or en', oneOf(['ja', 'en'] as const))
    .option(
      '--availability <when>',
      '24/7, or business-hours (weekdays 09:00-18:00 in RENRAKU_TIME_ZONE, Japanese holidays off)',
      oneOf(['24/7', 'business-hours'] as const),
    )
    .action(
      (o: {
        org: string;
        email: string;
        role: ContactRole;
        order?: number;
        name?: string;
        locale?: 'ja' | 'en';
        availability?: '24/7' | 'business-hours';
      }) =>
        withServices(async (services) => {
          const w = await inTransaction(services.handle, (unit) =>
            createContact({
              unit,
              actor: null,
              slug: o.org,
              input: {
                name: o.name ?? o.email.toLowerCase(),
                role: o.role,
                email: o.email,
                order: o.order,
                locale: o.locale,
                availability: o.availability,
              },
              deps: services.contactDeps,
            }),
          );
          io.stdout.write(
            `added ${w.contact.email} (${w.contact.role}) to ${w.org.slug} at escalation order ${w.contact.escalation_order}\n`,
          );
        }, io),
    );

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('Create an API token; it is printed once, alone on the last line')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .action((o: { email: string; name: string }) =>
      withServices(async (services) => {
        const userId = await usersReads.idByEmail(services.handle.db, o.email.toLowerCase());
        if (!userId) throw new CliError(`no user ${o.email}`);
        const t = await inTransaction(services.handle, (unit) =>
          createToken({
            unit,
            actor: null,
            userId,
            name: o.name,
            deps: services.userDeps,
          }),
        );
        io.stderr.write(`token ${t.id} for ${o.email}; it is shown only now:\n`);
        io.stdout.write(`${t.secret}\n`);
      }, io),
    );
}
