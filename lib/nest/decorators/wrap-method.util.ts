import { ZkUsageError } from '../../client';

/**
 * Replaces a decorated method with `wrap(original)`, keeping what other decorators put on the original function.
 *
 * `@Cron`, `@Interval`, `@OnEvent`, `@Get` … store their metadata on the function object (`descriptor.value`). A
 * decorator applied after them (written above them) that swapped the function would silently drop it, so every
 * metadata key is copied onto the wrapper, and the stacking works in either order.
 */
export function wrapMethod(
  descriptor: PropertyDescriptor,
  wrap: (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown,
): void {
  const original = descriptor.value as (...args: unknown[]) => unknown;
  const wrapper = wrap(original);
  for (const key of Reflect.getOwnMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, original), wrapper);
  }
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  descriptor.value = wrapper;
}

/** Throws unless `decorator` was put on a method (not a property or accessor). */
export function assertMethod(decorator: string, propertyKey: string | symbol, descriptor?: PropertyDescriptor): void {
  if (typeof descriptor?.value !== 'function') {
    throw new ZkUsageError(`@${decorator}() can only decorate methods, not ${String(propertyKey)}`);
  }
}
