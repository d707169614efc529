import { SetMetadata } from '@nestjs/common';
import { ON_CONFIG_CHANGE_METADATA } from './zookeeper-config.constants';

/** What `@OnConfigChange()` records on the method for the explorer. */
export interface OnConfigChangeMetadata {
  /** The key given to the decorator, `undefined` for every key. */
  readonly key: string | undefined;
}

/**
 * Calls the method with a {@link ZookeeperConfigChange} (`{ key, value, previous }`) whenever the property `key`, or
 * one below it (`'db'` hears `db.url`), changes in the configuration of `ZookeeperConfigModule.forRoot()`; every
 * property when `key` is omitted. Not called at bootstrap: read the current value from `ConfigService`. A handler
 * that throws is logged and the others still run. Works on singleton providers and controllers.
 *
 * @publicApi
 */
export const OnConfigChange = (key?: string): MethodDecorator =>
  SetMetadata<string, OnConfigChangeMetadata>(ON_CONFIG_CHANGE_METADATA, { key });
