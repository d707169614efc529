import { ServiceInstanceFormatError } from './errors';
import type { InstanceSerializer } from './instance-serializer';
import { readPayload, writePayload } from './internal/jackson-payload';
import { InvalidArgumentError } from './internal/lower-floors';
import type { ServiceInstance } from './service-instance';
import { SERVICE_TYPES } from './service-type';
import type { ServiceType } from './service-type';
import { UriSpec } from './uri-spec';
import type { UriSpecPart } from './uri-spec';

/** Options of {@link JsonInstanceSerializer}. */
export interface JsonInstanceSerializerOptions {
  /**
   * Leave the `enabled` field out, as Curator's `new JsonInstanceSerializer<>(payloadClass)` does (its default, for
   * readers older than Curator 2.10 that fail on an unknown field): `true` by default. An instance with
   * `enabled: false` cannot be written then. Pass `false` to write the field, as Java's
   * `new JsonInstanceSerializer<>(payloadClass, false)` does.
   */
  compatibleSerializationMode?: boolean;
}

type Json = Record<string, unknown>;

function field<V>(json: Json, key: string, check: (value: unknown) => value is V, fallback: V, what: string): V {
  const value = json[key];
  if (value === undefined) return fallback;
  if (!check(value)) throw new ServiceInstanceFormatError(`"${key}" is not ${what}: ${JSON.stringify(value)}`);
  return value;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const isIntOrNull = (value: unknown): value is number | null => value === null || Number.isInteger(value);
const isInt = (value: unknown): value is number => Number.isInteger(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isServiceType = (value: unknown): value is ServiceType => SERVICE_TYPES.includes(value as ServiceType);

function readUriSpec(value: unknown): UriSpec | null {
  if (value === undefined || value === null) return null;
  const parts = typeof value === 'object' ? (value as Json).parts : undefined;
  if (parts === undefined) return new UriSpec([]);
  if (!Array.isArray(parts)) throw new ServiceInstanceFormatError(`"uriSpec" has no list of parts`);
  return new UriSpec(
    parts.map((part: unknown): UriSpecPart => {
      const { value: text = '', variable = false } = (typeof part === 'object' && part !== null ? part : {}) as Json;
      if (typeof text !== 'string' || typeof variable !== 'boolean') {
        throw new ServiceInstanceFormatError(`a part of "uriSpec" is not { value, variable }: ${JSON.stringify(part)}`);
      }
      return { value: text, variable };
    }),
  );
}

/**
 * Curator's JSON format of an instance (`JsonInstanceSerializer` of Curator 5.4 with Jackson's default settings): the
 * fields in the order `name`, `id`, `address`, `port`, `sslPort`, `payload`, `registrationTimeUTC`, `serviceType`,
 * `uriSpec` (then `enabled` outside compatible mode), absent values written as `null`; the payload with its Java class
 * as Jackson's `"@class"` type property when it has one. Reading is as lenient as Curator's: unknown fields are
 * ignored and missing ones take the defaults of Java's `ServiceInstance` (`enabled` true, `serviceType` DYNAMIC).
 *
 * @example
 * const discovery = new ServiceDiscovery(client, {
 *   basePath: '/services',
 *   serializer: new JsonInstanceSerializer({ compatibleSerializationMode: false }),
 * });
 */
export class JsonInstanceSerializer<T = unknown> implements InstanceSerializer<T> {
  /** Whether the `enabled` field is left out (see {@link JsonInstanceSerializerOptions}). */
  readonly compatibleSerializationMode: boolean;

  constructor(options: JsonInstanceSerializerOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('options', 'expected an object or undefined');
    }
    const mode = options.compatibleSerializationMode ?? true;
    if (typeof mode !== 'boolean') {
      throw new InvalidArgumentError('compatibleSerializationMode', `expected a boolean, got ${typeof mode}`);
    }
    this.compatibleSerializationMode = mode;
  }

  /**
   * The instance as Curator's JSON, UTF-8. Throws InvalidArgumentError for an instance with `enabled: false` in
   * compatible mode, which Curator would silently write as enabled.
   */
  serialize(instance: ServiceInstance<T>): Buffer {
    if (this.compatibleSerializationMode && instance.enabled === false) {
      throw new InvalidArgumentError(
        'enabled',
        'false cannot be written in compatibleSerializationMode (Curator leaves the field out, so readers would see ' +
          'true): use new JsonInstanceSerializer({ compatibleSerializationMode: false })',
      );
    }
    const json: Json = {
      name: instance.name,
      id: instance.id,
      address: instance.address,
      port: instance.port,
      sslPort: instance.sslPort,
      payload: writePayload(instance.payload, instance.payloadClass),
      registrationTimeUTC: instance.registrationTimeUTC,
      serviceType: instance.serviceType,
      uriSpec: instance.uriSpec === null ? null : instance.uriSpec.toJSON(),
    };
    if (!this.compatibleSerializationMode) json.enabled = instance.enabled;
    return Buffer.from(JSON.stringify(json), 'utf8');
  }

  /** The instance in Curator's JSON; throws ServiceInstanceFormatError when `data` is not one. */
  deserialize(data: Buffer): ServiceInstance<T> {
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch (error) {
      throw new ServiceInstanceFormatError('not JSON', undefined, { cause: error });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ServiceInstanceFormatError('not a JSON object');
    }
    const fields = json as Json;
    const { payload, payloadClass } = readPayload(fields.payload);
    return Object.freeze({
      name: field(fields, 'name', isString, '', 'a string'),
      id: field(fields, 'id', isString, '', 'a string'),
      address: field(fields, 'address', isStringOrNull, null, 'a string'),
      port: field(fields, 'port', isIntOrNull, null, 'an integer'),
      sslPort: field(fields, 'sslPort', isIntOrNull, null, 'an integer'),
      payload: payload as T | null,
      payloadClass,
      registrationTimeUTC: field(fields, 'registrationTimeUTC', isInt, 0, 'an integer'),
      serviceType: field(fields, 'serviceType', isServiceType, 'DYNAMIC', `one of ${SERVICE_TYPES.join(', ')}`),
      uriSpec: readUriSpec(fields.uriSpec),
      enabled: field(fields, 'enabled', isBoolean, true, 'a boolean'),
    });
  }
}
