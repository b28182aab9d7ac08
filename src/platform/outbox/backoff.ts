/**
 * How long to wait after failed attempt number `attempt` (1 = the first): doubling from `firstMs` up to
 * `maxMs`, the upper half of it random, so that items that failed together (an SMTP server that was down)
 * do not all come back in the same second.
 */
export function retryDelay(
  attempt: number,
  limits: { firstMs: number; maxMs: number },
  random: () => number,
): number {
  const ceiling = Math.min(limits.maxMs, limits.firstMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
