// When the language server dies, how often the client starts it again. Pure (no vscode import), so the
// bound is unit-tested: at most `maxRestarts` restarts within `windowMs`; the next crash inside that window
// stops the retries until the user runs the Restart Server command.

/** How the server process ended, as Node's `exit` event reports it (both unknown if it never came). */
export interface ServerExit {
  code: number | null;
  signal: string | null;
}

export interface RestartDecision {
  /** Start the server again (true) or leave it stopped (false). */
  restart: boolean;
  /** Which restart this is (1-based) when `restart` is true; the crashes counted in the window otherwise. */
  attempt: number;
  /** One line for the output channel; when `restart` is false, also the warning shown to the user. */
  message: string;
}

export const RESTART_COMMAND_TITLE = 'Multi-Region Review: Restart Server';

export function describeExit(exit: ServerExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code !== null) return `exit code ${exit.code}`;
  return 'connection closed';
}

function describeWindow(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${Math.round(ms / 1000)} seconds`;
}

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    readonly maxRestarts = 5,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxRestarts) || maxRestarts < 0) throw new RangeError(`maxRestarts must be a non-negative integer, got ${maxRestarts}`);
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  }

  /** Records one unexpected stop and decides whether to start the server again. */
  onCrash(exit: ServerExit): RestartDecision {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    const n = this.crashes.length;
    const how = describeExit(exit);
    if (n <= this.maxRestarts) {
      return {
        restart: true,
        attempt: n,
        message: `Multi-Region Review server stopped unexpectedly (${how}); restarting (${n}/${this.maxRestarts}).`,
      };
    }
    return {
      restart: false,
      attempt: n,
      message:
        `Multi-Region Review server stopped ${n} times in ${describeWindow(this.windowMs)} (last: ${how}) and will not be restarted. ` +
        `Run '${RESTART_COMMAND_TITLE}' to start it again.`,
    };
  }

  /** Forgets past crashes (the user restarted the server by hand). */
  reset(): void {
    this.crashes = [];
  }

  /** Crashes counted in the current window. */
  get recentCrashes(): number {
    const t = this.now();
    return this.crashes.filter((c) => t - c < this.windowMs).length;
  }
}
