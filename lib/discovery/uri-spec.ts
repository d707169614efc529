import { InvalidArgumentError } from './internal/lower-floors';

/** One piece of a {@link UriSpec}: literal text, or the name of a variable written `{name}` in the template. */
export interface UriSpecPart {
  /** The literal text, or the variable's name (trimmed). */
  readonly value: string;
  /** Whether {@link value} names a variable. */
  readonly variable: boolean;
}

/** A {@link UriSpec} as Curator's JSON serializer writes it. */
export interface UriSpecJson {
  /** The template's pieces in order. */
  parts: UriSpecPart[];
}

function checkPart(part: UriSpecPart): UriSpecPart {
  if (
    typeof part !== 'object' ||
    part === null ||
    typeof part.value !== 'string' ||
    typeof part.variable !== 'boolean'
  ) {
    throw new InvalidArgumentError('template', 'expected parts of the form { value: string, variable: boolean }');
  }
  return Object.freeze({ value: part.value, variable: part.variable });
}

/** The values {@link UriSpec.build} takes from an instance (a `ServiceInstance` has them all). */
export interface UriSpecInstanceFields {
  /** The service's name: variable `{name}`. */
  readonly name: string;
  /** The instance's id: variable `{id}`. */
  readonly id: string;
  /** Variable `{address}`. */
  readonly address: string | null;
  /** Variable `{port}`. */
  readonly port: number | null;
  /** Variable `{ssl-port}`; when set, `{scheme}` is `https`. */
  readonly sslPort: number | null;
  /** Variable `{registration-time-utc}`. */
  readonly registrationTimeUTC: number;
  /** Variable `{service-type}`, in lower case as Curator writes it. */
  readonly serviceType: string | null;
}

/**
 * A URI template such as `{scheme}://{address}:{port}/api` (Curator's `UriSpec`): text with variables in braces. It is
 * written into an instance's JSON as Curator writes it, `{"parts":[{"value":…,"variable":…},…]}`, so Java builds the
 * same URI from it.
 *
 * @example
 * const spec = new UriSpec('{scheme}://{address}:{port}');
 * spec.build(instance); // 'http://10.0.0.5:8080'
 */
export class UriSpec {
  /** The template's pieces in order. */
  readonly parts: readonly UriSpecPart[];

  /**
   * Parses `template` as Curator does: `{` starts a variable, `}` ends it, a variable's name is trimmed. Throws
   * InvalidArgumentError on a nested `{`, a `}` without `{` or an unclosed variable. Given parts (as read from an
   * instance's JSON), takes them as they are.
   */
  constructor(template: string | readonly UriSpecPart[]) {
    if (Array.isArray(template)) {
      this.parts = Object.freeze(template.map((part: UriSpecPart) => checkPart(part)));
      return;
    }
    if (typeof template !== 'string') {
      throw new InvalidArgumentError('template', `expected a string or parts, got ${typeof template}`);
    }
    const parts: UriSpecPart[] = [];
    let inside = false;
    for (const token of template.split(/([{}])/)) {
      if (token === '') continue;
      if (token === '{') {
        if (inside) throw new InvalidArgumentError('template', `"{" inside a variable in "${template}"`);
        inside = true;
      } else if (token === '}') {
        if (!inside) throw new InvalidArgumentError('template', `"}" without "{" in "${template}"`);
        inside = false;
      } else {
        parts.push(Object.freeze({ value: inside ? token.trim() : token, variable: inside }));
      }
    }
    if (inside) throw new InvalidArgumentError('template', `a variable is not closed with "}" in "${template}"`);
    this.parts = Object.freeze(parts);
  }

  /**
   * The URI: literal parts as they are, variables from `variables`, else from `instance` (`name`, `id`, `address`,
   * `port`, `ssl-port`, `registration-time-utc`, `service-type`), else `scheme` (`https` when the instance has an SSL
   * port, otherwise `http`), `[` and `]` (a literal brace). A variable without a value is left out, as Curator does.
   */
  build(instance?: UriSpecInstanceFields, variables: Readonly<Record<string, unknown>> = {}): string {
    const known = new Map<string, unknown>([
      ['[', '{'],
      [']', '}'],
      ['scheme', 'http'],
    ]);
    if (instance !== undefined) {
      known.set('name', instance.name);
      known.set('id', instance.id);
      known.set('address', instance.address ?? '');
      known.set('port', instance.port ?? '');
      known.set('ssl-port', instance.sslPort ?? '');
      known.set('registration-time-utc', instance.registrationTimeUTC);
      known.set('service-type', instance.serviceType?.toLowerCase() ?? '');
      if (instance.sslPort !== null) known.set('scheme', 'https');
    }
    for (const [name, value] of Object.entries(variables)) known.set(name, value);
    let uri = '';
    for (const part of this.parts) {
      if (!part.variable) uri += part.value;
      else {
        const value = known.get(part.value);
        if (value !== undefined && value !== null) uri += String(value);
      }
    }
    return uri;
  }

  /** The template again, variables in braces. */
  toString(): string {
    return this.parts.map((part) => (part.variable ? `{${part.value}}` : part.value)).join('');
  }

  /** The spec as Curator's JSON serializer writes it. */
  toJSON(): UriSpecJson {
    return { parts: this.parts.map((part) => ({ value: part.value, variable: part.variable })) };
  }
}
