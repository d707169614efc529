import { randomUUID } from 'node:crypto';
import type { ServiceInstance } from '../service-instance';
import type { ServiceInstanceChanges, ServiceInstanceInit } from '../service-instance-init';
import { SERVICE_TYPES } from '../service-type';
import type { ServiceType } from '../service-type';
import { UriSpec } from '../uri-spec';
import { localAddress } from './local-address';
import { InvalidArgumentError, checkRecipeOptions } from './lower-floors';
import { checkNodeName } from './node-name';

/** The name of the Jackson type property Curator's serializer puts into a typed payload. */
export const TYPE_PROPERTY = '@class';

/** The class Jackson names for a list payload (Java cannot read an array payload without one). */
export const LIST_CLASS = 'java.util.ArrayList';

/** The payload's class as it will read back: none for no payload, a Java list for an array without one. */
function payloadClassFor(payload: unknown, payloadClass: string | null): string | null {
  if (payload === null) return null;
  return payloadClass ?? (Array.isArray(payload) ? LIST_CLASS : null);
}

const JAVA_CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function checkPort(value: unknown, argument: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new InvalidArgumentError(argument, `expected an integer from 0 to 65535 or null, got ${String(value)}`);
  }
  return value;
}

function checkAddress(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string')
    throw new InvalidArgumentError('address', `expected a string or null, got ${typeof value}`);
  return value;
}

/** Checks a Java class name for the payload's type property. */
export function checkPayloadClass(value: unknown, argument = 'payloadClass'): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !JAVA_CLASS_NAME.test(value)) {
    throw new InvalidArgumentError(
      argument,
      `expected a Java class name such as "com.example.Details", got ${String(value)}`,
    );
  }
  return value;
}

/** Checks that a payload is a JSON value (what Jackson can write and read back), without its own type property. */
function checkPayload<T>(value: T | null | undefined): T | null {
  if (value === undefined || value === null) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError('payload', `cannot be written as JSON: ${(error as Error).message}`);
  }
  if (text === undefined) throw new InvalidArgumentError('payload', `expected a JSON value, got ${typeof value}`);
  if (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.prototype.hasOwnProperty.call(value, TYPE_PROPERTY)
  ) {
    throw new InvalidArgumentError('payload', `must not hold "${TYPE_PROPERTY}": give the Java class as payloadClass`);
  }
  // Stored as it reads back, so that what register() returns equals what a query finds.
  return JSON.parse(text) as T;
}

function checkUriSpec(value: unknown): UriSpec | null {
  if (value === undefined || value === null) return null;
  if (value instanceof UriSpec) return value;
  if (typeof value === 'string') return new UriSpec(value);
  throw new InvalidArgumentError('uriSpec', `expected a UriSpec, a template string or null, got ${typeof value}`);
}

function checkServiceType(value: unknown): ServiceType {
  if (value === undefined) return 'DYNAMIC';
  if (!SERVICE_TYPES.includes(value as ServiceType)) {
    throw new InvalidArgumentError('serviceType', `expected one of ${SERVICE_TYPES.join(', ')}, got ${String(value)}`);
  }
  return value as ServiceType;
}

function checkBoolean(value: unknown, argument: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, `expected a boolean, got ${typeof value}`);
  return value;
}

/** A frozen instance from what `register()` was given, with Curator's builder defaults; throws InvalidArgumentError. */
export function buildServiceInstance<T>(init: ServiceInstanceInit<T>, payloadClass: string | null): ServiceInstance<T> {
  checkRecipeOptions(init);
  const time = init.registrationTimeUTC;
  if (time !== undefined && (typeof time !== 'number' || !Number.isSafeInteger(time))) {
    throw new InvalidArgumentError('registrationTimeUTC', `expected an integer of milliseconds, got ${String(time)}`);
  }
  const payload = checkPayload(init.payload);
  return Object.freeze({
    name: checkNodeName(init.name, 'name'),
    id: init.id === undefined ? randomUUID() : checkNodeName(init.id, 'id'),
    address: init.address === undefined ? localAddress() : checkAddress(init.address),
    port: checkPort(init.port, 'port'),
    sslPort: checkPort(init.sslPort, 'sslPort'),
    payload,
    payloadClass: payloadClassFor(
      payload,
      init.payloadClass === undefined ? payloadClass : checkPayloadClass(init.payloadClass),
    ),
    registrationTimeUTC: time ?? Date.now(),
    serviceType: checkServiceType(init.serviceType),
    uriSpec: checkUriSpec(init.uriSpec),
    enabled: checkBoolean(init.enabled, 'enabled', true),
  });
}

/** A frozen copy of `instance` with `changes` applied; throws InvalidArgumentError. */
export function changeServiceInstance<T>(
  instance: ServiceInstance<T>,
  changes: ServiceInstanceChanges<T>,
): ServiceInstance<T> {
  checkRecipeOptions(changes);
  const has = (key: keyof ServiceInstanceChanges<T>): boolean => Object.prototype.hasOwnProperty.call(changes, key);
  for (const key of Object.keys(changes)) {
    if (!['address', 'port', 'sslPort', 'payload', 'payloadClass', 'uriSpec', 'enabled'].includes(key)) {
      throw new InvalidArgumentError(
        'changes',
        `"${key}" cannot be changed (name, id, serviceType and registrationTimeUTC stay): unregister and register instead`,
      );
    }
  }
  const payload = has('payload') ? checkPayload(changes.payload) : instance.payload;
  // A class that was only there because the old payload was an array does not stay for another payload.
  const keptClass = has('payload') && instance.payloadClass === LIST_CLASS ? null : instance.payloadClass;
  const payloadClass = has('payloadClass') ? checkPayloadClass(changes.payloadClass) : keptClass;
  return Object.freeze({
    ...instance,
    address: has('address') ? checkAddress(changes.address ?? null) : instance.address,
    port: has('port') ? checkPort(changes.port, 'port') : instance.port,
    sslPort: has('sslPort') ? checkPort(changes.sslPort, 'sslPort') : instance.sslPort,
    payload,
    payloadClass: payloadClassFor(payload, payloadClass),
    uriSpec: has('uriSpec') ? checkUriSpec(changes.uriSpec) : instance.uriSpec,
    enabled: has('enabled') ? checkBoolean(changes.enabled, 'enabled', instance.enabled) : instance.enabled,
  });
}
