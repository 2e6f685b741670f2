// The editor settings (`multiRegionReview.*`), in one typed module with a per-resource cache. Values
// are pulled with `workspace/configuration`; a `didChangeConfiguration` empties the cache.
import { type Connection, DidChangeConfigurationNotification, Disposable } from 'vscode-languageserver';
import type { RuleSetting } from '../engine/config';
import { SETTINGS_SECTION } from '../protocol';

export interface Settings {
  enable: boolean;
  debounceMs: number;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  maxFileSizeKb: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ enable: true, debounceMs: 200, rules: {}, ignore: [], maxFileSizeKb: 5120 });

export class SettingsStore implements Disposable {
  private readonly resolved = new Map<string, Settings>();
  private readonly pending = new Map<string, Promise<Settings>>();
  private readonly listeners = new Set<() => void>();
  /** Settings pushed with didChangeConfiguration, used when the client cannot be asked. */
  private pushed: Settings = { ...DEFAULT_SETTINGS };
  private readonly subscription: Disposable;

  constructor(
    private readonly connection: Connection,
    /** Whether the client answers `workspace/configuration`. */
    private readonly canPull: boolean,
  ) {
    this.subscription = connection.onDidChangeConfiguration((change) => {
      const section = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
      if (!canPull && section !== undefined) this.pushed = normalizeSettings(section);
      this.resolved.clear();
      this.pending.clear();
      for (const l of this.listeners) l();
    });
  }

  /** Asks the client to tell us when our section changes (only if it supports dynamic registration). */
  static register(connection: Connection): void {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  }

  /** The settings for a resource (a folder or document URI). Cached until the settings change. */
  get(scopeUri: string): Promise<Settings> {
    const hit = this.resolved.get(scopeUri);
    if (hit) return Promise.resolve(hit);
    if (!this.canPull) return Promise.resolve(this.pushed);
    const inFlight = this.pending.get(scopeUri);
    if (inFlight) return inFlight;
    const p: Promise<Settings> = this.pull(scopeUri).then((settings) => {
      // A change that arrived while we were asking replaced or dropped `p`; do not cache a stale answer.
      if (this.pending.get(scopeUri) === p) {
        this.resolved.set(scopeUri, settings);
        this.pending.delete(scopeUri);
      }
      return settings;
    });
    this.pending.set(scopeUri, p);
    return p;
  }

  /** The cached settings, if any, without asking the client (for timers that must not wait). */
  peek(scopeUri: string): Settings | undefined {
    return this.resolved.get(scopeUri) ?? (this.canPull ? undefined : this.pushed);
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return Disposable.create(() => this.listeners.delete(listener));
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }

  private async pull(scopeUri: string): Promise<Settings> {
    try {
      return normalizeSettings(await this.connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION }));
    } catch (err) {
      this.connection.console.warn(`Could not read settings for ${scopeUri}: ${String(err)}. Using defaults.`);
      return { ...DEFAULT_SETTINGS };
    }
  }
}

/** Reads whatever the client sent into well-formed settings; anything malformed falls back to its default. */
export function normalizeSettings(raw: unknown): Settings {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const num = (v: unknown, d: number, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d);
  const rules: Record<string, RuleSetting> = {};
  if (o.rules && typeof o.rules === 'object') {
    for (const [id, v] of Object.entries(o.rules as Record<string, unknown>)) {
      if (v === 'error' || v === 'warning' || v === 'info' || v === 'off') rules[id] = v;
    }
  }
  return {
    enable: typeof o.enable === 'boolean' ? o.enable : DEFAULT_SETTINGS.enable,
    debounceMs: num(o.debounceMs, DEFAULT_SETTINGS.debounceMs, 0, 5000),
    rules,
    ignore: Array.isArray(o.ignore) ? o.ignore.filter((g): g is string => typeof g === 'string' && g.length > 0) : [],
    maxFileSizeKb: num(o.maxFileSizeKb, DEFAULT_SETTINGS.maxFileSizeKb, 1, 1024 * 1024),
  };
}
