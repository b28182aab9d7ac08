import { AppError } from '../../platform/errors.js';

// Every refusal of single sign-on, by stable code. Log-in refusals are 4xx; only an identity provider that
// cannot be reached or answers nonsense is a 502 (the fault is upstream, and the user can do nothing about it).

export const ssoErrors = {
  unknownProvider: () => new AppError(404, 'sso.unknown_provider', 'No such identity provider.'),
  invalidReturnTo: () =>
    new AppError(
      400,
      'sso.invalid_return_to',
      'returnTo must be a path of this application (starting with a single /), not another site.',
    ),
  invalidState: () =>
    new AppError(
      400,
      'sso.invalid_state',
      'This log-in was not started here, was already used, or took too long. Start the log-in again.',
    ),
  providerError: (error: string) =>
    new AppError(401, 'sso.provider_error', 'The identity provider did not log you in.', {
      providerError: error.slice(0, 64),
    }),
  codeRejected: () =>
    new AppError(
      401,
      'sso.code_rejected',
      'The identity provider refused the authorization code (used already, or not issued for this log-in).',
    ),
  idTokenInvalid: () =>
    new AppError(
      401,
      'sso.id_token_invalid',
      'The identity token is not valid for this log-in (issuer, audience, nonce, signature or time).',
    ),
  providerFailed: () =>
    new AppError(
      502,
      'sso.provider_failed',
      'The identity provider could not be reached or answered wrongly.',
    ),
  claimsInvalid: (claim: string) =>
    new AppError(422, 'sso.claims_invalid', `The identity provider sent no usable '${claim}' claim.`, {
      claim,
    }),
  noMapping: () =>
    new AppError(
      403,
      'sso.no_mapping',
      'Your groups at the identity provider give no role in Renraku. Ask your security officer.',
    ),
  ambiguousMapping: () =>
    new AppError(
      403,
      'sso.ambiguous_mapping',
      'Your groups give roles in several bodies, or roles that do not include one another. Ask your security officer.',
    ),
  notProvisioned: () =>
    new AppError(
      403,
      'sso.not_provisioned',
      'No Renraku account is linked to this identity, and this mapping does not create one. Ask your security officer.',
    ),
  emailInUse: () =>
    new AppError(
      409,
      'sso.email_in_use',
      'A Renraku account with this e-mail exists but is not linked to this identity. Log in with it and link the provider, or ask your security officer.',
    ),
  userDisabled: () => new AppError(403, 'sso.user_disabled', 'This Renraku account is disabled.'),
  bodyMismatch: () =>
    new AppError(
      403,
      'sso.body_mismatch',
      'This identity provider does not log in people of the body this account belongs to.',
    ),
  identityTaken: () =>
    new AppError(409, 'sso.identity_taken', 'This identity is already linked to another Renraku account.'),

  // Administration.
  notFound: () => new AppError(404, 'sso.not_found', 'No such identity provider.'),
  mappingNotFound: () => new AppError(404, 'sso.mapping_not_found', 'No such mapping.'),
  slugTaken: () => new AppError(409, 'sso.slug_taken', 'An identity provider with this slug exists already.'),
  mappingExists: () => new AppError(409, 'sso.mapping_exists', 'This mapping exists already.'),
  issuerInvalid: (why: string) =>
    new AppError(422, 'sso.issuer_invalid', `The issuer URL is not usable: ${why}.`),
  discoveryFailed: () =>
    new AppError(
      422,
      'sso.discovery_failed',
      "The issuer's OpenID configuration (/.well-known/openid-configuration) could not be read or does not name this issuer.",
    ),
  mappingOutOfScope: () =>
    new AppError(
      422,
      'sso.mapping_out_of_scope',
      "A mapping can only give a role in the provider's own body (or, when it includes them, its agencies).",
    ),
  agenciesOnlyForMinistries: () =>
    new AppError(422, 'sso.agencies_only_for_ministries', 'Only a ministry has agencies to include.'),
};
