import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { exerciseErrors } from '../features/exercises/exercises.errors.js';
import { presentExerciseDetail } from '../features/exercises/exercises.presenter.js';
import { playDueInjects } from '../features/exercises/exercises.runner.js';
import {
  type ControlAction,
  controlExercise,
  createExercise,
  listExercises,
  readExercise,
} from '../features/exercises/exercises.usecases.js';
import { SCENARIO_MAX_BYTES } from '../features/exercises/scenario.js';
import type { Actor } from '../platform/access/roles.js';
import type { Executor } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { isAppError } from '../platform/errors.js';
import type { Services } from '../services.js';
import { actorByEmail, CliError, type CliIo, withServices } from './cli.support.js';

/** The person a command acts as: an active user of this e-mail, as the API would see them. */
const actorOf = (db: Executor, email: string | undefined) =>
  actorByEmail(db, email, 'an exercise is run by a center coordinator');

/** The id of the exercise a command names by number or id, as the actor may see it. */
async function exerciseId(db: Executor, actor: Actor, key: string): Promise<string> {
  const found = (await listExercises(db, actor)).find((v) => v.row.id === key || v.row.number === key);
  if (!found) throw exerciseErrors.notFound();
  return found.row.id;
}

/** A scenario's problems, one a line, as the API lists them. */
function explain(e: unknown): never {
  if (isAppError(e) && e.code === 'exercises.scenario_invalid') {
    const problems = (e.detail?.problems ?? []) as {
      index: number | null;
      field: string | null;
      message: string;
    }[];
    const lines = problems.map(
      (p) =>
        `  ${p.index === null ? 'scenario' : `inject ${p.index}`}${p.field ? ` ${p.field}` : ''}: ${p.message}`,
    );
    throw new CliError(`the scenario has ${problems.length} problem(s):\n${lines.join('\n')}`);
  }
  throw e;
}

/**
 * Prints each inject as it is played until nothing is pending or the exercise ends. This process plays due
 * injects too (a node among others: each inject is claimed once), so that it works without a server running.
 */
async function follow(services: Services, actor: Actor, id: string, io: CliIo): Promise<void> {
  const shown = new Set<number>();
  for (;;) {
    await playDueInjects(services.handle, services.exerciseDeps);
    const view = await readExercise(services.handle.db, actor, id);
    const detail = presentExerciseDetail(view, services.clock.now());
    for (const i of detail.injects) {
      if (i.state === 'pending' || shown.has(i.seq)) continue;
      shown.add(i.seq);
      const why = i.state === 'played' ? '' : ` ${String(i.outcome?.code ?? '')}`;
      io.stdout.write(`${i.seq}\t${i.kind}\t${i.state}${why}\t${i.playedAt ?? '-'}\n`);
    }
    if (detail.status === 'ended' || detail.injects.every((i) => i.state !== 'pending')) {
      io.stdout.write(`${detail.number}\t${detail.status}\n`);
      return;
    }
    await sleep(Math.min(1000, services.config.workerIntervalMs));
  }
}

/** exercise run|list|show|pause|resume|end: exercises (訓練) from the operator's console. */
export function exerciseCommands(program: Command, io: CliIo): void {
  const exercise = program
    .command('exercise')
    .description('Exercises (訓練): scenarios played as exercise data');

  exercise
    .command('run <file>')
    .description('Check a scenario file (JSON or YAML), create the exercise and start it; prints its number')
    .option('--as <email>', 'the center coordinator running it (injects are played as this person)')
    .option('--follow', 'wait, printing each inject as it is played, until none is pending or it ends')
    .action((file: string, o: { as?: string; follow?: boolean }) =>
      withServices(async (services) => {
        const db = services.handle.db;
        const actor = await actorOf(db, o.as);
        if ((await stat(file)).size > SCENARIO_MAX_BYTES)
          throw new CliError(`${file} is larger than ${SCENARIO_MAX_BYTES} bytes`);
        const text = await readFile(file, 'utf8');
        const deps = services.exerciseDeps;
        const started = await inTransaction(services.handle, async (unit) => {
          const created = await createExercise({ unit, actor, source: { file: text }, deps }).catch(explain);
          const { row } = created;
          return controlExercise({ unit, actor, id: row.id, version: row.version, action: 'start', deps });
        });
        io.stdout.write(`${started.row.number}\n`);
        if (o.follow) await follow(services, actor, started.row.id, io);
      }, io),
    );

  exercise
    .command('list')
    .description('Every exercise, newest first')
    .option('--as <email>', 'a center coordinator')
    .action((o: { as?: string }) =>
      withServices(async (services) => {
        const actor = await actorOf(services.handle.db, o.as);
        for (const { row, injects } of await listExercises(services.handle.db, actor))
          io.stdout.write(
            `${row.number}\t${row.status}\t${injects.filter((i) => i.played_at !== null).length}/${injects.length}\t${row.name}\n`,
          );
      }, io),
    );

  exercise
    .command('show <numberOrId>')
    .description('An exercise and its injects: when each is due, whether it was played')
    .option('--as <email>', 'a center coordinator')
    .action((key: string, o: { as?: string }) =>
      withServices(async (services) => {
        const db = services.handle.db;
        const actor = await actorOf(db, o.as);
        const view = await readExercise(db, actor, await exerciseId(db, actor, key));
        const d = presentExerciseDetail(view, services.clock.now());
        const lines = [
          `${d.number} ${d.name}`,
          `status: ${d.status}`,
          `started: ${d.startedAt ?? '-'}`,
          ...d.injects.map(
            (i) =>
              `${i.seq}\tT+${i.offsetSeconds}s\t${i.kind}\t${i.state}\tdue ${i.dueAt ?? '-'}\tplayed ${i.playedAt ?? '-'}`,
          ),
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
      }, io),
    );

  for (const action of ['pause', 'resume', 'end'] as ControlAction[])
    exercise
      .command(`${action} <numberOrId>`)
      .description(`${action[0]?.toUpperCase()}${action.slice(1)} an exercise`)
      .option('--as <email>', 'a center coordinator')
      .action((key: string, o: { as?: string }) =>
        withServices(async (services) => {
          const db = services.handle.db;
          const actor = await actorOf(db, o.as);
          const id = await exerciseId(db, actor, key);
          const { row } = await readExercise(db, actor, id);
          const done = await inTransaction(services.handle, (unit) =>
            controlExercise({ unit, actor, id, version: row.version, action, deps: services.exerciseDeps }),
          );
          io.stdout.write(`${done.row.number}\t${done.row.status}\n`);
        }, io),
      );
}
