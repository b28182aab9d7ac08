/**
 * Runs `task` every `intervalMs`, never two at once (a slow run makes the next one wait its turn rather than
 * pile up); returns a function that stops it.
 */
export function startWorker(
  intervalMs: number,
  task: () => Promise<unknown>,
  onError: (e: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
