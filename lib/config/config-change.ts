/**
 * One property that changed in the merged view of a {@link ZookeeperConfigSource}: added (`previous` undefined),
 * changed, or removed (`value` undefined).
 *
 * @publicApi
 */
export interface ZookeeperConfigChange {
  /** The property, dotted (`db.url`). */
  readonly key: string;
  /** The value now in effect, `undefined` when no context sets the key any more. */
  readonly value: string | undefined;
  /** The value in effect before, `undefined` when the key is new. */
  readonly previous: string | undefined;
}
