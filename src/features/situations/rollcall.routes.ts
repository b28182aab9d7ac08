import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { exportOptions, sendSheets } from '../../platform/export/sheets.js';
import type { Api } from '../../platform/http/api.js';
import { answers, conflict, media, refused } from '../../platform/http/openapi.js';
import { answerHistory, answerRollCall } from './rollcall.usecases.js';
import { readBoard } from './situations.board.js';
import type { SituationDeps } from './situations.deps.js';
import { presentAnswer, presentBoard } from './situations.presenter.js';
import { tags } from './situations.routes.js';
import {
  AnswerInput,
  AnswerListOut,
  AnswerOut,
  AnswerParams,
  BoardCsvQuery,
  BoardOut,
  BoardQuery,
  IdParams,
} from './situations.schemas.js';
import { boardSheet } from './situations.sheet.js';

/** What the roll-call routes use. */
export interface RollCallRoutesDeps {
  handle: DatabaseHandle;
  /** The zone of the CSV's times when the query names none. */
  timeZone: string;
  situationDeps: SituationDeps;
}

/** The roll-call (被害状況の確認): answers and their revisions, and the board (JSON and CSV). */
export function rollCallRoutes(app: Api, deps: RollCallRoutesDeps): void {
  answerRoute(app, deps);
  historyRoute(app, deps);
  boardRoute(app, deps);
  boardCsvRoute(app, deps);
}

/** POST /api/v1/situations/:id/answers */
function answerRoute(app: Api, { handle, situationDeps: deps }: RollCallRoutesDeps): void {
  app.post(
    '/api/v1/situations/:id/answers',
    {
      schema: {
        operationId: 'answerRollCall',
        tags,
        summary:
          "Answer the roll-call for one's own body in scope, or as a ministry for its agency in scope (recorded as on behalf); each answer is a new revision",
        params: IdParams,
        body: AnswerInput,
        response: answers({
          201: AnswerOut,
          409: conflict('the situation has been stood down'),
          422: refused('the linked incident is not one of the answered body that the answering body reads'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const view = await inTransaction(handle, (unit) =>
        answerRollCall({ unit, actor, situationId: request.params.id, input: request.body, deps }),
      );
      reply.status(201);
      return presentAnswer(view);
    },
  );
}

/** GET /api/v1/situations/:id/answers/:orgId */
function historyRoute(app: Api, { handle, situationDeps: deps }: RollCallRoutesDeps): void {
  app.get(
    '/api/v1/situations/:id/answers/:orgId',
    {
      schema: {
        operationId: 'listRollCallAnswers',
        tags,
        summary:
          "Every revision of a body's answer, newest first (the body, its supervising ministry, the center)",
        params: AnswerParams,
        response: { 200: AnswerListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, orgId } = request.params;
      const views = await answerHistory(handle.db, actor, id, orgId, deps);
      return { items: views.map(presentAnswer) };
    },
  );
}

/** GET /api/v1/situations/:id/board */
function boardRoute(app: Api, { handle, situationDeps: deps }: RollCallRoutesDeps): void {
  app.get(
    '/api/v1/situations/:id/board',
    {
      schema: {
        operationId: 'getRollCallBoard',
        tags,
        summary:
          "The roll-call board: the center's every body in scope, a ministry's itself and its agencies; counts by answer and by ministry",
        params: IdParams,
        querystring: BoardQuery,
        response: { 200: BoardOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return presentBoard(await readBoard(handle.db, actor, request.params.id, request.query, deps));
    },
  );
}

/** GET /api/v1/situations/:id/board.csv */
function boardCsvRoute(app: Api, { handle, timeZone, situationDeps: deps }: RollCallRoutesDeps): void {
  app.get(
    '/api/v1/situations/:id/board.csv',
    {
      schema: {
        operationId: 'exportRollCallBoard',
        tags,
        summary:
          "The board's bodies as CSV (UTF-8 with a byte-order mark), as the board shows them to the caller",
        params: IdParams,
        querystring: BoardCsvQuery,
        response: {
          200: media('text/csv', { type: 'string' }, 'The board, as an attachment', {
            'content-disposition': { type: 'string', description: 'attachment, with a file name' },
            'cache-control': { type: 'string', const: 'no-store' },
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { lang, tz, ...filter } = request.query;
      const options = exportOptions({ format: 'csv', lang, tz }, timeZone);
      const board = await readBoard(handle.db, actor, request.params.id, filter, deps);
      const sheet = boardSheet(board, options);
      return sendSheets(reply, 'csv', `renraku-situation-board-${request.params.id}`, [sheet]);
    },
  );
}
