/**
 * When a `ServiceProvider` stops handing out an instance its users reported errors for (Curator's
 * `DownInstancePolicy`): after `errorThreshold` calls of `noteError()`, until `timeoutMs` after the first of them.
 */
export interface DownInstancePolicy {
  /** How long an instance's errors count, from the first one, in milliseconds; 30 000 by default (Curator's). */
  timeoutMs?: number;
  /** How many errors make the instance down; 2 by default (Curator's). */
  errorThreshold?: number;
}

/** Curator's `DownInstancePolicy` defaults: 30 s, 2 errors. */
export const DEFAULT_DOWN_INSTANCE_POLICY: Readonly<Required<DownInstancePolicy>> = Object.freeze({
  timeoutMs: 30_000,
  errorThreshold: 2,
});
