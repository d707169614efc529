import { LIST_CLASS, TYPE_PROPERTY } from './build-service-instance';

/**
 * The payload as Curator's serializer writes it: its getter carries `@JsonTypeInfo(use = CLASS)`, so Jackson puts the
 * class name into an object as its first property `"@class"` (`java.util.LinkedHashMap` for a map), wraps a list as
 * `["java.util.ArrayList", [...]]`, and writes strings, numbers and booleans as they are. Java reads an object without
 * a class with the annotation's `defaultImpl = Object.class`, as a `LinkedHashMap`; a bare array it cannot read, so an
 * array is always wrapped (as a list when no class is given).
 */
export function writePayload(payload: unknown, payloadClass: string | null): unknown {
  if (payload === null) return null;
  if (Array.isArray(payload)) return [payloadClass ?? LIST_CLASS, payload];
  if (payloadClass === null) return payload;
  if (typeof payload === 'object') return { [TYPE_PROPERTY]: payloadClass, ...payload };
  return [payloadClass, payload];
}

/** The payload and its Java class read back from what {@link writePayload} (or Jackson) wrote. */
export function readPayload(value: unknown): { payload: unknown; payloadClass: string | null } {
  if (value === undefined || value === null) return { payload: null, payloadClass: null };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const typeId = (value as Record<string, unknown>)[TYPE_PROPERTY];
    if (typeof typeId !== 'string') return { payload: value, payloadClass: null };
    const rest: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    delete rest[TYPE_PROPERTY];
    return { payload: rest, payloadClass: typeId };
  }
  // Jackson never writes a bare array for a typed value: an array is its [className, value] wrapper.
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string') {
    return { payload: value[1], payloadClass: value[0] };
  }
  return { payload: value, payloadClass: null };
}
