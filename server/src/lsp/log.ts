// Handlers never throw into the connection: failures are logged to the client's output channel and
// the server keeps serving.

/** The part of the connection's remote console that the server uses. */
export interface Log {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
}

export function logError(log: Log, what: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  try {
    log.error(`Multi-Region Review: ${what} failed: ${detail}`);
  } catch {
    // The connection itself is gone; there is nobody left to tell.
  }
}

/** Wraps a notification or event handler so that neither a throw nor a rejected promise escapes. */
export function guard<A extends unknown[]>(log: Log, what: string, handler: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch((err: unknown) => logError(log, what, err));
    } catch (err) {
      logError(log, what, err);
    }
  };
}
