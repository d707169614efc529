import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A method of a provider or controller, as the explorers see it. */
export interface ScannedMethod {
  /** The single instance to call it on; undefined for a request-scoped or transient provider. */
  readonly instance: object | undefined;
  /** Whether the provider has one instance for the whole application. */
  readonly isSingleton: boolean;
  readonly className: string;
  readonly methodName: string;
  /** The method itself, to read its decorators' metadata. */
  readonly method: unknown;
}

/**
 * Every method of the application's providers and controllers, once each: aliases (`useExisting`) are skipped, as the
 * instance is found under its own token. Request-scoped and transient providers are visited through their class's
 * prototype (with no instance), so an explorer can refuse decorators there by name.
 */
export function* scanMethods(discovery: DiscoveryService, scanner: MetadataScanner): Generator<ScannedMethod> {
  for (const wrapper of [...discovery.getControllers(), ...discovery.getProviders()]) {
    if (wrapper.isAlias) continue;
    const isSingleton = wrapper.isDependencyTreeStatic() && !wrapper.isTransient;
    const instance: unknown = wrapper.instance;
    const prototype = (
      instance && typeof instance === 'object'
        ? Object.getPrototypeOf(instance)
        : isSingleton || wrapper.inject
          ? undefined
          : (wrapper.metatype as { prototype?: object } | null)?.prototype
    ) as Record<string, unknown> | null | undefined;
    if (!prototype) continue;
    const className = (prototype.constructor as { name?: string } | undefined)?.name ?? String(wrapper.name);
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      yield {
        instance: isSingleton ? (instance as object) : undefined,
        isSingleton,
        className,
        methodName,
        method: prototype[methodName],
      };
    }
  }
}
