import { AppError } from '../../platform/errors.js';
import type { RequestState } from './requests.table.js';

export const requestErrors = {
  // A request the caller may not see does not exist for it: the same answer for "absent" and "not yours".
  notFound: () => new AppError(404, 'situations.request_not_found', 'No such request in this situation.'),
  // An addressed body whose state the caller may not read, or a body not addressed, is not there for it.
  bodyNotFound: () =>
    new AppError(404, 'situations.request_body_not_found', 'No such body among the addressees you see.'),
  moveForbidden: () =>
    new AppError(
      403,
      'situations.request_forbidden',
      "You move a request's state for your own addressed body, or as a ministry for its addressed agencies.",
    ),
  duePast: () => new AppError(422, 'situations.request_due_past', 'The due time must be later than now.'),
  unknownBody: () =>
    new AppError(
      422,
      'situations.request_unknown_body',
      'An addressee named is not a body in the scope of this situation.',
    ),
  noAddressees: () =>
    new AppError(422, 'situations.request_no_addressees', 'The addressees hold no body in scope.'),
  addresseesInvalid: (why: string) => new AppError(400, 'situations.request_addressees_invalid', why),
  statePassed: (state: RequestState) =>
    new AppError(
      409,
      'situations.request_state_passed',
      `The body's state of this request is '${state}' already: states only move forward.`,
      { state },
    ),
  stale: (version: number) =>
    new AppError(409, 'situations.request_stale', 'The request changed since you read it: read it again.', {
      version,
    }),
  withdrawn: () => new AppError(409, 'situations.request_withdrawn', 'This request has been withdrawn.'),
  sameDue: () => new AppError(409, 'situations.request_same_due', 'The request is due at this time already.'),
};
