import type { readLoginPolicy } from './login-policy.usecases.js';

/** A body's login policy as the API shows it: its break-glass accounts by an allow-list of fields. */
export const presentLoginPolicy = (p: Awaited<ReturnType<typeof readLoginPolicy>>) => ({
  ...p,
  breakGlass: p.breakGlass.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    role: u.role,
  })),
});
