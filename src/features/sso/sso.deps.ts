import type { AuditLog } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { type Config, publicUrl } from '../../platform/config.js';
import { createOidc, type Oidc } from './sso.oidc.js';
import { resolveSsoKey, type SecretBox, secretBox } from './sso.secrets.js';

/** What single sign-on runs on, built once at start. */
export interface SsoDeps {
  audit: AuditLog;
  clock: Clock;
  oidc: Oidc;
  secrets: SecretBox;
  /** RENRAKU_SSO_SECRETS_DIR. */
  secretsDir: string | undefined;
  /** RENRAKU_SSO_ALLOW_HTTP_LOOPBACK. */
  allowHttpLoopback: boolean;
  /** RENRAKU_SSO_FLOW_MINUTES. */
  flowMinutes: number;
  sessionTtlMinutes: number;
  /** RENRAKU_MFA_REQUIRED_ROLES: a provider that did not do MFA leaves these roles at Renraku's second factor. */
  mfaRequiredRoles: readonly string[];
  cookieSecure: boolean;
  /** The app's external URL, which the provider sends people back to. */
  baseUrl: () => string;
}

export function ssoDepsOf(s: { audit: AuditLog; clock: Clock; config: Config }): SsoDeps {
  const { config } = s;
  return {
    audit: s.audit,
    clock: s.clock,
    oidc: createOidc({ clock: s.clock, allowHttpLoopback: config.ssoAllowHttpLoopback }),
    // A configured key file is read at start (a missing mounted secret stops the server); the default one is
    // made in the data folder only when a client secret is first sealed.
    secrets: secretBox(config.ssoKeyFile ? resolveSsoKey(config) : () => resolveSsoKey(config)),
    secretsDir: config.ssoSecretsDir,
    allowHttpLoopback: config.ssoAllowHttpLoopback,
    flowMinutes: config.ssoFlowMinutes,
    sessionTtlMinutes: config.sessionTtlMinutes,
    mfaRequiredRoles: config.mfaRequiredRoles,
    cookieSecure: config.cookieSecure,
    baseUrl: () => publicUrl(config),
  };
}
