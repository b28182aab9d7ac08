import { flag, integer, optionalText, type Setting } from '../../platform/config.js';

/** Single sign-on's settings: the sealing key and client secrets, how long a flow may take, test providers. */
export const ssoSettings = {
  ssoKeyFile: optionalText(
    'RENRAKU_SSO_KEY_FILE',
    "File of the key that seals identity providers' client secrets in the database; default: generated once into DATA_DIR/sso.key. Keep it apart from database backups; give every node the same.",
  ),
  ssoSecretsDir: optionalText(
    'RENRAKU_SSO_SECRETS_DIR',
    "Folder of client secrets kept out of the database: a file named after a provider's slug holds its secret.",
  ),
  ssoFlowMinutes: integer(
    'RENRAKU_SSO_FLOW_MINUTES',
    10,
    'Minutes a single sign-on may take between leaving for the identity provider and coming back.',
    1,
    60,
  ),
  ssoAllowHttpLoopback: flag(
    'RENRAKU_SSO_ALLOW_HTTP_LOOPBACK',
    false,
    'Accept identity providers at http:// on this machine (127.0.0.1, localhost, [::1]): for tests and trials, never in production.',
  ),
} satisfies Record<string, Setting<unknown>>;
