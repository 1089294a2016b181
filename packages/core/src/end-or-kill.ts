/** How long a killed engine exec may take to close its stream. */
const KILL_WAIT_MS = 10_000;

export interface KillOnAbort {
  /** Kills every process the exec started and confirms they are gone. */
  kill(): Promise<void>;
  /** Drops the exec's stream once the kill is done (or the wait for it ran out). */
  drop(): void;
}

/**
 * The abort half of an engine exec, shared by the backends' engine-exec paths (the supervisor
 * does this inside the sandbox): resolves when the process's stream ends and rejects with its
 * error; when `signal` aborts first, kills, waits up to 10 s for the stream, drops it, and rejects
 * with the signal's reason.
 */
export async function endOrKill(ended: Promise<void>, signal: AbortSignal | undefined, onAbort: KillOnAbort): Promise<void> {
  if (!signal) return ended;
  let listener: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    listener = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', listener, { once: true });
  });
  const outcome = await Promise.race([
    ended.then(
      () => 'ended' as const,
      () => 'ended' as const,
    ),
    aborted,
  ]);
  if (listener) signal.removeEventListener('abort', listener);
  if (outcome === 'ended') return ended;
  await onAbort.kill();
  await Promise.race([ended.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, KILL_WAIT_MS).unref())]);
  onAbort.drop();
  throw signal.reason;
}
